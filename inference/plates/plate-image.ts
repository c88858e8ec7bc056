// Pixel work of the plate reader on packed RGB: perspective rectification of a plate quad into an
// upright crop, plain bilinear resizing, and the split-and-merge that lays a double-layer plate's
// two rows side by side for a one-line recogniser.
import { SharpeyeError, type RgbImage } from '../../core/index.js';
import { solveHomography, type Quad } from './homography.js';

const dist = (a: readonly [number, number], b: readonly [number, number]) => Math.hypot(a[0] - b[0], a[1] - b[1]);

/**
 * The upright size of a plate quad: the longer of its top and bottom edges by the longer of its
 * left and right edges, rounded, at least 2x2 and at most `maxSide` on each side (the size the
 * pyimagesearch `four_point_transform` the plate_rec_color reference pipeline uses would pick).
 */
export function quadCropSize(q: Quad, maxSide = 1024): { width: number; height: number } {
  const w = Math.max(dist(q[0], q[1]), dist(q[3], q[2]));
  const h = Math.max(dist(q[0], q[3]), dist(q[1], q[2]));
  const fit = (v: number) => Math.min(maxSide, Math.max(2, Math.round(v)));
  return { width: fit(w), height: fit(h) };
}

/**
 * Samples the quadrilateral `q` of `image` (source pixels, corners TL, TR, BR, BL) into an upright
 * `width x height` crop. Corner i of the crop (pixel centres (0,0), (w-1,0), (w-1,h-1), (0,h-1), as
 * OpenCV's `warpPerspective` after `getPerspectiveTransform` places them) lands on `q[i]`; each
 * crop pixel is the bilinear interpolation of the four source pixels around its mapped position,
 * clamped to the image's edges. Returns null for a degenerate quad (no homography).
 */
export function rectifyQuad(image: RgbImage, q: Quad, width: number, height: number): RgbImage | null {
  checkImage(image);
  const rect: Quad = [[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]];
  const h = solveHomography(rect, q);
  if (!h) return null;
  const out = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const d = h[6] * x + h[7] * y + h[8];
      sampleInto(image, (h[0] * x + h[1] * y + h[2]) / d, (h[3] * x + h[4] * y + h[5]) / d, out, (y * width + x) * 3);
    }
  }
  return { width, height, data: out };
}

/** Bilinear sample of `image` at (sx, sy) (pixel-centre coordinates, edge-clamped) into out[o..o+2]. */
function sampleInto(image: RgbImage, sx: number, sy: number, out: Uint8Array, o: number): void {
  const { width: w, height: ht, data } = image;
  const cx = Math.min(Math.max(sx, 0), w - 1), cy = Math.min(Math.max(sy, 0), ht - 1);
  const x0 = Math.floor(cx), y0 = Math.floor(cy);
  const x1 = Math.min(x0 + 1, w - 1), y1 = Math.min(y0 + 1, ht - 1);
  const fx = cx - x0, fy = cy - y0;
  const p00 = (y0 * w + x0) * 3, p01 = (y0 * w + x1) * 3, p10 = (y1 * w + x0) * 3, p11 = (y1 * w + x1) * 3;
  const w00 = (1 - fx) * (1 - fy), w01 = fx * (1 - fy), w10 = (1 - fx) * fy, w11 = fx * fy;
  for (let c = 0; c < 3; c++) {
    out[o + c] = Math.round(data[p00 + c] * w00 + data[p01 + c] * w01 + data[p10 + c] * w10 + data[p11 + c] * w11);
  }
}

/** `image` resized to `width x height`, bilinear with half-pixel centres (OpenCV's INTER_LINEAR). */
export function resizeRgb(image: RgbImage, width: number, height: number): RgbImage {
  checkImage(image);
  if (image.width === width && image.height === height) return image;
  const out = new Uint8Array(width * height * 3);
  const rx = image.width / width, ry = image.height / height;
  for (let y = 0; y < height; y++) {
    const sy = (y + 0.5) * ry - 0.5;
    for (let x = 0; x < width; x++) sampleInto(image, (x + 0.5) * rx - 0.5, sy, out, (y * width + x) * 3);
  }
  return { width, height, data: out };
}

/** Rows [y0, y1) of `image` as a new image. */
export function rowsOf(image: RgbImage, y0: number, y1: number): RgbImage {
  const stride = image.width * 3;
  return { width: image.width, height: y1 - y0, data: image.data.slice(y0 * stride, y1 * stride) };
}

/**
 * A double-layer plate as one line: the top 5/12 of the crop (province character and letter),
 * resized to the size of the part from 1/3 down (the second row), placed to its left. This is
 * `get_split_merge` of we0091234/Chinese_license_plate_detection_recognition, which plate_rec_color
 * was trained with.
 */
export function splitMergeDoubleLayer(crop: RgbImage): RgbImage {
  const h = crop.height;
  const upper = rowsOf(crop, 0, Math.max(1, Math.floor((5 / 12) * h)));
  const lower = rowsOf(crop, Math.min(h - 1, Math.floor(h / 3)), h);
  const top = resizeRgb(upper, lower.width, lower.height);
  const width = lower.width * 2;
  const out = new Uint8Array(width * lower.height * 3);
  const row = lower.width * 3;
  for (let y = 0; y < lower.height; y++) {
    out.set(top.data.subarray(y * row, (y + 1) * row), y * width * 3);
    out.set(lower.data.subarray(y * row, (y + 1) * row), y * width * 3 + row);
  }
  return { width, height: lower.height, data: out };
}

function checkImage(image: RgbImage): void {
  if (!(image.width >= 1 && image.height >= 1) || image.data.length !== image.width * image.height * 3) {
    throw new SharpeyeError('E_INTERNAL', `image of ${image.width}x${image.height} has ${image.data.length} bytes; packed RGB needs ${image.width * image.height * 3}`);
  }
}
