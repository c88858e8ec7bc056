// The bounded hand-off between `upsert()` and Milvus: records wait here, keyed by event id (a newer
// version of an event replaces the buffered one), while a single background flusher writes them in
// batches. When Milvus is unreachable they stay and are retried with backoff; past capacity the
// oldest are dropped and counted (policy 'drop-oldest'), or upsert waits for room ('block'). Upsert
// by primary key makes a retried batch that did land idempotent, so nothing is doubled.
import { SharpeyeError, toSharpeyeError, type Logger } from '../../core/index.js';
import type { StoreHealth } from '../event-store.js';
import type { MilvusEventRow } from './milvus-rows.js';

export interface WriteBufferOptions {
  readonly capacity: number;
  /** 'drop-oldest' (live cameras: never stall the pipeline) or 'block' (files, bulk loads: wait for room). */
  readonly overflow: 'drop-oldest' | 'block';
  readonly batchSize: number;
  /** Estimated request size past which a batch is cut (a server's gRPC receive limit; C++ default 4 MiB). */
  readonly maxBatchBytes: number;
  readonly retry: { readonly initialMs: number; readonly maxMs: number };
  readonly downAfterFailures: number;
  readonly maxRejections: number;
  /** Writes one batch; throws a SharpeyeError (E_STORE_UNREACHABLE is retried without limit). */
  readonly write: (rows: MilvusEventRow[]) => Promise<void>;
  readonly log: Logger;
  /** For logs. */
  readonly collection: string;
}

interface Entry {
  readonly row: MilvusEventRow;
  /** Acceptance order, so `drain()` can wait for "everything accepted so far" under continuous load. */
  readonly seq: number;
  readonly bytes: number;
}

/** Rough protobuf size of a row: 4 bytes a vector value, the event JSON, and the short columns. */
function estimateBytes(row: MilvusEventRow): number {
  let lists = 0;
  for (const s of row.zones) lists += s.length + 8;
  for (const s of row.rules) lists += s.length + 8;
  return row.vector.length * 4 + Buffer.byteLength(row.event) + row.id.length * 2 + row.camera.length + lists + 128;
}

export class MilvusWriteBuffer {
  private readonly rows = new Map<string, Entry>();
  private seq = 0;
  private dropped = 0;
  private failures = 0;
  private rejections = 0;
  private lastError: StoreHealth['lastError'] = null;
  private running: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private stopped = false;
  private drainWaiters: Array<() => void> = [];

  constructor(private readonly o: WriteBufferOptions) {}

  /**
   * With overflow 'block', waits until `n` more rows fit (or the buffer is empty), however long
   * Milvus takes to come back; with 'drop-oldest', returns at once.
   */
  async waitForRoom(n: number): Promise<void> {
    while (this.o.overflow === 'block' && !this.stopped && this.rows.size > 0 && this.rows.size + n > this.o.capacity) {
      this.kick();
      await new Promise<void>((resolve) => this.drainWaiters.push(resolve));
    }
  }

  /** Accepts rows (replacing buffered versions of the same ids), dropping the oldest past capacity. */
  add(rows: readonly MilvusEventRow[]): void {
    for (const row of rows) {
      this.rows.delete(row.id); // re-insert at the end: the newest version is the last to be dropped
      this.rows.set(row.id, { row, seq: ++this.seq, bytes: estimateBytes(row) });
    }
    let over = this.rows.size - this.o.capacity;
    if (over > 0) {
      const ids: string[] = [];
      for (const id of this.rows.keys()) {
        if (over-- <= 0) break;
        ids.push(id);
      }
      for (const id of ids) this.rows.delete(id);
      this.dropped += ids.length;
      this.o.log.warn({ code: 'E_STORE_OVERFLOW', droppedNow: ids.length, droppedTotal: this.dropped, capacity: this.o.capacity }, 'Milvus write buffer full; dropped the oldest records');
    }
    this.kick();
  }

  get pending(): number {
    return this.rows.size;
  }

  health(): StoreHealth {
    const state = this.failures === 0 ? 'ok' : this.failures >= this.o.downAfterFailures ? 'down' : 'degraded';
    return { state, pending: this.rows.size, dropped: this.dropped, lastError: this.lastError };
  }

  /**
   * Resolves once every record accepted before the call is written (or dropped); records added
   * meanwhile do not hold it up. Rejects, leaving them buffered, once `deadlineMs` (epoch ms) passes.
   */
  async drain(deadlineMs = Infinity): Promise<void> {
    const target = this.seq;
    const oldest = () => this.rows.values().next().value as Entry | undefined;
    while ((oldest()?.seq ?? Infinity) <= target) {
      this.kick();
      const remaining = deadlineMs - Date.now();
      if (remaining <= 0) {
        throw new SharpeyeError(this.lastError?.code === 'E_STORE_UNREACHABLE' ? 'E_STORE_UNREACHABLE' : 'E_STORE_REJECTED', `Milvus collection ${this.o.collection}: ${this.rows.size} records still buffered at the deadline${this.lastError ? ` (last error: ${this.lastError.message})` : ''}.`, {
          retryable: true,
          details: { pending: this.rows.size },
        });
      }
      await new Promise<void>((resolve) => {
        const timer = Number.isFinite(remaining) ? setTimeout(resolve, remaining) : undefined;
        this.drainWaiters.push(() => { clearTimeout(timer); resolve(); });
      });
    }
  }

  /** Stops the flusher; whatever is still buffered is dropped and counted. Returns how many. */
  async stop(): Promise<number> {
    this.stopped = true;
    this.wake?.();
    await this.running;
    const left = this.rows.size;
    if (left > 0) {
      this.dropped += left;
      this.rows.clear();
      this.o.log.error({ code: 'E_STORE_OVERFLOW', droppedNow: left }, 'Milvus store closed with records still buffered; they were dropped');
    }
    return left;
  }

  private kick(): void {
    if (!this.running && !this.stopped && this.rows.size > 0) {
      this.running = this.loop().finally(() => { this.running = null; });
    }
  }

  private async loop(): Promise<void> {
    while (!this.stopped && this.rows.size > 0) {
      const batch: Entry[] = [];
      let bytes = 0;
      for (const entry of this.rows.values()) {
        if (batch.length >= this.o.batchSize || (batch.length > 0 && bytes + entry.bytes > this.o.maxBatchBytes)) break;
        batch.push(entry);
        bytes += entry.bytes;
      }
      try {
        await this.o.write(batch.map((e) => e.row));
        // Only forget a row if it was not replaced by a newer version while the batch was in flight.
        for (const e of batch) if (this.rows.get(e.row.id) === e) this.rows.delete(e.row.id);
        this.failures = 0;
        this.rejections = 0;
        this.notifyDrain();
      } catch (err) {
        this.onFailure(batch, toSharpeyeError(err, 'E_STORE_REJECTED'));
        await this.sleep(Math.min(this.o.retry.maxMs, this.o.retry.initialMs * 2 ** Math.min(this.failures - 1, 20)));
      }
    }
    this.notifyDrain();
  }

  private onFailure(batch: readonly Entry[], err: SharpeyeError): void {
    this.failures += 1;
    this.lastError = { code: err.code, message: err.message, atMs: Date.now() };
    const fields = { code: err.code, pending: this.rows.size, failures: this.failures, err: err.message };
    // Unreachable or transient (the server says retriable, e.g. still starting): retried without limit.
    if (err.code !== 'E_STORE_UNREACHABLE' && !err.retryable && ++this.rejections >= this.o.maxRejections) {
      // A batch the server keeps refusing would block everything behind it: drop it, counted.
      let n = 0;
      for (const e of batch) if (this.rows.get(e.row.id) === e) { this.rows.delete(e.row.id); n += 1; }
      this.dropped += n;
      this.rejections = 0;
      this.o.log.error({ ...fields, droppedNow: n }, 'Milvus keeps refusing a batch; dropped it');
      this.notifyDrain();
      return;
    }
    this.o.log.warn(fields, 'Milvus write failed; records stay buffered and will be retried');
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() { clearTimeout(timer); resolve(); }
      this.wake = () => { this.wake = null; done(); };
    });
  }

  private notifyDrain(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const w of waiters) w();
  }
}
