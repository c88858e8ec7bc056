// Plane-to-plane homography from four point pairs, on plain typed arrays: what the plate reader
// uses to map a rectified plate crop back onto the detected corners. No OpenCV in Node, and the
// 8x8 solve is a few microseconds.

/** Four points in order top-left, top-right, bottom-right, bottom-left, as [x, y] pairs. */
export type Quad = readonly [readonly [number, number], readonly [number, number], readonly [number, number], readonly [number, number]];

/**
 * The 3x3 homography H (row-major, H[8] = 1) with `H · [x, y, 1]ᵀ ∝ [x', y', 1]ᵀ` for each pair
 * `from[i] -> to[i]`, or `null` when the points are degenerate (three on a line, repeated points).
 *
 * Method: the direct linear transform (Hartley & Zisserman, *Multiple View Geometry in Computer
 * Vision*, 2nd ed., §4.1) in its inhomogeneous form with h33 fixed to 1 (§4.1.2), which turns four
 * correspondences into an 8x8 linear system (the same system OpenCV's `getPerspectiveTransform`
 * solves), solved here by Gaussian elimination with partial pivoting.
 */
export function solveHomography(from: Quad, to: Quad): Float64Array | null {
  // Row-major augmented matrix [A | b], 8 rows of 9.
  const m = new Float64Array(8 * 9);
  for (let i = 0; i < 4; i++) {
    const [x, y] = from[i], [u, v] = to[i];
    m.set([x, y, 1, 0, 0, 0, -u * x, -u * y, u], (2 * i) * 9);
    m.set([0, 0, 0, x, y, 1, -v * x, -v * y, v], (2 * i + 1) * 9);
  }
  const h = solveLinear8(m);
  if (!h) return null;
  const out = new Float64Array(9);
  out.set(h);
  out[8] = 1;
  return out;
}

/** Solves the 8x8 system in `m` (augmented, row-major 8x9) in place; null when it is singular. */
function solveLinear8(m: Float64Array): Float64Array | null {
  const n = 8, w = 9;
  let scale = 0;
  for (let i = 0; i < n * w; i++) scale = Math.max(scale, Math.abs(m[i]));
  const eps = 1e-12 * Math.max(1, scale);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r * w + col]) > Math.abs(m[pivot * w + col])) pivot = r;
    if (Math.abs(m[pivot * w + col]) < eps) return null;
    if (pivot !== col) {
      for (let k = 0; k < w; k++) {
        const t = m[col * w + k]; m[col * w + k] = m[pivot * w + k]; m[pivot * w + k] = t;
      }
    }
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r * w + col] / m[col * w + col];
      if (f === 0) continue;
      for (let k = col; k < w; k++) m[r * w + k] -= f * m[col * w + k];
    }
  }
  const x = new Float64Array(n);
  for (let r = 0; r < n; r++) x[r] = m[r * w + n] / m[r * w + r];
  return x.every(Number.isFinite) ? x : null;
}

/** Maps one point through `h` (row-major 3x3). */
export function applyHomography(h: Float64Array, x: number, y: number): [number, number] {
  const d = h[6] * x + h[7] * y + h[8];
  return [(h[0] * x + h[1] * y + h[2]) / d, (h[3] * x + h[4] * y + h[5]) / d];
}
