// AlertLog: the node's AlertSource. Every alert event gets the next `seq` and is written to the
// log (a table beside a SQLite store, else a memory ring: see record-log.ts), then published on a
// bus for live readers (SSE). A stream replays logged records after a seq, then goes live, so a
// reader that reconnects with Last-Event-ID misses nothing that is still logged.
import { EventBus, type AlertEvent, type EventStream } from '../core/index.js';
import type { AlertQuery, AlertRecord, AlertSource, AlertStreamOptions } from './ports.js';
import type { RecordLog } from './record-log.js';

const DEFAULT_PAGE = 50, MAX_PAGE = 1000, DEFAULT_STREAM_CAPACITY = 256;

export class AlertLog implements AlertSource {
  readonly #bus = new EventBus<AlertRecord>();

  constructor(private readonly log: RecordLog<AlertEvent>) {}

  get lastSeq(): number {
    return this.log.lastSeq;
  }

  /** Live readers: streams open now, and events dropped by slow ones. */
  get busStats() {
    return this.#bus.stats;
  }

  /** Logs one alert event and hands it to live readers; returns it with its seq. */
  record(event: AlertEvent): AlertRecord {
    const seq = this.log.append(event.wallMs, event.alert.camera, event.alert.ruleId, event.alert.type, event);
    const record = { seq, event };
    this.#bus.publish(record);
    return record;
  }

  /** Newest first; `limit` is clamped to 1..1000 (default 50). */
  async list(q: AlertQuery): Promise<{ alerts: AlertRecord[]; nextCursor: number | null }> {
    const limit = Math.min(MAX_PAGE, Math.max(1, Math.floor(q.limit ?? DEFAULT_PAGE)));
    const rows = this.log.query({ cameras: q.cameras, key1: q.rules, key2: q.types, from: q.from, to: q.to, beforeSeq: q.beforeSeq, order: 'desc', limit: limit + 1 });
    const alerts = rows.slice(0, limit).map((r) => ({ seq: r.seq, event: r.record }));
    return { alerts, nextCursor: rows.length > limit ? alerts[alerts.length - 1].seq : null };
  }

  /**
   * Logged records with seq > `afterSeq` (at most the newest `capacity` of them; older ones count as
   * dropped), then live ones. Subscribing and reading the log happen in one synchronous step, so no
   * record is missed or repeated between replay and live.
   */
  stream(o: AlertStreamOptions): EventStream<AlertRecord> {
    const capacity = Math.max(1, Math.floor(o.capacity ?? DEFAULT_STREAM_CAPACITY));
    const cameras = o.cameras && o.cameras.length > 0 ? new Set(o.cameras) : undefined;
    const live = this.#bus.stream({ capacity, signal: o.signal, ...(cameras ? { filter: (r: AlertRecord) => cameras.has(r.event.alert.camera) } : {}) });
    if (o.afterSeq === undefined || o.afterSeq >= this.log.lastSeq) return live;
    const rows = this.log.query({ cameras: o.cameras, afterSeq: o.afterSeq, order: 'desc', limit: capacity + 1 });
    const skipped = rows.length > capacity ? this.log.query({ cameras: o.cameras, afterSeq: o.afterSeq, beforeSeq: rows[capacity - 1].seq, order: 'asc' }).length : 0;
    const stream = new ReplayStream(rows.slice(0, capacity).reverse().map((r) => ({ seq: r.seq, event: r.record })), skipped, live);
    o.signal?.addEventListener('abort', () => stream.close(), { once: true }); // the replayed part ends too
    return stream;
  }

  /** Ends every live stream (they yield what they hold first). Idempotent. */
  close(): void {
    this.#bus.close();
  }
}

/** Replayed records first, then the live stream. */
class ReplayStream<T> implements EventStream<T> {
  constructor(private readonly replay: T[], private readonly skipped: number, private readonly live: EventStream<T>) {}

  get dropped(): number {
    return this.skipped + this.live.dropped;
  }

  get buffered(): number {
    return this.replay.length + this.live.buffered;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.replay.length > 0) return Promise.resolve({ value: this.replay.shift()!, done: false });
    return this.live.next();
  }

  return(): Promise<IteratorResult<T>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): EventStream<T> {
    return this;
  }

  close(): void {
    this.replay.length = 0;
    this.live.close();
  }
}
