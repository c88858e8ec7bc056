// Reference detections from the fixture manifests and the matching rule tests use: same label,
// IoU >= 0.85 and score within ±0.05, as the images MANIFEST recommends.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Box, Detection } from '../../core/index.js';
import { IMAGES_DIR, VIDEOS_DIR } from './fixtures.js';

export interface RefDetection { label: string; score: number; box: Box }

export function iou(a: Box, b: Box): number {
  const w = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const h = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const inter = w * h;
  const union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
  return union > 0 ? inter / union : 0;
}

/** yolov8n_int8 references for a fixture image (top-left letterbox, variant A). */
export function imageReferences(image: string): RefDetection[] {
  const json = JSON.parse(readFileSync(join(IMAGES_DIR, 'reference_detections.json'), 'utf8'));
  return json.images[image].letterbox_top_left.map((d: { cls: string; score: number; box: Box }) => ({ label: d.cls, score: d.score, box: d.box }));
}

/** Per-second yolov8n_int8 references for a fixture clip. */
export function videoReferences(clip: string): Record<string, RefDetection[]> {
  const json = JSON.parse(readFileSync(join(VIDEOS_DIR, 'reference_detections.json'), 'utf8'));
  const out: Record<string, RefDetection[]> = {};
  for (const [sec, list] of Object.entries(json.clips[clip] as Record<string, Array<{ cls: string; score: number; box: Box }>>)) {
    out[sec] = list.map((d) => ({ label: d.cls, score: d.score, box: d.box }));
  }
  return out;
}

/** The detection matching a reference (same label, best IoU), with its IoU. */
export function bestMatch(ref: RefDetection, detections: readonly Detection[]): { detection?: Detection; iou: number } {
  let best: { detection?: Detection; iou: number } = { iou: 0 };
  for (const d of detections) {
    if (d.label !== ref.label) continue;
    const v = iou(ref.box, d.box);
    if (v > best.iou) best = { detection: d, iou: v };
  }
  return best;
}
