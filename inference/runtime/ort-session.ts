// Creating and running an onnxruntime-node session, shared by the in-thread runner and the
// inference worker. Load and run failures become SharpeyeErrors naming the model file.
import * as ort from 'onnxruntime-node';
import { SharpeyeError } from '../../core/index.js';
import type { FeedMap, ModelIo, TensorInfo, TensorMap } from './tensor-data.js';

export async function openOrtSession(path: string, options: ort.InferenceSession.SessionOptions): Promise<ort.InferenceSession> {
  try {
    return await ort.InferenceSession.create(path, options);
  } catch (err) {
    const message = (err as Error).message ?? String(err);
    throw new SharpeyeError('E_MODEL_LOAD', `onnxruntime could not load model ${path}: ${message}`, { cause: err, details: { path } });
  }
}

export function describeSession(session: ort.InferenceSession): ModelIo {
  const info = (meta: readonly ort.InferenceSession.ValueMetadata[]): TensorInfo[] =>
    meta.map((m) => ({ name: m.name, dims: m.isTensor ? m.shape.map((d) => (typeof d === 'number' && d >= 0 ? d : String(d))) : [] }));
  return { inputs: info(session.inputMetadata), outputs: info(session.outputMetadata) };
}

export async function runOrtSession(session: ort.InferenceSession, feeds: FeedMap, path: string): Promise<TensorMap> {
  const ortFeeds: Record<string, ort.Tensor> = {};
  for (const [name, t] of Object.entries(feeds)) {
    ortFeeds[name] = t.data instanceof Uint8Array ? new ort.Tensor('uint8', t.data, t.dims) : new ort.Tensor('float32', t.data, t.dims);
  }
  let results: ort.InferenceSession.ReturnType;
  try {
    results = await session.run(ortFeeds);
  } catch (err) {
    throw new SharpeyeError('E_INFERENCE_RUN', `inference failed on model ${path}: ${(err as Error).message}`, { cause: err, details: { path } });
  }
  const out: TensorMap = {};
  for (const [name, tensor] of Object.entries(results)) {
    if (tensor.type !== 'float32') {
      throw new SharpeyeError('E_MODEL_SHAPE', `output '${name}' of ${path} is ${tensor.type}; only float32 outputs are supported`, { details: { path } });
    }
    out[name] = { dims: tensor.dims.slice(), data: tensor.data as Float32Array };
  }
  return out;
}
