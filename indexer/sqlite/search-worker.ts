// Worker-thread entry of SearchThread: its own read-only connection to the store's file (WAL lets it
// read while the main connection writes) and a SimilarSearch over it. Answers `similar` and `query`
// requests one at a time; loads the in-memory code index right after reporting 'ready'.
import { parentPort, workerData } from 'node:worker_threads';
import { toSharpeyeError } from '../../core/index.js';
import type { SimilarQuery } from '../event-store.js';
import { openConnection } from './sqlite-connection.js';
import { SimilarSearch, type SimilarSearchOptions } from './similar-search.js';
import type { SearchReply, SearchRequest } from './search-thread.js';

interface Init { path: string; dimension: number; busyTimeoutMs: number; search: SimilarSearchOptions }

const init = workerData as Init;
const port = parentPort!;

try {
  const { db } = await openConnection({ path: init.path, dimension: init.dimension, busyTimeoutMs: init.busyTimeoutMs, readOnly: true });
  const search = new SimilarSearch(db, init.dimension, init.search);
  port.on('message', (req: SearchRequest) => {
    let reply: SearchReply;
    try {
      if (req.type === 'similar') {
        const q = { ...req.query, vector: new Float32Array(req.query.vector) } as SimilarQuery;
        reply = { type: 'result', id: req.id, rows: search.search(q, req.want) };
      } else {
        reply = { type: 'result', id: req.id, rows: db.prepare(req.sql).all(...req.params) };
      }
    } catch (err) {
      const e = toSharpeyeError(err);
      reply = { type: 'error', id: req.id, error: { code: e.code, message: e.message } };
    }
    port.postMessage(reply);
  });
  port.postMessage({ type: 'ready' } satisfies SearchReply);
  // Warm the code index right after 'ready' (open() does not wait for it; a request sent meanwhile
  // queues behind it). A failure here is not fatal: the first search syncs again and reports it.
  setImmediate(() => { try { search.syncIndex(); } catch { /* see above */ } });
} catch (err) {
  const e = toSharpeyeError(err);
  port.postMessage({ type: 'failed', error: { code: e.code, message: e.message } } satisfies SearchReply);
}
