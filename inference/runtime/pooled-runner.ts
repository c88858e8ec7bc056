// Several sessions of one model, each on its own worker thread, with runs dispatched to the least
// busy. On a small CPU node, N single-threaded sessions outrun one N-threaded session (no barrier
// waits inside operators, and one preempted thread stalls one run, not all of them).
import type { ModelRunner } from './model-runner.js';
import type { ModelIo, FeedMap, TensorMap } from './tensor-data.js';

export class PooledRunner implements ModelRunner {
  readonly io: ModelIo;
  readonly #pending: number[];
  #closed = false;

  constructor(private readonly runners: readonly ModelRunner[]) {
    this.io = runners[0].io;
    this.#pending = runners.map(() => 0);
  }

  get size(): number {
    return this.runners.length;
  }

  get concurrency(): number {
    return this.runners.length;
  }

  async run(feeds: FeedMap): Promise<TensorMap> {
    let pick = 0;
    for (let i = 1; i < this.runners.length; i++) if (this.#pending[i] < this.#pending[pick]) pick = i;
    this.#pending[pick]++;
    try {
      return await this.runners[pick].run(feeds);
    } finally {
      this.#pending[pick]--;
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all(this.runners.map((r) => r.close()));
  }
}
