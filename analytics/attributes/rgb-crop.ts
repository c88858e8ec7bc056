// Copies a rectangle out of a packed RGB image, so a kept snapshot holds only the object's pixels
// and not a reference to (or copy of) the whole frame buffer, which the decoder may reuse.
import type { Box, RgbImage } from '../../core/index.js';

/** Integer pixel rectangle `[x1, y1, x2, y2]` of `box` grown by `marginFraction` of its size on each side and clipped to the image. */
export function cropRegion(image: RgbImage, box: Box, marginFraction = 0): Box {
  const mx = (box[2] - box[0]) * marginFraction, my = (box[3] - box[1]) * marginFraction;
  return [
    Math.max(0, Math.floor(box[0] - mx)),
    Math.max(0, Math.floor(box[1] - my)),
    Math.min(image.width, Math.ceil(box[2] + mx)),
    Math.min(image.height, Math.ceil(box[3] + my)),
  ];
}

/** A new RgbImage holding a copy of the integer rectangle `region` (as returned by cropRegion). */
export function cropRgb(image: RgbImage, region: Box): RgbImage {
  const [x1, y1, x2, y2] = region;
  const width = Math.max(0, x2 - x1), height = Math.max(0, y2 - y1);
  const data = new Uint8Array(width * height * 3);
  const rowBytes = width * 3;
  for (let y = 0; y < height; y++) {
    const from = ((y1 + y) * image.width + x1) * 3;
    data.set(image.data.subarray(from, from + rowBytes), y * rowBytes);
  }
  return { width, height, data };
}
