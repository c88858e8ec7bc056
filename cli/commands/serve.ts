// `sharpeye serve --config FILE`: runs every enabled camera of a config file in one process with
// one shared detector, and writes JSON lines to stdout: camera state changes, detections, periodic
// per-camera statistics and a final summary. SIGINT/SIGTERM shut it down cleanly, in stage order.
import { availableParallelism } from 'node:os';
import { EventBus, SharpeyeError, type AlertEvent } from '../../core/index.js';
import { Detector } from '../../inference/index.js';
import { cameraSecrets, cameraSourceUrl, redactSecrets } from '../../ingest/index.js';
import { CameraNode, loadServeConfig, motionGateFor, ObjectAnalytics, WebhookSender, type NodeCamera, type ServeCameraConfig, type StoreConfig } from '../../worker/index.js';
import { applyRetention } from '../../indexer/index.js';
import { openIndexing, type OpenedIndexing } from '../store-options.js';
import { ObjectOutput } from '../object-output.js';
import type { CliCommand, CliIo } from '../cli-io.js';
import { parseIntegerOption, parseOptions } from '../parse-options.js';
import { confirmedTracksToJson, detectionToJson } from '../detection-json.js';

const HELP = `usage: sharpeye serve --config FILE [--stats-interval S] [--model-dir DIR] [--config-root DIR]...

Runs every enabled camera in FILE (YAML; see README "Camera configuration") with one shared
detector. Writes JSON lines to stdout, each with a "type":
  camera       { type, id, state, framesDecoded, framesDropped, reconnects, lastError }  on every state change
  detections   { type, camera, frame, pts, latencyMs, detections: [{ label, score, box }], tracks? }
  object, alert, crossing, count   for cameras with rules or track: true, or all with a store (see README "Object events")
  retention    { type, events, blobs }  each time retention deleted old events (store.retentionHours)
  stats        { type, cameras: [...], scheduler }  every --stats-interval seconds (default 10; 0 = off)
  summary      the same, once, at shutdown
Files the config names (rulesFile, model paths, snapshotsDir, sqlite:PATH, file cameras) are
relative to its folder and must stay inside it; --config-root DIR (repeatable) allows another folder.
SIGINT or SIGTERM stops the cameras, finishes inferences in flight, prints the summary and exits 0.
`;

export const serveCommand: CliCommand = async (argv, io) => {
  const { values, positionals } = parseOptions(argv, {
    config: { type: 'string' }, 'stats-interval': { type: 'string' }, 'model-dir': { type: 'string' }, 'config-root': { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' },
  });
  if (values.help) { io.stdout.write(HELP); return 0; }
  if (!values.config || positionals.length > 0) throw new SharpeyeError('E_CONFIG_INVALID', 'usage: sharpeye serve --config FILE');
  const statsEverySeconds = parseIntegerOption('stats-interval', values['stats-interval'], 10, 0, 86_400);
  const config = await loadServeConfig(values.config, { roots: values['config-root'] });
  const cameras = config.cameras.filter((c) => c.enabled);
  if (cameras.length === 0) throw new SharpeyeError('E_CONFIG_INVALID', `${values.config}: no enabled camera`);

  const secrets = cameraSecrets(cameras);
  const emit = jsonLines(io, secrets);
  // The store opens first: a bad store spec fails before any model session or camera starts.
  const stored = config.store
    ? await openIndexing({ spec: config.store.spec, embedder: config.store.embedder ?? {}, modelDir: values['model-dir'], snapshotsDir: config.snapshotsDir, source: 'store.embedder' })
    : undefined;
  const { model, confidence, iou, classes, provider, sessions, intraOpThreads } = config.detector;
  const detector = await Detector.create({
    model, confidence, iou, classes: classes ? [...classes] : undefined, provider, intraOpThreads,
    sessions: sessions ?? availableParallelism(), modelDir: values['model-dir'],
  }).catch(async (err) => {
    await stored?.close();
    throw err;
  });
  const node = new CameraNode(detector, cameras.map((c) => nodeCamera(c)));
  node.on('camera', (s) => emit({ type: 'camera', id: s.id, state: s.state, framesDecoded: s.framesDecoded, framesDropped: s.framesDropped, reconnects: s.reconnects, lastError: s.lastError }));
  // Tracking, rules and object events per camera; alerts go on a bus that webhooks (and later the
  // API) subscribe to. Each camera's output is written in order through its own promise chain.
  const bus = new EventBus<AlertEvent>({ onError: (err) => emit({ type: 'error', code: err.code, message: err.message }) });
  const webhooks = config.webhooks.length > 0 ? new WebhookSender({ targets: config.webhooks }) : undefined;
  webhooks?.on('failed', (info) => emit({ type: 'webhook', event: 'failed', target: info.targetId, deliveryId: info.deliveryId, alertId: info.alertId, attempts: info.attempts, code: info.error.code, message: info.error.message }));
  if (webhooks) bus.subscribe((e) => { webhooks.send(e); });
  const writeLine = async (line: Record<string, unknown>) => { emit(line); };
  // With a store every camera is tracked: its objects are what the store is for.
  const analytics = new Map(cameras.filter((c) => c.track || c.rules || stored).map((c) => [c.id, {
    analytics: new ObjectAnalytics({ camera: c.id, rules: c.rules?.rules, calibration: c.rules?.calibration, snapshots: config.snapshotsDir !== undefined || stored !== undefined }),
    output: new ObjectOutput(writeLine, stored ? undefined : config.snapshotsDir, (a) => { bus.publish(a); }, stored && ((o) => stored.indexer.index(o))),
    chain: Promise.resolve(),
  }]));
  const retention = stored && config.store?.retentionHours !== undefined ? retentionLoop(stored, config.store, emit) : undefined;
  node.on('detections', (r) => {
    const a = analytics.get(r.sourceId);
    const out = a?.analytics.process(r, r.receivedAtMs ?? Date.now());
    emit({
      type: 'detections', camera: r.sourceId, frame: r.frameIndex, pts: r.ptsMs / 1000, latencyMs: r.latencyMs, detections: r.detections.map(detectionToJson),
      ...(out ? { tracks: confirmedTracksToJson(out.frame.tracks) } : {}),
    });
    if (a && out) a.chain = a.chain.then(() => a.output.emit(out)).catch((err) => { emit({ type: 'error', code: 'E_INTERNAL', message: (err as Error).message }); });
  });
  node.on('error', (err) => emit({ type: 'error', message: err.message, code: (err as SharpeyeError).code ?? 'E_INTERNAL' }));

  const stopped = waitForSignal();
  node.start();
  const timer = statsEverySeconds > 0 ? setInterval(() => emit({ type: 'stats', ...report(node), ...(stored ? { store: stored.store.health() } : {}) }), statsEverySeconds * 1000) : undefined;
  const signal = await stopped;
  clearInterval(timer);
  await node.stop(); // ingest first: decoders are stopped and reaped, in-flight inferences finish
  await detector.close();
  for (const a of analytics.values()) {
    await a.chain;
    await a.output.emit(a.analytics.flush()); // open alerts end, every object gets its final record
  }
  await webhooks?.close({ drainMs: 5000 });
  bus.close();
  await retention?.stop();
  let storeReport: Record<string, unknown> | undefined;
  if (stored) {
    await stored.store.flush();
    storeReport = { ...stored.indexer.stats, health: stored.store.health() }; // as it stood before closing
    await stored.close();
  }
  emit({ type: 'summary', stoppedBy: signal, ...report(node), ...(storeReport ? { store: storeReport } : {}) });
  return 0;
};

function nodeCamera(c: ServeCameraConfig): NodeCamera {
  return {
    decoder: { decoder: c.decoder, id: c.id, url: cameraSourceUrl(c), fps: c.fps, maxWidth: c.maxWidth, transport: c.transport, ioTimeoutMs: c.ioTimeoutMs, hwDecode: c.hwDecode },
    stallTimeoutMs: c.stallTimeoutMs,
    reconnect: c.reconnect,
    gate: motionGateFor(c.motion),
  };
}

/** Scheduled delete: once at start, then every retentionCheckSeconds. */
function retentionLoop(s: OpenedIndexing, c: StoreConfig, emit: (line: Record<string, unknown>) => void) {
  let running = Promise.resolve();
  const run = () => {
    running = running.then(async () => {
      const r = await applyRetention(s.store, s.blobs, { maxAgeMs: c.retentionHours! * 3_600_000, nowMs: Date.now() });
      if (r.events > 0) emit({ type: 'retention', events: r.events, blobs: r.blobs });
    }).catch((err) => { emit({ type: 'error', code: (err as SharpeyeError).code ?? 'E_INTERNAL', message: (err as Error).message }); });
  };
  run();
  const timer = setInterval(run, c.retentionCheckSeconds * 1000);
  return { stop: async () => { clearInterval(timer); await running; } };
}

function report(node: CameraNode) {
  return { cameras: node.stats(), scheduler: node.schedulerStats };
}

/** Writes one JSON object per line; any camera secret that slipped into a message is masked. */
function jsonLines(io: CliIo, secrets: Array<string | undefined>) {
  return (obj: Record<string, unknown>) => io.stdout.write(redactSecrets(JSON.stringify(obj), secrets) + '\n');
}

function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}
