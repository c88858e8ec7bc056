// Draws a box outline straight into a packed RGB buffer: the thumbnail's only drawing need, so no
// SVG composite round trip through sharp.
import type { Box, RgbImage } from '../../core/index.js';

/** Draws the outline of `box` (clipped to the image), `lineWidth` px thick on the inside of the box. */
export function drawRectangle(image: RgbImage, box: Box, colour: readonly [number, number, number], lineWidth: number): void {
  const x1 = clamp(Math.round(box[0]), 0, image.width), y1 = clamp(Math.round(box[1]), 0, image.height);
  const x2 = clamp(Math.round(box[2]), 0, image.width), y2 = clamp(Math.round(box[3]), 0, image.height);
  const t = Math.max(1, Math.round(lineWidth));
  fillRect(image, x1, y1, x2, Math.min(y2, y1 + t), colour);
  fillRect(image, x1, Math.max(y1, y2 - t), x2, y2, colour);
  fillRect(image, x1, y1, Math.min(x2, x1 + t), y2, colour);
  fillRect(image, Math.max(x1, x2 - t), y1, x2, y2, colour);
}

function fillRect(image: RgbImage, x1: number, y1: number, x2: number, y2: number, colour: readonly [number, number, number]): void {
  for (let y = y1; y < y2; y++) {
    for (let p = (y * image.width + x1) * 3, end = (y * image.width + x2) * 3; p < end; p += 3) {
      image.data[p] = colour[0];
      image.data[p + 1] = colour[1];
      image.data[p + 2] = colour[2];
    }
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
