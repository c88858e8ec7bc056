// A plain, transferable description of a float32 tensor, used between the main thread and the
// inference worker (onnxruntime Tensor objects cannot cross a worker boundary).

export interface TensorData {
  dims: number[];
  data: Float32Array;
}

export type TensorMap = Record<string, TensorData>;

/** A model input: float32, or uint8 for models that take raw pixels (fast-plate-ocr's NHWC uint8). */
export interface FeedData {
  dims: number[];
  data: Float32Array | Uint8Array;
}

export type FeedMap = Record<string, FeedData>;

/** Metadata of one model input or output; symbolic dimensions are strings (e.g. 'batch'). */
export interface TensorInfo {
  name: string;
  dims: Array<number | string>;
}

export interface ModelIo {
  inputs: TensorInfo[];
  outputs: TensorInfo[];
}

export function transferList(map: TensorMap | FeedMap): ArrayBuffer[] {
  return [...new Set(Object.values(map).map((t) => t.data.buffer as ArrayBuffer))];
}
