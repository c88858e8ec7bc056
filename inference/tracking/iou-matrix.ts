// Pairwise IoU between two box lists as one flat row-major Float64Array (rows: `a`, cols: `b`),
// the association cost source for the tracker. No object per pair.
import type { Box } from '../../core/index.js';

/** Intersection over union of two `[x1, y1, x2, y2]` boxes; 0 when either is empty. */
export function boxIou(a: Box, b: Box): number {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  const union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * Buffered IoU (C-BIoU, Yang et al., "Hard to Track Objects with Irregular Motions and Similar
 * Appearances? Make It Easier by Buffering the Matching Space", WACV 2023): the IoU of both boxes
 * grown by `buffer` x their width and height on each side, so boxes that moved a little more than
 * their size still overlap. `buffer` 0 is plain IoU.
 */
export function bufferedIou(a: Box, b: Box, buffer: number): number {
  if (buffer === 0) return boxIou(a, b);
  const grow = (x: Box): Box => {
    const dx = (x[2] - x[0]) * buffer, dy = (x[3] - x[1]) * buffer;
    return [x[0] - dx, x[1] - dy, x[2] + dx, x[3] + dy];
  };
  return boxIou(grow(a), grow(b));
}

/** `out[i * b.length + j] = IoU(a[i], b[j])`. */
export function iouMatrix(a: readonly Box[], b: readonly Box[]): Float64Array {
  const out = new Float64Array(a.length * b.length);
  for (let i = 0; i < a.length; i++) {
    const ai = a[i];
    for (let j = 0; j < b.length; j++) out[i * b.length + j] = boxIou(ai, b[j]);
  }
  return out;
}
