// ResultSink: where each camera's analytics results go. Line crossings and congestion changes to
// the traffic log; alert events to the alert log (seq, live streams), the metrics and the webhook
// sender; object records through the bounded index queue into the store (or, without a store, as
// JPEG files in snapshotsDir); everything also as typed node events for data output.
import { join } from 'node:path';
import { toSharpeyeError, type AlertEvent, type ObjectEvent } from '../core/index.js';
import type { CongestionStatus, ObjectEventOutput } from '../analytics/index.js';
import type { BlobStore } from '../indexer/index.js';
import { saveSnapshots, withPlateCrop, type EventIndexer, type PlatedObjectOutput, type ObjectAnalyticsOutput, type WebhookSender } from '../worker/index.js';
import type { AlertLog } from './alert-log.js';
import type { AnalyticsSink, CameraPipeline } from './camera-pipeline.js';
import type { IndexQueue } from './index-queue.js';
import type { NodeMetrics } from './node-metrics.js';
import type { TrafficLog } from './traffic-log.js';
import type { SharpeyeNodeEvents } from './node-events.js';

/** One frame's object records on their way to the indexer. */
export interface IndexItem {
  readonly camera: string;
  readonly objects: readonly ObjectEventOutput[];
}

export interface ResultSinkDeps {
  alerts: AlertLog;
  traffic: TrafficLog;
  metrics: NodeMetrics;
  webhooks?: WebhookSender;
  /** With a store: the bounded hand-off to the indexer. */
  indexQueue?: IndexQueue<IndexItem>;
  /** Without a store: where final records' snapshots are written (snapshotsDir), with the folder for their paths. */
  snapshots?: { blobs: BlobStore; dir: string };
  emit: <K extends keyof SharpeyeNodeEvents>(event: K, ...args: SharpeyeNodeEvents[K]) => void;
}

export class ResultSink implements AnalyticsSink {
  constructor(private readonly d: ResultSinkDeps) {}

  async handle(camera: CameraPipeline, out: Omit<ObjectAnalyticsOutput, 'frame'>): Promise<void> {
    for (const c of out.crossings) {
      this.d.traffic.recordCrossing(c);
      this.d.emit('crossing', c);
    }
    for (const a of out.alerts) this.#alert(a);
    if (out.objects.length > 0) {
      if (this.d.indexQueue) await this.d.indexQueue.push({ camera: camera.id, objects: out.objects }, camera.policy);
      else for (const o of out.objects) this.d.emit('object', await this.#withSnapshots(o));
    }
    for (const i of out.intervals) this.d.emit('count', camera.id, i);
  }

  congestion(camera: string, wallMs: number, status: readonly CongestionStatus[]): void {
    this.d.traffic.recordCongestion(camera, wallMs, status);
  }

  error(camera: string, err: unknown): void {
    this.d.emit('failure', { camera, error: toSharpeyeError(err, 'E_INTERNAL') });
  }

  /** The index queue's worker: indexes one frame's records and reports them as stored. */
  async index(indexer: EventIndexer, item: IndexItem): Promise<void> {
    for (const e of await indexer.index(item.objects)) this.d.emit('object', e);
  }

  #alert(a: AlertEvent): void {
    const record = this.d.alerts.record(a);
    if (a.kind === 'started') this.d.metrics.alert(a.alert.camera, a.alert.type);
    this.d.webhooks?.send(a);
    this.d.emit('alert', record);
  }

  async #withSnapshots(o: PlatedObjectOutput): Promise<ObjectEvent> {
    const { snapshot } = o;
    const s = this.d.snapshots;
    if (!s || !o.event.final) return o.event;
    // Without a store the record names the files themselves.
    const event = await withPlateFile(s, o);
    if (!snapshot) return event;
    const keys = await saveSnapshots(s.blobs, event.id, snapshot);
    return { ...event, snapshot: join(s.dir, keys.snapshot), thumbnail: join(s.dir, keys.thumbnail) };
  }
}

/** The record with its plate crop saved in `s` and `plate.snapshot` naming the file (no store: paths, not keys). */
export async function withPlateFile(s: { blobs: BlobStore; dir: string }, o: PlatedObjectOutput): Promise<ObjectEvent> {
  const event = await withPlateCrop(s.blobs, o.event, o.plateCrop);
  return event.plate?.snapshot && event !== o.event ? { ...event, plate: { ...event.plate, snapshot: join(s.dir, event.plate.snapshot) } } : event;
}
