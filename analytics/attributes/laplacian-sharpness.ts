// Focus measure for choosing snapshots: the variance of the Laplacian of a grey, downscaled copy of
// the crop. Downscaling first makes the figure comparable between small and large boxes of the same
// object and keeps the cost flat (at most maxSide^2 samples).
import type { Box, RgbImage } from '../../core/index.js';

export interface SharpnessOptions {
  /** Longest side of the grey copy the Laplacian runs on. @defaultValue 64 */
  maxSide?: number;
}

/**
 * Variance of the 4-neighbour Laplacian over the box (clipped to the image), in grey levels squared.
 * Each grey sample is the mean luma of its block of source pixels. Returns 0 for boxes under 3x3 px.
 */
export function laplacianVariance(image: RgbImage, box: Box, options: SharpnessOptions = {}): number {
  const x0 = Math.max(0, Math.floor(box[0])), y0 = Math.max(0, Math.floor(box[1]));
  const x1 = Math.min(image.width, Math.ceil(box[2])), y1 = Math.min(image.height, Math.ceil(box[3]));
  const w = x1 - x0, h = y1 - y0;
  if (w < 3 || h < 3) return 0;
  const maxSide = options.maxSide ?? 64;
  const scale = Math.min(1, maxSide / Math.max(w, h));
  const gw = Math.max(3, Math.round(w * scale)), gh = Math.max(3, Math.round(h * scale));
  const grey = downscaledGrey(image, x0, y0, w, h, gw, gh);
  let sum = 0, sumSq = 0, n = 0;
  for (let y = 1; y < gh - 1; y++) {
    for (let x = 1; x < gw - 1; x++) {
      const i = y * gw + x;
      const lap = grey[i - 1] + grey[i + 1] + grey[i - gw] + grey[i + gw] - 4 * grey[i];
      sum += lap;
      sumSq += lap * lap;
      n++;
    }
  }
  const mean = sum / n;
  return sumSq / n - mean * mean;
}

/** Block-mean Rec.601 luma of a region resampled to gw x gh. */
function downscaledGrey(image: RgbImage, x0: number, y0: number, w: number, h: number, gw: number, gh: number): Float32Array {
  const { data, width } = image;
  const grey = new Float32Array(gw * gh);
  for (let gy = 0; gy < gh; gy++) {
    const sy0 = y0 + Math.floor((gy * h) / gh), sy1 = Math.max(sy0 + 1, y0 + Math.floor(((gy + 1) * h) / gh));
    for (let gx = 0; gx < gw; gx++) {
      const sx0 = x0 + Math.floor((gx * w) / gw), sx1 = Math.max(sx0 + 1, x0 + Math.floor(((gx + 1) * w) / gw));
      let acc = 0;
      for (let y = sy0; y < sy1; y++) {
        for (let p = (y * width + sx0) * 3, end = (y * width + sx1) * 3; p < end; p += 3) {
          acc += 0.299 * data[p] + 0.587 * data[p + 1] + 0.114 * data[p + 2];
        }
      }
      grey[gy * gw + gx] = acc / ((sy1 - sy0) * (sx1 - sx0));
    }
  }
  return grey;
}
