// ModelRunner: runs one onnxruntime session. onnxruntime-node's `run` blocks the calling thread, so
// the default runner keeps the session on a worker thread: the main thread keeps decoding and
// preprocessing the next frames while the model runs, which is what makes the pipeline overlap.
import type { ModelIo, FeedMap, TensorMap } from './tensor-data.js';

export interface ModelRunner {
  readonly io: ModelIo;
  /** Runs this runner can work on at the same time (its parallel sessions); callers keep this many in flight. */
  readonly concurrency: number;
  /** Runs the model. Input buffers are transferred (detached) when the runner is a worker. */
  run(feeds: FeedMap): Promise<TensorMap>;
  /** Releases the session (and the worker). Idempotent. */
  close(): Promise<void>;
}
