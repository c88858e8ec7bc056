// Ultralytics YOLOv8/v11 head: one output [B, 4+C, N], channel-major. Rows 0..3 are cx, cy, w, h
// in input pixels; rows 4.. are already-sigmoided class scores; no objectness term.
import type { Candidates, DecodeContext, DetectorDecoder } from './detector-decoder.js';
import { emptyCandidates } from './detector-decoder.js';
import type { TensorMap } from '../runtime/index.js';

export class Yolov8Decoder implements DetectorDecoder {
  readonly family = 'yolov8' as const;

  decode(outputs: TensorMap, ctx: DecodeContext): Candidates {
    const out = Object.values(outputs)[0];
    const [, channels, n] = out.dims;
    const classes = channels - 4;
    const base = ctx.batchIndex * channels * n;
    const d = out.data;
    // Class-outer loop reads each score row contiguously (cache friendly) instead of striding.
    const best = new Float32Array(n), bestClass = new Int32Array(n);
    for (let c = 0; c < classes; c++) {
      const row = base + (4 + c) * n;
      for (let a = 0; a < n; a++) {
        const s = d[row + a];
        if (s > best[a]) { best[a] = s; bestClass[a] = c; }
      }
    }
    const res = emptyCandidates();
    for (let a = 0; a < n; a++) {
      if (best[a] < ctx.confidence) continue;
      const cx = d[base + a], cy = d[base + n + a], w = d[base + 2 * n + a], h = d[base + 3 * n + a];
      res.boxes.push(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2);
      res.scores.push(best[a]);
      res.classIds.push(bestClass[a]);
    }
    return res;
  }
}
