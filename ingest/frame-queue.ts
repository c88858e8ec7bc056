// The bounded hand-off between a decoder process and the consumer of its frames. 'block' asks the
// producer to pause when full (backpressure: files lose nothing); 'drop-oldest' keeps the newest
// frames and counts what it dropped (live cameras: latency stays bounded).

export type OverflowPolicy = 'block' | 'drop-oldest';

export interface FrameQueueOptions {
  /** Items held before the overflow policy applies; at least 1. */
  capacity: number;
  overflow: OverflowPolicy;
  /** 'block' only: the queue just became full; stop producing. */
  onFull?: () => void;
  /** 'block' only: the queue has room again after `onFull`; resume producing. */
  onSpace?: () => void;
}

interface Waiter<T> { resolve(item: T | undefined): void; reject(err: Error): void }

export class FrameQueue<T> {
  #items: T[] = [];
  #waiters: Waiter<T>[] = [];
  #done = false;
  #error: Error | undefined;
  #discardedWithError = false;
  #full = false;
  #dropped = 0;

  constructor(private readonly options: FrameQueueOptions) {}

  /** Items dropped by 'drop-oldest' so far. */
  get dropped(): number {
    return this.#dropped;
  }

  get length(): number {
    return this.#items.length;
  }

  push(item: T): void {
    if (this.#done) return;
    const waiter = this.#waiters.shift();
    if (waiter) return waiter.resolve(item);
    const capacity = Math.max(1, this.options.capacity);
    if (this.options.overflow === 'drop-oldest') {
      while (this.#items.length >= capacity) {
        this.#items.shift();
        this.#dropped++;
      }
    }
    // 'block' can still take an item past capacity: a producer mid-chunk finishes that chunk.
    this.#items.push(item);
    if (this.options.overflow === 'block' && !this.#full && this.#items.length >= capacity) {
      this.#full = true;
      this.options.onFull?.();
    }
  }

  /** The next item; undefined once the queue has ended and is empty. Rejects with the end error after the queued items. */
  next(): Promise<T | undefined> {
    if (this.#items.length > 0) {
      const item = this.#items.shift()!;
      this.#maybeResume();
      return Promise.resolve(item);
    }
    if (this.#done) return this.#error ? Promise.reject(this.#error) : Promise.resolve(undefined);
    return new Promise<T | undefined>((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  /** No more items will come; the consumer gets what is queued, then `error` (or the end). First call wins. */
  end(error?: Error): void {
    if (this.#done) return;
    this.#done = true;
    this.#error = error;
    this.#settleWaiters();
  }

  /** Drops what is queued and ends now. An error here (cancellation) replaces a pending end error once. */
  discard(error?: Error): void {
    this.#items.length = 0;
    if (error && !this.#discardedWithError) {
      this.#error = error;
      this.#discardedWithError = true;
    }
    this.#done = true;
    this.#settleWaiters();
  }

  #maybeResume(): void {
    if (this.#full && this.#items.length < Math.max(1, this.options.capacity)) {
      this.#full = false;
      this.options.onSpace?.();
    }
  }

  #settleWaiters(): void {
    for (const w of this.#waiters.splice(0)) {
      if (this.#error) w.reject(this.#error);
      else w.resolve(undefined);
    }
  }
}
