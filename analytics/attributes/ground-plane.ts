// Ground-plane calibration: the homography between image pixels and metres on a flat ground, from
// exactly four image<->ground point pairs. Ground axes: x = east, y = north, in metres from any local
// origin (see latLonToLocalMetres for surveyed lat/lon). Image axes: x right, y down, in pixels.
import { SharpeyeError } from '../../core/index.js';

export type Point2 = readonly [number, number];

export interface GroundPointPair {
  /** Image point: pixels (x right, y down), or 0..1 of the frame with `imageUnits: 'normalised'`. */
  readonly image: Point2;
  /** The same spot on the ground, metres: [east, north]. */
  readonly ground: Point2;
}

export interface GroundPlaneOptions {
  /** Units of the pairs' image points. @defaultValue 'pixels' */
  imageUnits?: 'pixels' | 'normalised';
  /** Frame size, required with `imageUnits: 'normalised'` to turn the points into pixels. */
  imageWidth?: number;
  imageHeight?: number;
}

/** A 3x3 homography, row-major, acting on column vectors [x, y, 1]. */
export type Homography = Float64Array;

export class GroundPlane {
  /** Maps image pixels to ground metres. */
  readonly imageToGroundMatrix: Homography;
  /** Maps ground metres to image pixels. */
  readonly groundToImageMatrix: Homography;
  /** Sign of w for image points in front of the camera (those of the calibration). */
  readonly #frontSign: number;

  private constructor(imageToGround: Homography, frontSign: number) {
    this.imageToGroundMatrix = imageToGround;
    this.groundToImageMatrix = invert3x3(imageToGround);
    this.#frontSign = frontSign;
  }

  /**
   * Calibrates from exactly four pairs, no three of them collinear in the image or on the ground.
   * @throws SharpeyeError `E_CONFIG_INVALID` for another count, non-finite numbers, collinear or
   * repeated points, or pairs whose order is inconsistent (a swapped pair folds the plane).
   */
  static fromPointPairs(pairs: readonly GroundPointPair[], options: GroundPlaneOptions = {}): GroundPlane {
    if (pairs.length !== 4) {
      throw invalid(`a ground-plane calibration needs exactly 4 image/ground point pairs, got ${pairs.length}`, { count: pairs.length });
    }
    const image = pairs.map((p) => toPixels(p.image, options));
    const ground = pairs.map((p) => p.ground);
    for (const pt of [...image, ...ground]) {
      if (!Number.isFinite(pt[0]) || !Number.isFinite(pt[1])) throw invalid('a ground-plane calibration point is not a finite number', { point: [...pt] });
    }
    checkNotCollinear(image, 'image');
    checkNotCollinear(ground, 'ground');
    checkSameOrientation(image, ground);
    const h = solveHomography(image, ground);
    const w0 = h[6] * image[0][0] + h[7] * image[0][1] + h[8];
    return new GroundPlane(h, Math.sign(w0));
  }

  /** Ground [east, north] in metres of an image pixel; [NaN, NaN] at or above the horizon. */
  imageToGround(x: number, y: number): [number, number] {
    const m = this.imageToGroundMatrix;
    const w = m[6] * x + m[7] * y + m[8];
    if (w * this.#frontSign <= 1e-12) return [NaN, NaN];
    return [(m[0] * x + m[1] * y + m[2]) / w, (m[3] * x + m[4] * y + m[5]) / w];
  }

  /** Image pixel of a ground point [east, north] in metres. */
  groundToImage(east: number, north: number): [number, number] {
    return applyHomography(this.groundToImageMatrix, east, north);
  }
}

/** Applies a homography to one point; [NaN, NaN] where w is 0 (the line at infinity). */
export function applyHomography(h: Homography, x: number, y: number): [number, number] {
  const w = h[6] * x + h[7] * y + h[8];
  if (w === 0) return [NaN, NaN];
  return [(h[0] * x + h[1] * y + h[2]) / w, (h[3] * x + h[4] * y + h[5]) / w];
}

/**
 * The homography H with H * from[i] ~ to[i] for four point pairs, scaled so H[8] = 1 where possible.
 * Points are first centred and scaled (Hartley normalisation) so pixel and metre magnitudes do not
 * ruin the conditioning of the 8x8 system, which is solved by Gaussian elimination with partial pivoting.
 * @throws SharpeyeError `E_CONFIG_INVALID` when the system is singular (degenerate points).
 */
export function solveHomography(from: readonly Point2[], to: readonly Point2[]): Homography {
  const tFrom = normalisingTransform(from), tTo = normalisingTransform(to);
  const a = new Float64Array(8 * 9);
  for (let i = 0; i < 4; i++) {
    const [x, y] = applyHomography(tFrom, from[i][0], from[i][1]);
    const [u, v] = applyHomography(tTo, to[i][0], to[i][1]);
    a.set([x, y, 1, 0, 0, 0, -u * x, -u * y, u], (2 * i) * 9);
    a.set([0, 0, 0, x, y, 1, -v * x, -v * y, v], (2 * i + 1) * 9);
  }
  const sol = solveAugmented(a, 8);
  const hn = new Float64Array([sol[0], sol[1], sol[2], sol[3], sol[4], sol[5], sol[6], sol[7], 1]);
  const h = multiply3x3(invert3x3(tTo), multiply3x3(hn, tFrom));
  const scale = Math.abs(h[8]) > 1e-12 ? h[8] : Math.hypot(...h);
  for (let i = 0; i < 9; i++) h[i] /= scale;
  return h;
}

/** Solves an n x n system given as an n x (n+1) augmented row-major matrix; destroys `a`. */
function solveAugmented(a: Float64Array, n: number): Float64Array {
  const cols = n + 1;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r * cols + col]) > Math.abs(a[pivot * cols + col])) pivot = r;
    if (Math.abs(a[pivot * cols + col]) < 1e-10) {
      throw invalid('the ground-plane calibration points are degenerate (the homography system is singular); pick 4 points spread over the ground, no 3 on a line', {});
    }
    if (pivot !== col) {
      for (let c = 0; c < cols; c++) {
        const t = a[col * cols + c];
        a[col * cols + c] = a[pivot * cols + c];
        a[pivot * cols + c] = t;
      }
    }
    for (let r = col + 1; r < n; r++) {
      const f = a[r * cols + col] / a[col * cols + col];
      if (f === 0) continue;
      for (let c = col; c < cols; c++) a[r * cols + c] -= f * a[col * cols + c];
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = a[r * cols + n];
    for (let c = r + 1; c < n; c++) s -= a[r * cols + c] * x[c];
    x[r] = s / a[r * cols + r];
  }
  return x;
}

/** Similarity moving the points' centroid to 0 and their mean distance from it to sqrt(2). */
function normalisingTransform(points: readonly Point2[]): Homography {
  let cx = 0, cy = 0;
  for (const p of points) { cx += p[0]; cy += p[1]; }
  cx /= points.length;
  cy /= points.length;
  let d = 0;
  for (const p of points) d += Math.hypot(p[0] - cx, p[1] - cy);
  const s = d > 0 ? (Math.SQRT2 * points.length) / d : 1;
  return new Float64Array([s, 0, -s * cx, 0, s, -s * cy, 0, 0, 1]);
}

function multiply3x3(a: Homography, b: Homography): Homography {
  const out = new Float64Array(9);
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) out[r * 3 + c] = a[r * 3] * b[c] + a[r * 3 + 1] * b[3 + c] + a[r * 3 + 2] * b[6 + c];
  }
  return out;
}

function invert3x3(m: Homography): Homography {
  const [a, b, c, d, e, f, g, h, i] = m;
  const A = e * i - f * h, B = -(d * i - f * g), C = d * h - e * g;
  const det = a * A + b * B + c * C;
  if (Math.abs(det) < 1e-300) throw invalid('the ground-plane homography is singular; pick 4 points spread over the ground, no 3 on a line', {});
  return new Float64Array([
    A / det, -(b * i - c * h) / det, (b * f - c * e) / det,
    B / det, (a * i - c * g) / det, -(a * f - c * d) / det,
    C / det, -(a * h - b * g) / det, (a * e - b * d) / det,
  ]);
}

/** Twice the signed area of triangle (p, q, r). */
function cross(p: Point2, q: Point2, r: Point2): number {
  return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]);
}

const TRIPLES = [[0, 1, 2], [0, 1, 3], [0, 2, 3], [1, 2, 3]] as const;

/** Rejects any three points whose triangle is tiny relative to the spread of all four. */
function checkNotCollinear(points: readonly Point2[], side: 'image' | 'ground'): void {
  let extent = 0;
  for (const p of points) for (const q of points) extent = Math.max(extent, Math.hypot(p[0] - q[0], p[1] - q[1]));
  for (const [i, j, k] of TRIPLES) {
    if (extent === 0 || Math.abs(cross(points[i], points[j], points[k])) < 1e-6 * extent * extent) {
      throw invalid(`ground-plane calibration ${side} points ${i + 1}, ${j + 1} and ${k + 1} are collinear or repeated; pick 4 points spread over the ground, no 3 on a line`, { side, points: [i, j, k] });
    }
  }
}

/**
 * A perspective view of ground in front of the camera keeps (or mirrors, for all triangles at once) the
 * orientation of every triangle of calibration points; a mix means a pair was swapped or mistyped.
 */
function checkSameOrientation(image: readonly Point2[], ground: readonly Point2[]): void {
  const signs = TRIPLES.map(([i, j, k]) => Math.sign(cross(image[i], image[j], image[k])) * Math.sign(cross(ground[i], ground[j], ground[k])));
  if (!signs.every((s) => s === signs[0])) {
    throw invalid('ground-plane calibration point pairs are inconsistent: the image and ground quadrilaterals are not in the same order (check for a swapped pair)', { signs });
  }
}

function toPixels(p: Point2, options: GroundPlaneOptions): Point2 {
  if ((options.imageUnits ?? 'pixels') === 'pixels') return p;
  const { imageWidth, imageHeight } = options;
  if (!(imageWidth! > 0) || !(imageHeight! > 0)) {
    throw invalid('normalised ground-plane image points need imageWidth and imageHeight (> 0) to convert them to pixels', { imageWidth, imageHeight });
  }
  return [p[0] * imageWidth!, p[1] * imageHeight!];
}

function invalid(message: string, details: Record<string, unknown>): SharpeyeError {
  return new SharpeyeError('E_CONFIG_INVALID', message, { details });
}
