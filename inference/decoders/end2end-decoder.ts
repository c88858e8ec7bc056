// End-to-end exports with NMS inside the graph (YOLOv10, YOLO26, `nms=True` exports): one output
// [B, K, 6] of x1, y1, x2, y2, score, class in input pixels. Only the score threshold applies here.
import type { Candidates, DecodeContext, DetectorDecoder } from './detector-decoder.js';
import { emptyCandidates } from './detector-decoder.js';
import type { TensorMap } from '../runtime/index.js';

export class End2endDecoder implements DetectorDecoder {
  readonly family = 'end2end' as const;

  decode(outputs: TensorMap, ctx: DecodeContext): Candidates {
    const out = Object.values(outputs)[0];
    const [, k, width] = out.dims;
    const d = out.data, base = ctx.batchIndex * k * width;
    const res = emptyCandidates();
    for (let i = 0; i < k; i++) {
      const r = base + i * width;
      if (d[r + 4] < ctx.confidence) continue;
      res.boxes.push(d[r], d[r + 1], d[r + 2], d[r + 3]);
      res.scores.push(d[r + 4]);
      res.classIds.push(Math.round(d[r + 5]));
    }
    return res;
  }
}
