// The node's Prometheus metrics (prom-client), one registry per node so two nodes in one process
// (tests) never share counters. Live figures (camera counters, queue depths) are read from their
// owners at scrape time; latencies and event counts are observed as they happen. Names follow the
// Prometheus conventions: `sharpeye_` prefix, base units (seconds), `_total` for counters.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CameraStatusView } from './ports.js';

/** What the metrics read at scrape time. */
export interface MetricSources {
  cameras(): ReadonlyArray<{ readonly id: string; readonly status: CameraStatusView }>;
  /** Frames admitted and waiting for the detector. */
  schedulerDepth(): number;
  indexQueue(): { depth: number; dropped: number } | undefined;
  eventsIndexed(): number;
}

export const CAMERA_STATES: ReadonlyArray<CameraStatusView['state']> = ['starting', 'running', 'stalled', 'reconnecting', 'failed', 'stopped', 'disabled'];

/** Latency buckets in seconds: 5 ms .. 10 s (inference on CPU sits around 20-200 ms). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** A counter whose value lives elsewhere (a camera's frame count): set from `read` at scrape time. */
function mirroredCounter(registry: Registry, name: string, help: string, labelNames: string[], read: () => Array<[Record<string, string>, number]>) {
  return new Counter({
    name, help, labelNames, registers: [registry],
    collect() { this.reset(); for (const [labels, v] of read()) this.inc(labels, v); },
  });
}

export class NodeMetrics {
  readonly registry = new Registry();
  readonly #inference: Histogram;
  readonly #alerts: Counter;
  readonly #webhooks: Counter;
  readonly #webhookFailures: Counter;
  readonly #storeWrite: Histogram;
  readonly #storeSearch: Histogram;
  readonly #alertTypes = new Set<string>();
  readonly #plateReads: Counter;
  readonly #plateReadSeconds: Histogram;
  readonly #plateReadsDropped: Counter;
  readonly #plateReadsFailed: Counter;

  constructor(sources: MetricSources) {
    const r = this.registry;
    collectDefaultMetrics({ register: r, prefix: 'sharpeye_' });
    const cams = () => sources.cameras();
    new Gauge({ name: 'sharpeye_camera_input_fps', help: 'Frames per second arriving from the camera decoder (last 5 s)', labelNames: ['camera'], registers: [r],
      collect() { this.reset(); for (const c of cams()) this.set({ camera: c.id }, c.status.inputFps); } });
    mirroredCounter(r, 'sharpeye_camera_frames_decoded_total', 'Frames decoded per camera', ['camera'], () => cams().map((c) => [{ camera: c.id }, c.status.framesDecoded]));
    mirroredCounter(r, 'sharpeye_camera_frames_dropped_total', 'Frames replaced by a newer one before the detector took them', ['camera'], () => cams().map((c) => [{ camera: c.id }, c.status.framesDropped]));
    mirroredCounter(r, 'sharpeye_camera_reconnects_total', 'Decoder reconnects per camera', ['camera'], () => cams().map((c) => [{ camera: c.id }, c.status.reconnects]));
    mirroredCounter(r, 'sharpeye_camera_inferences_total', 'Frames detected per camera', ['camera'], () => cams().map((c) => [{ camera: c.id }, c.status.inferences]));
    new Gauge({ name: 'sharpeye_camera_state', help: 'Camera state: 1 for the current state, 0 for the others', labelNames: ['camera', 'state'], registers: [r],
      collect() { this.reset(); for (const c of cams()) for (const s of CAMERA_STATES) this.set({ camera: c.id, state: s }, c.status.state === s ? 1 : 0); } });
    new Gauge({ name: 'sharpeye_queue_depth', help: 'Items waiting in a hand-off queue (scheduler: frames waiting for the detector; index: frames of object records waiting for the indexer)', labelNames: ['queue'], registers: [r],
      collect() { this.reset(); this.set({ queue: 'scheduler' }, sources.schedulerDepth()); const q = sources.indexQueue(); if (q) this.set({ queue: 'index' }, q.depth); } });
    mirroredCounter(r, 'sharpeye_index_queue_dropped_total', 'Frames of object records dropped by the full index queue (live cameras, drop-oldest)', [], () => [[{}, sources.indexQueue()?.dropped ?? 0]]);
    mirroredCounter(r, 'sharpeye_events_indexed_total', 'Object event records written to the event store', [], () => [[{}, sources.eventsIndexed()]]);
    this.#inference = new Histogram({ name: 'sharpeye_inference_latency_seconds', help: 'From a frame leaving the decoder to its detections', labelNames: ['camera'], buckets: LATENCY_BUCKETS, registers: [r] });
    this.#alerts = new Counter({ name: 'sharpeye_alerts_total', help: 'Alerts raised (started)', labelNames: ['camera', 'type'], registers: [r] });
    this.#webhooks = new Counter({ name: 'sharpeye_webhook_deliveries_total', help: 'Webhook deliveries accepted by the receiver', labelNames: ['target'], registers: [r] });
    this.#webhookFailures = new Counter({ name: 'sharpeye_webhook_failures_total', help: 'Webhook deliveries given up (after retries, or refused)', labelNames: ['target'], registers: [r] });
    this.#storeWrite = new Histogram({ name: 'sharpeye_store_write_seconds', help: 'Event store upsert latency (one call per frame of object records)', buckets: LATENCY_BUCKETS, registers: [r] });
    this.#plateReads = new Counter({ name: 'sharpeye_plate_reads_total', help: 'Licence plate reads of vehicle tracks, by whether a plate was found', labelNames: ['camera', 'found'], registers: [r] });
    this.#plateReadSeconds = new Histogram({ name: 'sharpeye_plate_read_seconds', help: 'One plate read (plate detector and recogniser on a vehicle box), waiting for a slot excluded', labelNames: ['camera'], buckets: LATENCY_BUCKETS, registers: [r] });
    this.#plateReadsDropped = new Counter({ name: 'sharpeye_plate_reads_dropped_total', help: 'Plate reads a live camera skipped because every read slot of the node was busy', labelNames: ['camera'], registers: [r] });
    this.#plateReadsFailed = new Counter({ name: 'sharpeye_plate_reads_failed_total', help: 'Plate reads that failed (the track has one read fewer)', labelNames: ['camera'], registers: [r] });
    this.#storeSearch = new Histogram({ name: 'sharpeye_store_search_seconds', help: 'Event store read latency by operation', labelNames: ['op'], buckets: LATENCY_BUCKETS, registers: [r] });
  }

  /** Drops the labels of a removed camera from the observed metrics (the mirrored ones follow at the next scrape). */
  forgetCamera(camera: string): void {
    this.#inference.remove({ camera });
    this.#plateReadSeconds.remove({ camera });
    this.#plateReadsDropped.remove({ camera });
    this.#plateReadsFailed.remove({ camera });
    for (const found of ['true', 'false']) this.#plateReads.remove({ camera, found });
    for (const type of this.#alertTypes) this.#alerts.remove({ camera, type });
  }

  inference(camera: string, latencyMs: number): void { this.#inference.observe({ camera }, latencyMs / 1000); }
  alert(camera: string, type: string): void { this.#alertTypes.add(type); this.#alerts.inc({ camera, type }); }
  webhookDelivered(target: string): void { this.#webhooks.inc({ target }); }
  webhookFailed(target: string): void { this.#webhookFailures.inc({ target }); }
  plateRead(camera: string, seconds: number, plates: number): void {
    this.#plateReads.inc({ camera, found: plates > 0 ? 'true' : 'false' });
    this.#plateReadSeconds.observe({ camera }, seconds);
  }
  plateReadDropped(camera: string): void { this.#plateReadsDropped.inc({ camera }); }
  plateReadFailed(camera: string): void { this.#plateReadsFailed.inc({ camera }); }
  storeWrite(seconds: number): void { this.#storeWrite.observe(seconds); }
  storeSearch(op: string, seconds: number): void { this.#storeSearch.observe({ op }, seconds); }

  async text(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }
}

/** Seconds since `startNs` (from process.hrtime.bigint()). */
export function secondsSince(startNs: bigint): number {
  return Number(process.hrtime.bigint() - startNs) / 1e9;
}
