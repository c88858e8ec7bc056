// Runs the session on the calling thread. Fine for one-off jobs (a handful of images) and for
// measuring raw inference; the streaming pipeline uses the worker runner instead.
import type * as ort from 'onnxruntime-node';
import type { ModelRunner } from './model-runner.js';
import type { ModelIo, FeedMap, TensorMap } from './tensor-data.js';
import { describeSession, openOrtSession, runOrtSession } from './ort-session.js';

export class InThreadRunner implements ModelRunner {
  readonly concurrency = 1;
  readonly io: ModelIo;
  #closed = false;

  private constructor(private readonly session: ort.InferenceSession, private readonly path: string) {
    this.io = describeSession(session);
  }

  static async open(path: string, options: ort.InferenceSession.SessionOptions): Promise<InThreadRunner> {
    return new InThreadRunner(await openOrtSession(path, options), path);
  }

  run(feeds: FeedMap): Promise<TensorMap> {
    return runOrtSession(this.session, feeds, this.path);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.session.release();
  }
}
