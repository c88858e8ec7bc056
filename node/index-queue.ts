// IndexQueue: the bounded hand-off from the cameras' analytics to the indexer (embedding, snapshot
// JPEGs, store upserts). One worker drains it in order, so each camera's records reach the store in
// the order they were made. Each item carries its producer's overflow policy (habit 2 of
// STYLE.md, Frigate's bounded capture queue): 'drop-oldest' for live cameras (the oldest live item
// goes and is counted, latency stays bounded), 'block' for file cameras (the producer waits for room
// and nothing is lost). Items hold crops, so the capacity bounds memory too.
import { SharpeyeError, toSharpeyeError } from '../core/index.js';

/** 'drop-oldest': live sources; 'block': files (the producer waits). Same names as ingest's FrameQueue. */
export type IndexOverflowPolicy = 'drop-oldest' | 'block';

/** Items (one frame's object records each) the queue holds when the config names no capacity. */
export const DEFAULT_INDEX_QUEUE_CAPACITY = 64;

export interface IndexQueueOptions<T> {
  /** Items held before the overflow policy applies; at least 1. @defaultValue DEFAULT_INDEX_QUEUE_CAPACITY */
  capacity?: number;
  /** Does the work for one item; a rejection is reported through `onError` and the queue goes on. */
  handle: (item: T) => Promise<void>;
  /** Once per burst of drops (the first drop after the queue was last empty): E_INDEX_QUEUE_OVERFLOW. */
  onOverflow?: (error: SharpeyeError, item: T) => void;
  /** Told of every dropped item (for metrics). */
  onDrop?: (item: T) => void;
  onError?: (error: SharpeyeError, item: T) => void;
}

/** A snapshot of the queue's counters (a footage run reports it; metrics read depth and dropped). */
export interface IndexQueueStats {
  readonly capacity: number;
  /** Items waiting now (not counting the one being handled). */
  readonly depth: number;
  /** The most items that ever waited at once (never above capacity). */
  readonly maxDepth: number;
  /** Items `push` queued (an incoming live item dropped at once is not counted). */
  readonly accepted: number;
  /** Items dropped by 'drop-oldest' (always 0 when every push is 'block'). */
  readonly dropped: number;
  /** Items handled, successfully or not. */
  readonly handled: number;
}

interface Entry<T> { item: T; policy: IndexOverflowPolicy }

export class IndexQueue<T> {
  readonly capacity: number;
  readonly #items: Array<Entry<T>> = [];
  readonly #spaceWaiters: Array<() => void> = [];
  readonly #idleWaiters: Array<() => void> = [];
  #working = false;
  #closed = false;
  #dropped = 0;
  #handled = 0;
  #accepted = 0;
  #maxDepth = 0;
  #inBurst = false;

  constructor(private readonly options: IndexQueueOptions<T>) {
    this.capacity = Math.max(1, Math.floor(options.capacity ?? DEFAULT_INDEX_QUEUE_CAPACITY));
  }

  /** Items waiting (not counting the one being handled). */
  get depth(): number {
    return this.#items.length;
  }

  /** Items dropped by 'drop-oldest' so far. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Items handled (successfully or not). */
  get handled(): number {
    return this.#handled;
  }

  get stats(): IndexQueueStats {
    return { capacity: this.capacity, depth: this.#items.length, maxDepth: this.#maxDepth, accepted: this.#accepted, dropped: this.#dropped, handled: this.#handled };
  }

  /** True when a 'block' push would wait now. */
  get full(): boolean {
    return this.#items.length >= this.capacity;
  }

  /**
   * Queues `item`. 'block' resolves once it is queued (waiting for room while full); 'drop-oldest'
   * resolves at once, dropping the oldest 'drop-oldest' item when full (or `item` itself when every
   * queued item is a blocking one). Throws E_NODE_CLOSED after `close()`.
   */
  async push(item: T, policy: IndexOverflowPolicy): Promise<void> {
    if (this.#closed) throw new SharpeyeError('E_NODE_CLOSED', 'the index queue is closed; nothing more is indexed');
    if (policy === 'block') {
      while (this.full && !this.#closed) await new Promise<void>((resolve) => this.#spaceWaiters.push(resolve));
    } else if (this.full) {
      const oldest = this.#items.findIndex((e) => e.policy === 'drop-oldest');
      if (oldest < 0) return this.#drop(item);
      this.#drop(this.#items.splice(oldest, 1)[0].item);
    }
    this.#items.push({ item, policy });
    this.#accepted++;
    if (!this.#working) void this.#work(); // takes the item at once when idle
    this.#maxDepth = Math.max(this.#maxDepth, this.#items.length);
  }

  /** Resolves when every item queued so far has been handled. */
  drain(): Promise<void> {
    if (!this.#working && this.#items.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Refuses new items, then handles what is queued. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.drain();
    for (const w of this.#spaceWaiters.splice(0)) w();
  }

  #drop(item: T): void {
    this.#dropped++;
    this.options.onDrop?.(item);
    if (this.#inBurst) return;
    this.#inBurst = true;
    this.options.onOverflow?.(new SharpeyeError('E_INDEX_QUEUE_OVERFLOW',
      `the index queue is full (${this.capacity} items): the indexer falls behind the live cameras and the oldest object records are dropped (counted in sharpeye_index_queue_dropped_total); give the store or the embedder more capacity, or fewer cameras`,
    ), item);
  }

  async #work(): Promise<void> {
    this.#working = true;
    for (let entry = this.#items.shift(); entry; entry = this.#items.shift()) {
      this.#spaceWaiters.shift()?.();
      try {
        await this.options.handle(entry.item);
      } catch (err) {
        this.options.onError?.(toSharpeyeError(err, 'E_INTERNAL'), entry.item);
      }
      this.#handled++;
    }
    this.#working = false;
    this.#inBurst = false; // the queue ran empty: the next drop starts a new burst
    for (const w of this.#idleWaiters.splice(0)) w();
  }
}
