// TEST HARNESS of the ports contract (node/ports.ts), not the node: an AlertSource over the real
// core EventBus, with an in-memory log numbered by seq, paging newest first and a stream that
// replays from Last-Event-ID before going live.
import { EventBus, type AlertEvent, type EventStream } from '../../core/index.js';
import type { AlertQuery, AlertRecord, AlertSource, AlertStreamOptions } from '../../node/index.js';

export class HarnessAlertLog implements AlertSource {
  readonly bus = new EventBus<AlertRecord>();
  readonly #log: AlertRecord[] = [];

  get lastSeq(): number {
    return this.#log.length;
  }

  /** Test hook: logs an alert event and fans it out (what the node's rule engine would do). */
  publish(event: AlertEvent): AlertRecord {
    const record = { seq: this.#log.length + 1, event };
    this.#log.push(record);
    this.bus.publish(record);
    return record;
  }

  async list(q: AlertQuery): Promise<{ alerts: AlertRecord[]; nextCursor: number | null }> {
    const limit = q.limit ?? 50;
    const hits = this.#log.filter((r) => matches(r, q) && (q.beforeSeq === undefined || r.seq < q.beforeSeq)).reverse();
    const alerts = hits.slice(0, limit);
    return { alerts, nextCursor: hits.length > limit ? alerts[alerts.length - 1].seq : null };
  }

  stream(o: AlertStreamOptions): EventStream<AlertRecord> {
    const filter = (r: AlertRecord) => matches(r, { cameras: o.cameras });
    const live = this.bus.stream({ filter, signal: o.signal, capacity: o.capacity });
    const replay = o.afterSeq === undefined ? [] : this.#log.filter((r) => r.seq > o.afterSeq! && filter(r));
    return replayThenLive(replay, live);
  }

  close(): void {
    this.bus.close();
  }
}

function matches(r: AlertRecord, q: AlertQuery): boolean {
  const a = r.event.alert;
  if (q.cameras?.length && !q.cameras.includes(a.camera)) return false;
  if (q.rules?.length && !q.rules.includes(a.ruleId)) return false;
  if (q.types?.length && !q.types.includes(a.type)) return false;
  if (q.from !== undefined && r.event.wallMs < q.from) return false;
  if (q.to !== undefined && r.event.wallMs > q.to) return false;
  return true;
}

function replayThenLive(replay: AlertRecord[], live: EventStream<AlertRecord>): EventStream<AlertRecord> {
  const lastReplayed = replay.length > 0 ? replay[replay.length - 1].seq : 0;
  let i = 0;
  const it: EventStream<AlertRecord> = {
    get dropped() { return live.dropped; },
    get buffered() { return live.buffered + replay.length - i; },
    close: () => { i = replay.length; live.close(); },
    async next(): Promise<IteratorResult<AlertRecord>> {
      if (i < replay.length) return { done: false, value: replay[i++] };
      for (;;) {
        const r = await live.next();
        if (r.done || r.value.seq > lastReplayed) return r;
      }
    },
    async return(): Promise<IteratorResult<AlertRecord>> {
      it.close();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() { return it; },
  };
  return it;
}
