// Worker-thread entry that owns one onnxruntime session. Messages: `run` (feeds in, outputs out,
// buffers transferred both ways). Errors go back as plain {code, message, details} records.
import { parentPort, workerData } from 'node:worker_threads';
import type * as ort from 'onnxruntime-node';
import { SharpeyeError, toSharpeyeError } from '../../core/index.js';
import { describeSession, openOrtSession, runOrtSession } from './ort-session.js';
import { transferList, type FeedMap, type TensorMap } from './tensor-data.js';

interface WorkerInit { path: string; options: ort.InferenceSession.SessionOptions }
type Request = { type: 'run'; id: number; feeds: FeedMap };

const port = parentPort;
if (!port) throw new Error('ort-worker must run in a worker thread');
const init = workerData as WorkerInit;

const serialize = (err: unknown) => {
  const e = toSharpeyeError(err, 'E_INFERENCE_RUN');
  return { code: e.code, message: e.message, details: e.details };
};

try {
  const session = await openOrtSession(init.path, init.options);
  port.postMessage({ type: 'ready', io: describeSession(session) });
  port.on('message', (msg: Request) => {
    runOrtSession(session, msg.feeds, init.path).then(
      (outputs) => port.postMessage({ type: 'result', id: msg.id, outputs }, transferList(outputs)),
      (err: unknown) => port.postMessage({ type: 'error', id: msg.id, error: serialize(err) }),
    );
  });
} catch (err) {
  port.postMessage({ type: 'error', id: -1, error: serialize(err instanceof SharpeyeError ? err : toSharpeyeError(err, 'E_MODEL_LOAD')) });
}
