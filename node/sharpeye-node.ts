// SharpeyeNode: the composition root. `open` checks the whole config and opens every resource all
// or nothing (webhook sender, store with its embedders, detector, alert and traffic logs); `start`
// runs the cameras; `close` stops everything in stage order. Everything a shell (CLI, HTTP API)
// may use is in `ports` (node/ports.ts) plus the typed data events (node-events.ts); no shell wires
// stages itself. Per camera: CameraNode (decoder, scheduler, shared detector) -> CameraPipeline
// (tracking, rules, object events) -> ResultSink (alert log, traffic log, webhooks, index queue).
import { EventEmitter } from 'node:events';
import { createLogger, toSharpeyeError, type AlertEvent, type Logger, type SharpeyeError } from '../core/index.js';
import { cameraSecrets, cameraSourceUrl, isFileSource, redactSecrets } from '../ingest/index.js';
import { FsBlobStore } from '../indexer/index.js';
import { CameraNode, EventIndexer, motionGateFor, type CameraStats, type ServeCameraConfig } from '../worker/index.js';
import type { NodeConfig } from './node-config.js';
import type { NodePorts } from './ports.js';
import { NodeEventExport } from './event-export.js';
import { AlertLog } from './alert-log.js';
import { CameraPipeline } from './camera-pipeline.js';
import { NodeCameraRegistry } from './camera-registry.js';
import { runtimeScope } from './camera-documents.js';
import { NodeEventSearch } from './event-search.js';
import { IndexQueue } from './index-queue.js';
import { nodeHealth } from './node-health.js';
import { NodeMetrics, secondsSince } from './node-metrics.js';
import { checkServeModels, closeServeResources, openServeResources, prepareServeFolders, type ServeResources } from './node-resources.js';
import { openRecordLog, type RecordLog } from './record-log.js';
import { ResultSink, type IndexItem } from './result-sink.js';
import { startRetentionLoop } from './retention-loop.js';
import { TrafficLog, type TrafficRecord } from './traffic-log.js';
import type { SharpeyeNodeEvents } from './node-events.js';

export interface SharpeyeNodeOptions {
  /** Where models are looked up (SHARPEYE_MODEL_DIR otherwise). */
  modelDir?: string;
  /** Folders besides the config's own that file names may reach (`--config-root`); also for file cameras added at run time. */
  roots?: readonly string[];
  /** The config file, for messages and for file cameras added at run time (resolved in its folder). */
  configPath?: string;
  /** @defaultValue createLogger() (pino, JSON on stderr) */
  logger?: Logger;
  /** Frames of object records the index queue holds. @defaultValue DEFAULT_INDEX_QUEUE_CAPACITY (64) */
  indexQueueCapacity?: number;
}

/** What `close()` reports: every camera's last counters, the scheduler's, the store's as it stood before closing. */
export interface NodeSummary {
  cameras: CameraStats[];
  scheduler: CameraNode['schedulerStats'];
  store?: Record<string, unknown>;
}

interface Logs { alerts: RecordLog<AlertEvent>; traffic: RecordLog<TrafficRecord> }

export class SharpeyeNode extends EventEmitter<SharpeyeNodeEvents> {
  readonly ports: NodePorts;
  readonly logger: Logger;
  readonly startedAtMs = Date.now();
  readonly #cameraNode: CameraNode;
  readonly #registry: NodeCameraRegistry;
  readonly #alerts: AlertLog;
  readonly #metrics: NodeMetrics;
  readonly #indexQueue: IndexQueue<IndexItem> | undefined;
  readonly #indexer: EventIndexer | undefined;
  readonly #sink: ResultSink;
  readonly #secrets = new Set<string>();
  #retention: { stop(): Promise<void> } | undefined;
  #started = false;
  #closing: Promise<NodeSummary> | undefined;

  /**
   * Checks the config's models and folders, then opens everything; when any step fails, what was
   * opened is closed again and the error is thrown (E_CONFIG_INVALID, E_MODEL_*, E_STORE_OPEN, ...).
   */
  static async open(config: NodeConfig, o: SharpeyeNodeOptions = {}): Promise<SharpeyeNode> {
    const logger = o.logger ?? createLogger();
    await checkServeModels(config, o.modelDir);
    prepareServeFolders(config, o.configPath ?? 'config');
    const scope = await runtimeScope(o.configPath, o.roots);
    const resources = await openServeResources(config, o.modelDir, logger);
    const logs: Partial<Logs> = {};
    try {
      logs.alerts = openRecordLog<AlertEvent>(config.store?.spec, 'sharpeye_alert_log');
      logs.traffic = openRecordLog<TrafficRecord>(config.store?.spec, 'sharpeye_traffic_log', 100_000);
      return new SharpeyeNode(config, resources, logs as Logs, { ...o, logger, scope });
    } catch (err) {
      logs.alerts?.close();
      logs.traffic?.close();
      await closeServeResources(resources);
      throw err;
    }
  }

  private constructor(private readonly config: NodeConfig, private readonly r: ServeResources, private readonly logs: Logs,
    o: SharpeyeNodeOptions & { logger: Logger; scope: Awaited<ReturnType<typeof runtimeScope>> }) {
    super();
    this.logger = o.logger;
    const stored = r.stored;
    this.#cameraNode = new CameraNode(r.detector, []);
    const isClosed = () => this.#closing !== undefined;
    this.#registry = new NodeCameraRegistry({
      startCamera: (c) => this.#startCamera(c), stopCamera: (id) => this.#stopCamera(id), forget: (id) => this.#metrics.forgetCamera(id),
      stats: (id) => this.#cameraNode.stats().find((s) => s.id === id), get closed() { return isClosed(); },
    }, { allowFiles: config.allowFiles, scope: o.scope });
    this.#metrics = new NodeMetrics({
      cameras: () => this.#registry.list(), schedulerDepth: () => this.#cameraNode.schedulerDepth,
      indexQueue: () => this.#indexQueue && { depth: this.#indexQueue.depth, dropped: this.#indexQueue.dropped },
      eventsIndexed: () => indexer?.stats.indexed ?? 0,
    });
    const indexer = stored && new EventIndexer(timedUpserts(stored.store, (s) => this.#metrics.storeWrite(s)), stored.embedders, stored.blobs);
    this.#indexer = indexer;
    this.#alerts = new AlertLog(logs.alerts);
    const traffic = new TrafficLog(logs.traffic);
    this.#indexQueue = indexer && new IndexQueue<IndexItem>({
      capacity: o.indexQueueCapacity,
      handle: (item) => { this.#cameraNode.wake(); return this.#sink.index(indexer, item); },
      onOverflow: (error, item) => this.#fail(error, item.camera, 'warn'),
      onError: (error, item) => this.#fail(error, item.camera),
    });
    this.#sink = new ResultSink({
      alerts: this.#alerts, traffic, metrics: this.#metrics, webhooks: r.webhooks, indexQueue: this.#indexQueue,
      snapshots: !stored && config.snapshotsDir !== undefined ? { blobs: new FsBlobStore(config.snapshotsDir), dir: config.snapshotsDir } : undefined,
      emit: (event, ...args) => { (this.emit as (e: string, ...a: unknown[]) => boolean)(event, ...args); },
    });
    this.#wireEvents();
    this.#wirePlates();
    this.#registry.load(config.cameras);
    this.ports = {
      cameras: this.#registry,
      events: new NodeEventSearch(stored, (op, s) => this.#metrics.storeSearch(op, s)),
      exports: new NodeEventExport((id) => this.#registry.get(id)?.config),
      alerts: this.#alerts,
      traffic,
      stats: { health: () => nodeHealth(this.#healthInputs()), metrics: () => this.#metrics.text(), registry: this.#metrics.registry },
    };
  }

  /** Starts the cameras (and cameras added later start at once) and the retention schedule. Idempotent. */
  start(): void {
    if (this.#started || this.#closing) return;
    this.#started = true;
    this.#cameraNode.start();
    const s = this.r.stored, c = this.config.store;
    if (s && c?.retentionHours !== undefined) {
      this.#retention = startRetentionLoop(s.store, s.blobs, {
        maxAgeHours: c.retentionHours, checkSeconds: c.retentionCheckSeconds,
        onDeleted: (res) => { this.logger.info({ events: res.events, blobs: res.blobs }, 'retention deleted old events'); this.emit('retention', res); },
        onError: (error) => this.#fail(error),
      });
    }
  }

  /** Per-camera counters and the scheduler's, with the store's health. */
  stats(): NodeSummary {
    return { cameras: this.#cameraNode.stats(), scheduler: this.#cameraNode.schedulerStats, ...(this.r.stored ? { store: { ...this.r.stored.store.health() } } : {}) };
  }

  /** Masks every camera credential this node has known in `text` (and URL credentials). */
  redact(text: string): string {
    return redactSecrets(text, [...this.#secrets]);
  }

  /**
   * Stops everything in stage order: cameras (decoders reaped, inferences in flight finish), the
   * detector, the analytics (open alerts end, objects get final records), the index queue (drained),
   * webhooks (up to 5 s to deliver), alert streams, retention, the store. Idempotent.
   */
  close(): Promise<NodeSummary> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<NodeSummary> {
    await this.#cameraNode.stop();
    await this.r.detector.close();
    for (const p of this.#registry.pipelines()) await p.close();
    await this.r.plates.close(); // after the pipelines: their final records waited for their reads
    await this.#indexQueue?.close();
    await this.r.webhooks?.close({ drainMs: 5000 });
    this.#alerts.close();
    await this.#retention?.stop();
    const summary = this.stats();
    const s = this.r.stored;
    if (s) {
      await s.store.flush();
      summary.store = { ...this.#indexer!.stats, queueDropped: this.#indexQueue?.dropped ?? 0, health: s.store.health() };
    }
    this.logs.alerts.close();
    this.logs.traffic.close();
    await s?.close();
    return summary;
  }

  #startCamera(c: ServeCameraConfig): CameraPipeline {
    for (const s of cameraSecrets([c])) this.#secrets.add(s);
    const pipeline = new CameraPipeline({
      config: c, tracked: this.r.stored !== undefined, snapshots: this.config.snapshotsDir !== undefined || this.r.stored !== undefined,
      policy: isFileSource(c.url) ? 'block' : 'drop-oldest', sink: this.#sink,
      plates: (cam, policy) => this.r.plates.camera(cam.id, cam.plates, policy),
    });
    const queue = this.#indexQueue;
    // File cameras wait while the index queue is full or their plate reads wait for a slot (nothing
    // lost); live ones go on, the queue drops records and CameraPlates skips reads (both counted).
    const ready = pipeline.policy === 'block' && (queue || c.plates.enabled) ? () => !(queue?.full ?? false) && pipeline.platesWaiting === 0 : undefined;
    this.#cameraNode.add({
      decoder: { decoder: c.decoder, id: c.id, url: cameraSourceUrl(c), fps: c.fps, maxWidth: c.maxWidth, transport: c.transport, ioTimeoutMs: c.ioTimeoutMs, hwDecode: c.hwDecode },
      stallTimeoutMs: c.stallTimeoutMs, reconnect: c.reconnect, gate: motionGateFor(c.motion),
      ...(c.tiling ? { tiling: c.tiling } : {}),
      ...(ready ? { ready } : {}),
    });
    return pipeline;
  }

  async #stopCamera(id: string): Promise<void> {
    const pipeline = this.#registry.pipeline(id);
    await this.#cameraNode.remove(id); // its runtime reports 'stopped' on the way out
    await pipeline?.close();
  }

  #wireEvents(): void {
    const n = this.#cameraNode;
    n.on('camera', (s) => {
      const err = s.lastError;
      const trouble = s.state === 'stalled' || s.state === 'reconnecting' || s.state === 'failed';
      this.logger[trouble ? 'warn' : 'info']({ camera: s.id, state: s.state, ...(err && trouble ? { code: err.code, reason: this.redact(err.message) } : {}) }, `camera ${s.id} ${s.state}`);
      this.emit('camera', s);
    });
    n.on('frame', (f) => this.#registry.pipeline(f.sourceId)?.frame(f));
    n.on('detections', (d) => {
      const pipeline = this.#registry.pipeline(d.sourceId);
      if (!pipeline) return; // a frame of a camera removed while it was in the detector
      this.#metrics.inference(d.sourceId, d.latencyMs);
      this.emit('detections', d, pipeline.detections(d));
    });
    n.on('error', (err) => this.#fail(toSharpeyeError(err, 'E_INFERENCE_RUN')));
    this.r.webhooks?.on('delivered', (info) => this.#metrics.webhookDelivered(info.targetId));
    this.r.webhooks?.on('failed', (info) => {
      this.#metrics.webhookFailed(info.targetId);
      this.logger.warn({ code: info.error.code, target: info.targetId, deliveryId: info.deliveryId, alertId: info.alertId, attempts: info.attempts }, info.error.message);
      this.emit('webhookFailed', info);
    });
  }

  #wirePlates(): void {
    const plates = this.r.plates;
    plates.on('read', (camera, seconds, found) => this.#metrics.plateRead(camera, seconds, found));
    plates.on('dropped', (camera) => this.#metrics.plateReadDropped(camera));
    plates.on('failed', (camera, error) => { this.#metrics.plateReadFailed(camera); this.#fail(error, camera, 'warn'); });
    plates.on('slotFree', () => this.#cameraNode.wake());
  }

  #fail(error: SharpeyeError, camera?: string, level: 'warn' | 'error' = 'error'): void {
    this.logger[level]({ ...(camera ? { camera } : {}), code: error.code }, this.redact(error.message));
    this.emit('failure', { ...(camera ? { camera } : {}), error });
  }

  #healthInputs() {
    return {
      closed: this.#closing !== undefined, startedAtMs: this.startedAtMs,
      store: this.r.stored ? { ...this.r.stored.store.health(), kind: this.r.stored.store.kind } : null,
      detector: { model: this.r.detector.info.model, provider: this.config.detector.provider },
      cameras: this.#registry.list().map((v) => ({ id: v.id, state: v.status.state })),
    };
  }
}

/** The store with its upserts timed (the store write latency histogram). */
function timedUpserts<S extends { upsert(r: never): Promise<void> }>(store: S, observe: (seconds: number) => void): S {
  return new Proxy(store, {
    get(target, prop) {
      const v = Reflect.get(target, prop, target) as unknown;
      if (prop === 'upsert') {
        return async (records: never) => {
          const start = process.hrtime.bigint();
          try { return await target.upsert(records); } finally { observe(secondsSince(start)); }
        };
      }
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
