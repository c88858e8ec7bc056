// ModelRunner that keeps the onnxruntime session on a worker thread, so inference overlaps with
// decoding and preprocessing on the main thread. Input and output buffers are transferred, not
// copied. Any failure of the worker rejects every pending run.
import { Worker } from 'node:worker_threads';
import type * as ort from 'onnxruntime-node';
import { SharpeyeError, type ErrorCode } from '../../core/index.js';
import type { ModelRunner } from './model-runner.js';
import { transferList, type ModelIo, type FeedMap, type TensorMap } from './tensor-data.js';

interface Pending { resolve: (out: TensorMap) => void; reject: (err: Error) => void }
type WorkerError = { code: ErrorCode; message: string; details: Record<string, unknown> };
type Reply =
  | { type: 'ready'; io: ModelIo }
  | { type: 'result'; id: number; outputs: TensorMap }
  | { type: 'error'; id: number; error: WorkerError };

const revive = (e: WorkerError): SharpeyeError => new SharpeyeError(e.code, e.message, { details: e.details });

/**
 * Compiled, the worker is `ort-worker.js`. From sources (tsx), Node 20 does not apply the parent's
 * loader to a .ts worker entry, so a tiny eval'd bootstrap registers tsx and then imports it.
 */
function startWorker(workerData: unknown): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./ort-worker.js', import.meta.url), { workerData });
  const entry = new URL('./ort-worker.ts', import.meta.url).href;
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}

export class WorkerRunner implements ModelRunner {
  readonly concurrency = 1;
  #nextId = 0;
  #pending = new Map<number, Pending>();
  #closed = false;
  #failure: SharpeyeError | undefined;

  private constructor(private readonly worker: Worker, readonly io: ModelIo) {
    worker.on('message', (msg: Reply) => this.#onMessage(msg));
    worker.on('error', (err) => this.#failAll(new SharpeyeError('E_INFERENCE_RUN', `inference worker crashed: ${err.message}`, { cause: err })));
    worker.on('exit', (code) => {
      if (!this.#closed) this.#failAll(new SharpeyeError('E_INFERENCE_RUN', `inference worker exited unexpectedly (code ${code})`));
    });
  }

  static open(path: string, options: ort.InferenceSession.SessionOptions): Promise<WorkerRunner> {
    const worker = startWorker({ path, options });
    return new Promise((resolve, reject) => {
      const fail = (err: Error) => { void worker.terminate(); reject(err); };
      worker.once('message', (msg: Reply) => {
        if (msg.type === 'ready') resolve(new WorkerRunner(worker, msg.io));
        else if (msg.type === 'error') fail(revive(msg.error));
      });
      worker.once('error', (err) => fail(new SharpeyeError('E_MODEL_LOAD', `inference worker failed to start for ${path}: ${err.message}`, { cause: err })));
    });
  }

  run(feeds: FeedMap): Promise<TensorMap> {
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.#closed) return Promise.reject(new SharpeyeError('E_INFERENCE_RUN', 'model runner is closed'));
    const id = this.#nextId++;
    return new Promise<TensorMap>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'run', id, feeds }, transferList(feeds));
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#failAll(new SharpeyeError('E_INFERENCE_RUN', 'model runner closed while a run was pending'));
    await this.worker.terminate();
  }

  #onMessage(msg: Reply): void {
    if (msg.type === 'ready') return;
    const pending = this.#pending.get(msg.id);
    if (!pending) return;
    this.#pending.delete(msg.id);
    if (msg.type === 'result') pending.resolve(msg.outputs);
    else pending.reject(revive(msg.error));
  }

  #failAll(err: SharpeyeError): void {
    this.#failure ??= err;
    for (const p of this.#pending.values()) p.reject(err);
    this.#pending.clear();
  }
}
