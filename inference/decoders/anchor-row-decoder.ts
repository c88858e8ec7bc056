// YOLOv5 and YOLOX share the row-per-anchor layout [B, N, 5+C]: x, y, w, h, objectness, classes.
// YOLOv5 rows already hold input-pixel centres and sizes; YOLOX rows are grid-relative and need
// the stride-grid decode (cx = (x + gx)·s, w = exp(w)·s). Score = objectness × best class score.
import type { Candidates, DecodeContext, DetectorDecoder } from './detector-decoder.js';
import { emptyCandidates } from './detector-decoder.js';
import type { TensorMap } from '../runtime/index.js';

type RowToBox = (x: number, y: number, w: number, h: number, anchor: number) => [number, number, number, number];

function decodeRows(outputs: TensorMap, ctx: DecodeContext, toBox: RowToBox): Candidates {
  const out = Object.values(outputs)[0];
  const [, n, width] = out.dims;
  const d = out.data;
  const base = ctx.batchIndex * n * width;
  const res = emptyCandidates();
  for (let a = 0; a < n; a++) {
    const r = base + a * width;
    const obj = d[r + 4];
    if (obj < ctx.confidence) continue; // score = obj * cls <= obj
    let best = 0, bestClass = 0;
    for (let c = 5; c < width; c++) if (d[r + c] > best) { best = d[r + c]; bestClass = c - 5; }
    const score = obj * best;
    if (score < ctx.confidence) continue;
    const [cx, cy, w, h] = toBox(d[r], d[r + 1], d[r + 2], d[r + 3], a);
    res.boxes.push(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2);
    res.scores.push(score);
    res.classIds.push(bestClass);
  }
  return res;
}

export class Yolov5Decoder implements DetectorDecoder {
  readonly family = 'yolov5' as const;
  decode(outputs: TensorMap, ctx: DecodeContext): Candidates {
    return decodeRows(outputs, ctx, (x, y, w, h) => [x, y, w, h]);
  }
}

export class YoloxDecoder implements DetectorDecoder {
  readonly family = 'yolox' as const;
  #grid: { key: string; gx: Int32Array; gy: Int32Array; s: Int32Array } | undefined;

  decode(outputs: TensorMap, ctx: DecodeContext): Candidates {
    const g = this.#gridFor(ctx);
    return decodeRows(outputs, ctx, (x, y, w, h, a) => [(x + g.gx[a]) * g.s[a], (y + g.gy[a]) * g.s[a], Math.exp(w) * g.s[a], Math.exp(h) * g.s[a]]);
  }

  /** Grid cell and stride per anchor, built once per input size. */
  #gridFor(ctx: DecodeContext) {
    const key = `${ctx.inputWidth}x${ctx.inputHeight}:${ctx.strides.join(',')}`;
    if (this.#grid?.key === key) return this.#grid;
    const gx: number[] = [], gy: number[] = [], s: number[] = [];
    for (const stride of ctx.strides) {
      const w = Math.ceil(ctx.inputWidth / stride), h = Math.ceil(ctx.inputHeight / stride);
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) { gx.push(x); gy.push(y); s.push(stride); }
    }
    this.#grid = { key, gx: Int32Array.from(gx), gy: Int32Array.from(gy), s: Int32Array.from(s) };
    return this.#grid;
  }
}
