// An AlertSource over real parts for every API test harness (api-ports.ts, api-live-ports.ts): the
// core EventBus for live fan-out and an in-memory, bounded log with sequence numbers for paging and
// Last-Event-ID replay. A harness of the ports contract (node/ports.ts AlertSource), not the
// node's own implementation.
import { EventBus, SharpeyeError, type AlertEvent, type EventStream } from '../../core/index.js';
import type { AlertQuery, AlertRecord, AlertSource, AlertStreamOptions } from '../../node/index.js';

export class InMemoryAlertSource implements AlertSource {
  readonly bus = new EventBus<AlertRecord>();
  readonly #log: AlertRecord[] = [];
  #lastSeq = 0;

  /** @param logCapacity records kept for list and replay; the oldest go first. */
  constructor(private readonly logCapacity = 10_000) {}

  get lastSeq(): number {
    return this.#lastSeq;
  }

  /** Logs `event` with the next seq and hands it to every live stream. */
  publish(event: AlertEvent): AlertRecord {
    const record: AlertRecord = { seq: ++this.#lastSeq, event };
    this.#log.push(record);
    if (this.#log.length > this.logCapacity) this.#log.shift();
    this.bus.publish(record);
    return record;
  }

  async list(q: AlertQuery): Promise<{ alerts: AlertRecord[]; nextCursor: number | null }> {
    const limit = q.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new SharpeyeError('E_API_BAD_REQUEST', `limit must be 1..1000, got ${limit}`);
    const matching = this.#log.filter((r) => (q.beforeSeq === undefined || r.seq < q.beforeSeq) && matches(r, q)).reverse();
    const alerts = matching.slice(0, limit);
    return { alerts, nextCursor: matching.length > limit ? alerts[alerts.length - 1].seq : null };
  }

  stream(o: AlertStreamOptions): EventStream<AlertRecord> {
    const cameras = o.cameras && o.cameras.length > 0 ? o.cameras : undefined;
    const filter = cameras ? (r: AlertRecord) => cameras.includes(r.event.alert.camera) : undefined;
    // Live first, then the replay snapshot: publish is synchronous, so nothing falls between them.
    const live = this.bus.stream({ filter, signal: o.signal, capacity: o.capacity });
    const replay = o.afterSeq === undefined ? [] : this.#log.filter((r) => r.seq > o.afterSeq! && (!filter || filter(r)));
    const stream = new ReplayThenLiveStream(replay, live);
    o.signal?.addEventListener('abort', () => stream.close(), { once: true });
    return stream;
  }

  close(): void {
    this.bus.close();
  }
}

function matches(r: AlertRecord, q: AlertQuery): boolean {
  const a = r.event.alert;
  if (q.from !== undefined && r.event.wallMs < q.from) return false;
  if (q.to !== undefined && r.event.wallMs > q.to) return false;
  if (q.cameras?.length && !q.cameras.includes(a.camera)) return false;
  if (q.rules?.length && !q.rules.includes(a.ruleId)) return false;
  if (q.types?.length && !q.types.includes(a.type)) return false;
  return true;
}

/** The logged records after a client's last id, then the live stream. */
class ReplayThenLiveStream implements EventStream<AlertRecord> {
  constructor(private readonly replay: AlertRecord[], private readonly live: EventStream<AlertRecord>) {}

  get dropped(): number {
    return this.live.dropped;
  }

  get buffered(): number {
    return this.replay.length + this.live.buffered;
  }

  next(): Promise<IteratorResult<AlertRecord>> {
    const record = this.replay.shift();
    if (record) return Promise.resolve({ value: record, done: false });
    return this.live.next();
  }

  return(): Promise<IteratorResult<AlertRecord>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): EventStream<AlertRecord> {
    return this;
  }

  close(): void {
    this.replay.length = 0;
    this.live.close();
  }
}

let made = 0;

/** A plausible alert event; `camera`, `type`, `ruleId`, `wallMs` and `details` pinned as a test needs. */
export function makeAlertEvent(o: { camera?: string; type?: AlertEvent['alert']['type']; ruleId?: string; wallMs?: number; details?: Record<string, number | string | boolean> } = {}): AlertEvent {
  const n = ++made;
  const wallMs = o.wallMs ?? 1767225600000 + n * 1000;
  const camera = o.camera ?? 'cam-gate';
  const ruleId = o.ruleId ?? 'r-intrusion';
  return {
    kind: 'started', frameIndex: n, ptsMs: n * 40, wallMs,
    alert: {
      id: `${ruleId}:${camera}:${n * 40}:${n}`, ruleId, type: o.type ?? 'zone_intrusion', severity: 'warning', camera,
      startedPtsMs: n * 40, startedWallMs: wallMs, objects: [n], labels: ['person'], zone: 'z-north', details: o.details ?? { count: 1 },
    },
  };
}
