// Normalised <-> pixel conversions. Rules are written in normalised coordinates (0..1, origin
// top-left) so they survive resolution changes; boxes arrive in pixels of the frame they came from.
import type { Box } from '../../core/index.js';
import type { Anchor, Point, Polygon } from './types.js';

/** Normalised point -> pixels of a `width` x `height` frame. */
export const toPixels = (p: Point, width: number, height: number): Point => [p[0] * width, p[1] * height];

/** Pixel point -> normalised coordinates of a `width` x `height` frame. */
export const toNormalised = (p: Point, width: number, height: number): Point => [p[0] / width, p[1] / height];

export const polygonToPixels = (polygon: Polygon, width: number, height: number): Point[] =>
  polygon.map((p) => toPixels(p, width, height));

/** The anchor of a pixel box: bottom-centre (ground contact, the default) or centre, in pixels. */
export function boxAnchor(box: Box, anchor: Anchor = 'bottom_center'): Point {
  const x = (box[0] + box[2]) / 2;
  return anchor === 'center' ? [x, (box[1] + box[3]) / 2] : [x, box[3]];
}

/** Size of a box as one length: the geometric mean of its sides (sqrt(w * h)), in pixels. */
export const boxSize = (box: Box): number => Math.sqrt(Math.max(0, box[2] - box[0]) * Math.max(0, box[3] - box[1]));
