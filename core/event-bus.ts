// EventBus: in-process fan-out of one kind of event (alert events first) from the stage that raises
// it to whoever listens: webhooks, the API's SSE streams. Publishing never waits on a subscriber:
// listeners run synchronously and their failures are reported, not thrown; slow consumers read
// through a bounded stream that drops its oldest events and counts them.
import { SharpeyeError } from './errors.js';

/** A synchronous listener; what it returns is ignored, except that a promise is watched for rejection (never awaited). */
export type BusListener<T> = (event: T) => unknown;

export interface EventBusOptions<T> {
  /**
   * Told when a listener or filter throws (or a listener's promise rejects); the other subscribers
   * still get the event. The error is `E_INTERNAL` with the original as `cause`.
   * @defaultValue none: failures are only counted in `stats.listenerErrors`
   */
  onError?: (error: SharpeyeError, event: T) => void;
  /** Buffer size of a stream that does not name its own `capacity`. @defaultValue 256 */
  streamCapacity?: number;
}

export interface SubscribeOptions<T> {
  /** Only events for which this returns true are delivered. @defaultValue every event */
  filter?: (event: T) => boolean;
}

export interface StreamOptions<T> extends SubscribeOptions<T> {
  /** Ends the stream (buffered events discarded) when aborted, e.g. when an SSE client goes away. */
  signal?: AbortSignal;
  /** Events buffered for a slow reader; past it the oldest is dropped and counted. @defaultValue the bus's streamCapacity */
  capacity?: number;
}

/** A bounded, drop-oldest view of the bus for one reader. Ends on `close()`, its signal, or the bus closing. */
export interface EventStream<T> extends AsyncIterableIterator<T> {
  /** Events this stream dropped because its reader fell `capacity` events behind. */
  readonly dropped: number;
  /** Events waiting to be read. */
  readonly buffered: number;
  /** Stops receiving and ends the iteration now; buffered events are discarded. Idempotent. */
  close(): void;
}

export interface EventBusStats {
  published: number;
  /** Listeners and streams currently subscribed. */
  subscribers: number;
  listenerErrors: number;
  /** Events dropped by slow streams, all streams together. */
  dropped: number;
}

/** What a subscriber is to the bus: a filter and somewhere to put the event. */
interface Subscription<T> {
  readonly filter?: (event: T) => boolean;
  deliver(event: T): unknown;
  /** The bus is closing: streams finish their buffer, then end. */
  end(): void;
}

export class EventBus<T> {
  readonly #subs = new Set<Subscription<T>>();
  readonly #options: EventBusOptions<T>;
  #closed = false;
  #published = 0;
  #listenerErrors = 0;
  #dropped = 0;

  constructor(options: EventBusOptions<T> = {}) {
    this.#options = options;
  }

  get stats(): EventBusStats {
    return { published: this.#published, subscribers: this.#subs.size, listenerErrors: this.#listenerErrors, dropped: this.#dropped };
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Hands `event` to every matching subscriber now; returns how many took it. A no-op (0) once closed. */
  publish(event: T): number {
    if (this.#closed) return 0;
    this.#published++;
    let delivered = 0;
    // A snapshot: listeners may subscribe or unsubscribe while the event is going round.
    for (const sub of [...this.#subs]) {
      if (!this.#subs.has(sub)) continue;
      try {
        if (sub.filter && !sub.filter(event)) continue;
        const result = sub.deliver(event);
        delivered++;
        if (result instanceof Promise) result.catch((err: unknown) => this.#report(err, event));
      } catch (err) {
        this.#report(err, event);
      }
    }
    return delivered;
  }

  /** Calls `listener` for each matching event from now on; returns the function that stops it. */
  subscribe(listener: BusListener<T>, options: SubscribeOptions<T> = {}): () => void {
    if (this.#closed) return () => {};
    const sub: Subscription<T> = { filter: options.filter, deliver: listener, end: () => this.#subs.delete(sub) };
    this.#subs.add(sub);
    return () => { this.#subs.delete(sub); };
  }

  /** A bounded async iterator over matching events from now on; a reader that falls behind loses the oldest. */
  stream(options: StreamOptions<T> = {}): EventStream<T> {
    const capacity = Math.max(1, Math.floor(options.capacity ?? this.#options.streamCapacity ?? 256));
    const stream = new BusStream<T>(capacity, options.filter, {
      detach: (s) => this.#subs.delete(s),
      dropped: () => { this.#dropped++; },
    });
    if (this.#closed) stream.end();
    else this.#subs.add(stream);
    stream.watch(options.signal);
    return stream;
  }

  /** Removes every listener; streams yield what they hold, then end. Later publishes are ignored. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const sub of [...this.#subs]) sub.end();
    this.#subs.clear();
  }

  #report(err: unknown, event: T): void {
    this.#listenerErrors++;
    const onError = this.#options.onError;
    if (!onError) return;
    const cause = err instanceof Error ? err.message : String(err);
    const error = new SharpeyeError('E_INTERNAL', `an event bus subscriber failed: ${cause}; the other subscribers still got the event`, { cause: err });
    try {
      onError(error, event);
    } catch (hookErr) {
      // The error hook itself failed; publish must not throw, so this is counted and let go.
      this.#listenerErrors++;
      void hookErr;
    }
  }
}

interface StreamOwner<T> {
  detach(stream: BusStream<T>): void;
  dropped(): void;
}

class BusStream<T> implements EventStream<T>, Subscription<T> {
  readonly #items: T[] = [];
  readonly #waiters: Array<(result: IteratorResult<T>) => void> = [];
  #ended = false;
  #dropped = 0;
  #signal: AbortSignal | undefined;
  readonly #onAbort = () => this.close();

  constructor(
    private readonly capacity: number,
    readonly filter: ((event: T) => boolean) | undefined,
    private readonly owner: StreamOwner<T>,
  ) {}

  get dropped(): number {
    return this.#dropped;
  }

  get buffered(): number {
    return this.#items.length;
  }

  watch(signal: AbortSignal | undefined): void {
    if (!signal || this.#ended) return;
    if (signal.aborted) return this.close();
    this.#signal = signal;
    signal.addEventListener('abort', this.#onAbort, { once: true });
  }

  deliver(event: T): void {
    if (this.#ended) return;
    const waiter = this.#waiters.shift();
    if (waiter) return waiter({ value: event, done: false });
    if (this.#items.length >= this.capacity) {
      this.#items.shift();
      this.#dropped++;
      this.owner.dropped();
    }
    this.#items.push(event);
  }

  next(): Promise<IteratorResult<T>> {
    if (this.#items.length > 0) return Promise.resolve({ value: this.#items.shift()!, done: false });
    if (this.#ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  return(): Promise<IteratorResult<T>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): EventStream<T> {
    return this;
  }

  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#signal?.removeEventListener('abort', this.#onAbort);
    this.owner.detach(this);
    // Waiters exist only while the buffer is empty, so ending them loses nothing.
    for (const w of this.#waiters.splice(0)) w({ value: undefined, done: true });
  }

  close(): void {
    this.#items.length = 0;
    this.end();
  }
}
