// Box-filter downscale of a packed RGB image, for the small whole-frame context picture kept with a
// snapshot. Synchronous and allocation-light, so it can run in the frame loop without sharp.
import type { RgbImage } from '../../core/index.js';

/**
 * Downscales to `width` pixels wide (height keeps the aspect ratio, at least 1) by averaging the block
 * of source pixels under each output pixel. Images already no wider than `width` are copied as they are.
 */
export function downscaleRgb(image: RgbImage, width: number): RgbImage {
  if (image.width <= width) return { width: image.width, height: image.height, data: image.data.slice() };
  const outW = Math.max(1, Math.round(width));
  const outH = Math.max(1, Math.round((image.height * outW) / image.width));
  const out = new Uint8Array(outW * outH * 3);
  const { data, width: srcW, height: srcH } = image;
  for (let oy = 0; oy < outH; oy++) {
    const sy0 = Math.floor((oy * srcH) / outH), sy1 = Math.max(sy0 + 1, Math.floor(((oy + 1) * srcH) / outH));
    for (let ox = 0; ox < outW; ox++) {
      const sx0 = Math.floor((ox * srcW) / outW), sx1 = Math.max(sx0 + 1, Math.floor(((ox + 1) * srcW) / outW));
      let r = 0, g = 0, b = 0;
      for (let y = sy0; y < sy1; y++) {
        for (let p = (y * srcW + sx0) * 3, end = (y * srcW + sx1) * 3; p < end; p += 3) {
          r += data[p];
          g += data[p + 1];
          b += data[p + 2];
        }
      }
      const n = (sy1 - sy0) * (sx1 - sx0), o = (oy * outW + ox) * 3;
      out[o] = Math.round(r / n);
      out[o + 1] = Math.round(g / n);
      out[o + 2] = Math.round(b / n);
    }
  }
  return { width: outW, height: outH, data: out };
}
