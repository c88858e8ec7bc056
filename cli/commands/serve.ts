// `sharpeye serve --config FILE`: runs every enabled camera of a config file in one process with
// one shared detector, and writes JSON lines to stdout: camera state changes, detections, periodic
// per-camera statistics and a final summary. SIGINT/SIGTERM shut it down cleanly, in stage order.
// Start-up is all or nothing (serve-startup.ts): a fatal error exits at once, never leaving a
// process alive with no cameras that a supervisor would take for a healthy one.
import { EventBus, SharpeyeError, type AlertEvent } from '../../core/index.js';
import { cameraSecrets, cameraSourceUrl, redactSecrets } from '../../ingest/index.js';
import { CameraNode, motionGateFor, ObjectAnalytics, type NodeCamera, type ServeCameraConfig, type ServeConfig, type StoreConfig } from '../../worker/index.js';
import { applyRetention } from '../../indexer/index.js';
import { loadNodeConfig } from '../../node/index.js';
import type { OpenedIndexing } from '../store-options.js';
import { checkServeModels, closeServeResources, openServeResources, prepareServeFolders } from '../serve-startup.js';
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

Start-up checks the whole config (cameras, rules files, webhooks, store, models) before opening
anything. Exit status 2: the config or an option is invalid; 1: start-up failed on something the
config names (store, model, ...) or an unexpected error stopped the run. Either way one line on
stderr, and whatever had been opened is closed first.
`;

export const serveCommand: CliCommand = async (argv, io) => {
  const { values, positionals } = parseOptions(argv, {
    config: { type: 'string' }, 'stats-interval': { type: 'string' }, 'model-dir': { type: 'string' }, 'config-root': { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' },
  });
  if (values.help) { io.stdout.write(HELP); return 0; }
  if (!values.config || positionals.length > 0) throw new SharpeyeError('E_CONFIG_INVALID', 'usage: sharpeye serve --config FILE');
  const statsEverySeconds = parseIntegerOption('stats-interval', values['stats-interval'], 10, 0, 86_400);
  const config = await loadNodeConfig(values.config, { roots: values['config-root'] }); // the file, its rules files and webhook targets (node config model)
  const cameras = config.cameras.filter((c) => c.enabled);
  if (cameras.length === 0) throw new SharpeyeError('E_CONFIG_INVALID', `${values.config}: no enabled camera`);
  await checkServeModels(config, values['model-dir']);
  prepareServeFolders(config, values.config);
  const opened = await openServeResources(config, values['model-dir']);
  const { detector, stored, webhooks } = opened;

  const secrets = cameraSecrets(cameras);
  const emit = jsonLines(io, secrets);
  // Tracking, rules and object events per camera; alerts go on a bus that webhooks (and later the
  // API) subscribe to. Each camera's output is written in order through its own promise chain.
  const bus = new EventBus<AlertEvent>({ onError: (err) => emit({ type: 'error', code: err.code, message: err.message }) });
  let node: CameraNode;
  let analytics: ReturnType<typeof cameraAnalytics>;
  try {
    node = new CameraNode(detector, cameras.map((c) => nodeCamera(c)));
    analytics = cameraAnalytics(cameras, config, stored, emit, (a) => { bus.publish(a); });
  } catch (err) {
    bus.close();
    await closeServeResources(opened);
    throw err;
  }
  node.on('camera', (s) => emit({ type: 'camera', id: s.id, state: s.state, framesDecoded: s.framesDecoded, framesDropped: s.framesDropped, reconnects: s.reconnects, lastError: s.lastError }));
  webhooks?.on('failed', (info) => emit({ type: 'webhook', event: 'failed', target: info.targetId, deliveryId: info.deliveryId, alertId: info.alertId, attempts: info.attempts, code: info.error.code, message: info.error.message }));
  if (webhooks) bus.subscribe((e) => { webhooks.send(e); });
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

  const stopped = waitForStop(io.signal);
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

/** Tracking, rules and object output per camera; with a store every camera is tracked (its objects are what the store is for). */
function cameraAnalytics(cameras: readonly ServeCameraConfig[], config: ServeConfig, stored: OpenedIndexing | undefined, emit: (line: Record<string, unknown>) => void, publish: (a: AlertEvent) => void) {
  const writeLine = async (line: Record<string, unknown>) => { emit(line); };
  return new Map(cameras.filter((c) => c.track || c.rules || stored).map((c) => [c.id, {
    analytics: new ObjectAnalytics({ camera: c.id, rules: c.rules?.rules, calibration: c.rules?.calibration, snapshots: config.snapshotsDir !== undefined || stored !== undefined }),
    output: new ObjectOutput(writeLine, stored ? undefined : config.snapshotsDir, publish, stored && ((o) => stored.indexer.index(o))),
    chain: Promise.resolve(),
  }]));
}

function nodeCamera(c: ServeCameraConfig): NodeCamera {
  return {
    decoder: { decoder: c.decoder, id: c.id, url: cameraSourceUrl(c), fps: c.fps, maxWidth: c.maxWidth, transport: c.transport, ioTimeoutMs: c.ioTimeoutMs, hwDecode: c.hwDecode },
    stallTimeoutMs: c.stallTimeoutMs,
    reconnect: c.reconnect,
    gate: motionGateFor(c.motion),
    ...(c.tiling ? { tiling: c.tiling } : {}),
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

/** Resolves with the signal that asks serve to stop, or 'error' when `fatal` aborts (an error escaped). */
function waitForStop(fatal: AbortSignal | undefined): Promise<NodeJS.Signals | 'error'> {
  return new Promise((resolve) => {
    const done = (why: NodeJS.Signals | 'error') => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      fatal?.removeEventListener('abort', onFatal);
      resolve(why);
    };
    const onFatal = () => done('error');
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
    if (fatal?.aborted) onFatal();
    else fatal?.addEventListener('abort', onFatal, { once: true });
  });
}
