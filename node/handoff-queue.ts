// A bounded hand-off between two async stages (here: analytics -> indexer/output in a footage run).
// 'block' makes the producer wait for room, so a file loses nothing and memory stays bounded;
// 'drop-oldest' never waits and counts what it dropped (live cameras). Frigate's capture queue and
// BullMQ's bounded queues are the models: a capacity, a declared policy and a drop counter.
// (A minimal queue for the footage run; node/index-queue.ts for live cameras may replace it.)
import { SharpeyeError } from '../core/index.js';
import type { OverflowPolicy } from '../ingest/index.js';

export interface HandoffQueueOptions {
  /** Items held before the overflow policy applies; an integer >= 1. */
  readonly capacity: number;
  /** @defaultValue 'block' */
  readonly overflow?: OverflowPolicy;
}

export interface HandoffQueueStats {
  readonly capacity: number;
  readonly overflow: OverflowPolicy;
  /** Items waiting now. */
  readonly depth: number;
  /** The most items that ever waited at once (never above capacity). */
  readonly maxDepth: number;
  /** Items accepted by `put`. */
  readonly accepted: number;
  /** Items dropped by 'drop-oldest' (always 0 under 'block'). */
  readonly dropped: number;
}

export class HandoffQueue<T> {
  readonly #capacity: number;
  readonly #overflow: OverflowPolicy;
  #items: T[] = [];
  #taker: ((item: T | undefined) => void) | undefined;
  #room: (() => void) | undefined;
  #ended = false;
  #maxDepth = 0;
  #accepted = 0;
  #dropped = 0;

  constructor(o: HandoffQueueOptions) {
    if (!Number.isInteger(o.capacity) || o.capacity < 1) throw new SharpeyeError('E_CONFIG_INVALID', `queue capacity must be an integer >= 1, got ${o.capacity}`);
    this.#capacity = o.capacity;
    this.#overflow = o.overflow ?? 'block';
  }

  get stats(): HandoffQueueStats {
    return { capacity: this.#capacity, overflow: this.#overflow, depth: this.#items.length, maxDepth: this.#maxDepth, accepted: this.#accepted, dropped: this.#dropped };
  }

  /** True once `end` or `discard` was called: `put` accepts nothing more. */
  get ended(): boolean {
    return this.#ended;
  }

  /**
   * Queues `item` for the one consumer. Under 'block' it resolves once the item fits (at once while
   * below capacity); under 'drop-oldest' at once, dropping the oldest items to make room. After
   * `end`/`discard` the item is ignored (check `ended`). One producer at a time.
   */
  async put(item: T): Promise<void> {
    if (this.#ended) return;
    this.#accepted++;
    if (this.#taker) {
      const take = this.#taker;
      this.#taker = undefined;
      return take(item);
    }
    if (this.#overflow === 'block') {
      while (this.#items.length >= this.#capacity && !this.#ended) await new Promise<void>((resolve) => { this.#room = resolve; });
      if (this.#ended) return;
    } else {
      while (this.#items.length >= this.#capacity) { this.#items.shift(); this.#dropped++; }
    }
    this.#items.push(item);
    this.#maxDepth = Math.max(this.#maxDepth, this.#items.length);
  }

  /** The next item in order; undefined once the queue has ended and is empty. One consumer at a time. */
  next(): Promise<T | undefined> {
    if (this.#items.length > 0) {
      const item = this.#items.shift()!;
      this.#wakeProducer();
      return Promise.resolve(item);
    }
    if (this.#ended) return Promise.resolve(undefined);
    return new Promise((resolve) => { this.#taker = resolve; });
  }

  /** No more items: the consumer gets what is queued, then undefined. */
  end(): void {
    this.#ended = true;
    this.#taker?.(undefined);
    this.#taker = undefined;
    this.#wakeProducer();
  }

  /** Ends now and drops what is queued (the consumer failed or the run was cancelled); a waiting producer returns. */
  discard(): void {
    this.#items.length = 0;
    this.end();
  }

  #wakeProducer(): void {
    const room = this.#room;
    this.#room = undefined;
    room?.();
  }
}
