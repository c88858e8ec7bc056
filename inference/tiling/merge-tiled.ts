// Merges the detections of a frame's slices and of the full frame into one list: boxes moved to
// frame pixels, then class-aware greedy non-maximum *merging* (SAHI's GREEDYNMM postprocess) on IoU
// or IoS (intersection over the smaller box, SAHI's default match metric), best score first: a box
// matching a kept one is merged into it (union of the boxes, best score). IoS joins an object cut by
// a slice edge (a part box, often the best-scored one) with its whole box and its other parts, so
// the object comes out whole and once; plain suppression would keep the cut part.
import type { Box, Detection } from '../../core/index.js';
import type { Tile } from './tile-grid.js';

/** Overlap of two boxes on `metric`; 0 when they do not intersect. */
export function boxOverlap(a: Box, b: Box, metric: 'iou' | 'ios'): number {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  const areaA = (a[2] - a[0]) * (a[3] - a[1]), areaB = (b[2] - b[0]) * (b[3] - b[1]);
  const denom = metric === 'iou' ? areaA + areaB - inter : Math.min(areaA, areaB);
  return denom > 0 ? inter / denom : 0;
}

/** `detections[i]` found on `tiles[i]` (in tile pixels) -> one merged list in frame pixels, best first. */
export function mergeTiledDetections(tiles: readonly Tile[], detections: readonly (readonly Detection[])[], metric: 'iou' | 'ios', threshold: number, maxDetections = 300): Detection[] {
  const all: Detection[] = [];
  tiles.forEach(([x, y], i) => {
    for (const d of detections[i] ?? []) all.push({ ...d, box: [d.box[0] + x, d.box[1] + y, d.box[2] + x, d.box[3] + y] });
  });
  all.sort((a, b) => b.score - a.score);
  type Merged = Omit<Detection, 'box'> & { box: Box };
  const kept: Merged[] = [];
  const byClass = new Map<number, Merged[]>();
  for (const d of all) {
    const same = byClass.get(d.classId) ?? [];
    // Matched against the kept box as merged so far, so the two halves of a cut object both join it.
    const into = same.find((k) => boxOverlap(k.box, d.box, metric) > threshold);
    if (into) {
      into.box = [Math.min(into.box[0], d.box[0]), Math.min(into.box[1], d.box[1]), Math.max(into.box[2], d.box[2]), Math.max(into.box[3], d.box[3])];
      continue;
    }
    if (kept.length >= maxDetections) continue;
    const own: Merged = { ...d, box: [...d.box] as Box };
    same.push(own);
    byClass.set(d.classId, same);
    kept.push(own);
  }
  // A box kept before a later one grew into it (the right half of a car kept before the full-frame
  // box joined the left half) merges now, until nothing matches any more.
  const merged = new Set<Merged>();
  for (const same of byClass.values()) mergeKept(same, metric, threshold, merged);
  return kept.filter((k) => !merged.has(k));
}

/** Merges kept boxes of one class into the better-scored one while any pair still matches; records the absorbed ones. */
function mergeKept(same: Array<Omit<Detection, 'box'> & { box: Box }>, metric: 'iou' | 'ios', threshold: number, absorbed: Set<unknown>): void {
  for (let changed = true; changed;) {
    changed = false;
    for (let i = 0; i < same.length; i++) {
      for (let j = i + 1; j < same.length; j++) {
        const a = same[i], b = same[j];
        if (boxOverlap(a.box, b.box, metric) <= threshold) continue;
        a.box = [Math.min(a.box[0], b.box[0]), Math.min(a.box[1], b.box[1]), Math.max(a.box[2], b.box[2]), Math.max(a.box[3], b.box[3])];
        absorbed.add(b);
        same.splice(j--, 1);
        changed = true;
      }
    }
  }
}
