// The read side of a file-backed SqliteEventStore on a worker thread (search-worker.ts), so a long
// similar() (a scan of 1M vectors) or listing never blocks the event loop that handles cameras.
// Requests are answered in order; a crash or close rejects everything pending.
import { Worker } from 'node:worker_threads';
import { SharpeyeError, type ErrorCode } from '../../core/index.js';
import type { SimilarQuery } from '../event-store.js';
import type { ScoredRow, SimilarSearchOptions } from './similar-search.js';

export type SearchRequest =
  | { type: 'similar'; id: number; query: Omit<SimilarQuery, 'vector'> & { vector: ArrayBuffer }; want: number }
  | { type: 'all'; id: number; sql: string; params: unknown[] };

export type SearchReply =
  | { type: 'ready' }
  | { type: 'failed'; error: { code: ErrorCode; message: string } }
  | { type: 'result'; id: number; rows: unknown[] }
  | { type: 'error'; id: number; error: { code: ErrorCode; message: string } };

export interface SearchThreadOptions { path: string; dimension: number; busyTimeoutMs: number; search: SimilarSearchOptions }

interface Pending { resolve: (rows: unknown[]) => void; reject: (err: Error) => void }

/**
 * Compiled, the worker is `search-worker.js`. From sources (tsx), Node 20 does not apply the
 * parent's loader to a .ts worker entry, so a tiny eval'd bootstrap registers tsx first (as
 * inference/runtime/worker-runner.ts does).
 */
function startWorker(workerData: SearchThreadOptions): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./search-worker.js', import.meta.url), { workerData });
  const entry = new URL('./search-worker.ts', import.meta.url).href;
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}

export class SearchThread {
  #nextId = 0;
  #pending = new Map<number, Pending>();
  #failure: SharpeyeError | undefined;
  #closed = false;

  private constructor(private readonly worker: Worker, readonly path: string) {
    worker.on('message', (msg: SearchReply) => this.#onMessage(msg));
    worker.on('error', (err) => this.#failAll(new SharpeyeError('E_STORE_IO', `event store ${path}: search worker crashed: ${err.message}`, { cause: err })));
    worker.on('exit', (code) => {
      if (!this.#closed) this.#failAll(new SharpeyeError('E_STORE_IO', `event store ${path}: search worker exited unexpectedly (code ${code})`));
    });
  }

  /** Starts the worker and waits until its connection is open (the code index loads after). */
  static start(o: SearchThreadOptions): Promise<SearchThread> {
    const worker = startWorker(o);
    return new Promise((resolve, reject) => {
      const fail = (err: Error) => { void worker.terminate(); reject(err); };
      worker.once('message', (msg: SearchReply) => {
        if (msg.type === 'ready') resolve(new SearchThread(worker, o.path));
        else if (msg.type === 'failed') fail(new SharpeyeError(msg.error.code, msg.error.message));
      });
      worker.once('error', (err) => fail(new SharpeyeError('E_STORE_OPEN', `event store ${o.path}: search worker failed to start: ${err.message}`, { cause: err })));
    });
  }

  /** Thread id of the worker (for tests and diagnostics). */
  get threadId(): number {
    return this.worker.threadId;
  }

  similar(q: SimilarQuery, want: number): Promise<ScoredRow[]> {
    const vector = q.vector.slice().buffer as ArrayBuffer;
    return this.#request((id) => ({ type: 'similar', id, query: { ...q, vector }, want })) as Promise<ScoredRow[]>;
  }

  all(sql: string, params: unknown[]): Promise<unknown[]> {
    return this.#request((id) => ({ type: 'all', id, sql, params }));
  }

  #request(make: (id: number) => SearchRequest): Promise<unknown[]> {
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.#closed) return Promise.reject(new SharpeyeError('E_STORE_CLOSED', `event store ${this.path} is closed; open it again to use it`));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.worker.postMessage(make(id));
    });
  }

  /** Stops the worker (its connection closes with it); pending requests reject with E_STORE_CLOSED. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#failAll(new SharpeyeError('E_STORE_CLOSED', `event store ${this.path} was closed while a search was pending`));
    await this.worker.terminate();
  }

  #onMessage(msg: SearchReply): void {
    if (msg.type !== 'result' && msg.type !== 'error') return;
    const pending = this.#pending.get(msg.id);
    if (!pending) return;
    this.#pending.delete(msg.id);
    if (msg.type === 'result') pending.resolve(msg.rows);
    else pending.reject(new SharpeyeError(msg.error.code, msg.error.message));
  }

  #failAll(err: SharpeyeError): void {
    this.#failure ??= err;
    for (const p of this.#pending.values()) p.reject(err);
    this.#pending.clear();
  }
}
