// Class-aware greedy non-maximum suppression over flat candidate arrays: boxes of different
// classes never suppress each other. Sorting once by score and walking per class keeps it
// O(n log n + n·k) for k kept boxes per class.
import type { Candidates } from './decoders/detector-decoder.js';

function iou(b: number[], i: number, j: number): number {
  const x1 = Math.max(b[4 * i], b[4 * j]), y1 = Math.max(b[4 * i + 1], b[4 * j + 1]);
  const x2 = Math.min(b[4 * i + 2], b[4 * j + 2]), y2 = Math.min(b[4 * i + 3], b[4 * j + 3]);
  const inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
  if (inter <= 0) return 0;
  const areaI = (b[4 * i + 2] - b[4 * i]) * (b[4 * i + 3] - b[4 * i + 1]);
  const areaJ = (b[4 * j + 2] - b[4 * j]) * (b[4 * j + 3] - b[4 * j + 1]);
  return inter / (areaI + areaJ - inter);
}

/** Indices of the kept candidates, best score first, at most `maxDetections`. */
export function classAwareNms(c: Candidates, iouThreshold: number, maxDetections: number): number[] {
  const order = c.scores.map((_, i) => i).sort((i, j) => c.scores[j] - c.scores[i]);
  const keptByClass = new Map<number, number[]>();
  const kept: number[] = [];
  for (const i of order) {
    const same = keptByClass.get(c.classIds[i]) ?? [];
    if (same.some((j) => iou(c.boxes, i, j) > iouThreshold)) continue;
    same.push(i);
    keptByClass.set(c.classIds[i], same);
    kept.push(i);
    if (kept.length >= maxDetections) break;
  }
  return kept;
}
