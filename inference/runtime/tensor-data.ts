// A plain, transferable description of a float32 tensor, used between the main thread and the
// inference worker (onnxruntime Tensor objects cannot cross a worker boundary).

export interface TensorData {
  dims: number[];
  data: Float32Array;
}

export type TensorMap = Record<string, TensorData>;

/** Metadata of one model input or output; symbolic dimensions are strings (e.g. 'batch'). */
export interface TensorInfo {
  name: string;
  dims: Array<number | string>;
}

export interface ModelIo {
  inputs: TensorInfo[];
  outputs: TensorInfo[];
}

export function transferList(map: TensorMap): ArrayBuffer[] {
  return [...new Set(Object.values(map).map((t) => t.data.buffer as ArrayBuffer))];
}
