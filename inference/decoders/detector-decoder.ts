// The contract every detector output family implements: raw output tensors in, scored candidate
// boxes (network-input pixels) out. NMS and mapping to source pixels happen after, in one place.
import type { DetectorFamily } from '../../models/index.js';
import type { TensorMap } from '../runtime/index.js';

export interface DecodeContext {
  inputWidth: number;
  inputHeight: number;
  numClasses: number;
  /** Candidates scoring below this are dropped before NMS. */
  confidence: number;
  strides: number[];
  regMax: number;
  /** Which image of a batched output to decode. */
  batchIndex: number;
}

/** Flat candidate lists: box i is boxes[4i..4i+3] as x1,y1,x2,y2 in network-input pixels. */
export interface Candidates {
  boxes: number[];
  scores: number[];
  classIds: number[];
}

export interface DetectorDecoder {
  readonly family: DetectorFamily;
  decode(outputs: TensorMap, ctx: DecodeContext): Candidates;
}

export const emptyCandidates = (): Candidates => ({ boxes: [], scores: [], classIds: [] });

/** Anchor-grid cells in output order: each stride row-major (y outer, x inner), strides ascending. */
export function gridCellCount(inputWidth: number, inputHeight: number, strides: number[]): number {
  return strides.reduce((n, s) => n + Math.ceil(inputWidth / s) * Math.ceil(inputHeight / s), 0);
}
