// NanoDet (GFL head): per stride, a class-score output [B, HW, C] (already sigmoided) and a box
// distribution output [B, HW, 4·(regMax+1)]. Each side's distance is the expectation of a softmax
// over the bins, times the stride, measured from the cell centre (gx·s + (s−1)/2).
import type { Candidates, DecodeContext, DetectorDecoder } from './detector-decoder.js';
import { emptyCandidates } from './detector-decoder.js';
import type { TensorData, TensorMap } from '../runtime/index.js';

interface Level { stride: number; cls: TensorData; reg: TensorData; gridW: number }

/** Pairs the outputs per stride by their cell count; class outputs have C columns. */
export function nanodetLevels(outputs: TensorMap, ctx: DecodeContext): Level[] | undefined {
  const tensors = Object.values(outputs);
  const levels: Level[] = [];
  for (const stride of ctx.strides) {
    const gridW = Math.ceil(ctx.inputWidth / stride), cells = gridW * Math.ceil(ctx.inputHeight / stride);
    const cls = tensors.find((t) => t.dims[1] === cells && t.dims[2] === ctx.numClasses);
    const reg = tensors.find((t) => t.dims[1] === cells && t.dims[2] === 4 * (ctx.regMax + 1));
    if (!cls || !reg) return undefined;
    levels.push({ stride, cls, reg, gridW });
  }
  return levels;
}

export class NanodetDecoder implements DetectorDecoder {
  readonly family = 'nanodet' as const;

  decode(outputs: TensorMap, ctx: DecodeContext): Candidates {
    const levels = nanodetLevels(outputs, ctx);
    const res = emptyCandidates();
    if (!levels) return res;
    const bins = ctx.regMax + 1;
    const dist = new Float32Array(4);
    for (const { stride, cls, reg, gridW } of levels) {
      const cells = cls.dims[1], C = cls.dims[2];
      const cBase = ctx.batchIndex * cells * C, rBase = ctx.batchIndex * cells * 4 * bins;
      for (let i = 0; i < cells; i++) {
        let best = 0, bestClass = 0;
        const row = cBase + i * C;
        for (let c = 0; c < C; c++) if (cls.data[row + c] > best) { best = cls.data[row + c]; bestClass = c; }
        if (best < ctx.confidence) continue;
        for (let side = 0; side < 4; side++) dist[side] = expectedBin(reg.data, rBase + (i * 4 + side) * bins, bins) * stride;
        const cx = (i % gridW) * stride + (stride - 1) / 2, cy = Math.floor(i / gridW) * stride + (stride - 1) / 2;
        res.boxes.push(cx - dist[0], cy - dist[1], cx + dist[2], cy + dist[3]);
        res.scores.push(best);
        res.classIds.push(bestClass);
      }
    }
    return res;
  }
}

/** Softmax over `bins` logits starting at `at`, returned as the expected bin index. */
function expectedBin(d: Float32Array, at: number, bins: number): number {
  let max = -Infinity;
  for (let k = 0; k < bins; k++) max = Math.max(max, d[at + k]);
  let sum = 0, acc = 0;
  for (let k = 0; k < bins; k++) { const e = Math.exp(d[at + k] - max); sum += e; acc += e * k; }
  return acc / sum;
}
