// PlateReadSlots: the node-wide bound on plate reads in flight (habit 2 of STYLE.md). A live camera
// takes a slot only when one is free and otherwise drops the read (its caller counts the drop);
// a file camera or a footage run waits for a slot, so nothing is lost and decoding slows down.
// Same two policies as the index queue (node/index-queue.ts).

/** Plate reads in flight per node when nothing else is said: one per core keeps the detector fed. */
export const DEFAULT_PLATE_READS_IN_FLIGHT = 2;

export class PlateReadSlots {
  readonly capacity: number;
  #busy = 0;
  readonly #waiters: Array<() => void> = [];

  /** `capacity` reads at once (at least 1); `onFree` is told whenever a slot frees (wake a held-back camera). */
  constructor(capacity = DEFAULT_PLATE_READS_IN_FLIGHT, private readonly onFree?: () => void) {
    this.capacity = Math.max(1, Math.floor(capacity));
  }

  /** Reads running now. */
  get busy(): number {
    return this.#busy;
  }

  /** Reads waiting for a slot ('block' callers). */
  get waiting(): number {
    return this.#waiters.length;
  }

  /** Takes a slot if one is free now ('drop-oldest' callers); false means drop the read. */
  tryAcquire(): boolean {
    if (this.#busy >= this.capacity || this.#waiters.length > 0) return false;
    this.#busy++;
    return true;
  }

  /** Resolves with a slot, waiting in line while all are busy ('block' callers). */
  acquire(): Promise<void> {
    if (this.tryAcquire()) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /**
   * Gives a slot back: the first waiter gets it, else it frees. `onFree` runs on the next turn of
   * the event loop, after the waiter that got the slot has moved on (so a camera held back until
   * its waiting reads started sees them started).
   */
  release(): void {
    const next = this.#waiters.shift();
    if (next) next();
    else this.#busy = Math.max(0, this.#busy - 1);
    if (this.onFree) setImmediate(this.onFree);
  }
}
