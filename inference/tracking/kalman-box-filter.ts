// Constant-velocity Kalman filter over one box: state [cx, cy, w, h, vcx, vcy, vw, vh] with
// velocities in pixels per second, so a step of any length (variable frame rate, dropped frames)
// predicts correctly. Noise scales with the box height, as in ByteTrack/DeepSORT, so near and far
// objects are equally confident. Plain Float64Array maths, no matrix library.
import type { Box } from '../../core/index.js';

/** Noise model of a `KalmanBoxFilter`, relative to the box height. */
export interface KalmanNoise {
  /** Measurement std of cx, cy, w, h as a fraction of h. @defaultValue 0.05 */
  measurement: number;
  /** Position process std as a fraction of h per sqrt(second). @defaultValue 0.275 */
  position: number;
  /** Velocity process std as a fraction of h per second per sqrt(second). @defaultValue 0.34 */
  velocity: number;
}

// ByteTrack's per-frame weights (1/20 for position, 1/160 for velocity at 30 fps) restated per
// second: a random-walk variance grows linearly with time, so std per sqrt(s) = per-frame std * sqrt(30)
// for position, and (per-frame std * 30) * sqrt(30) for velocity in px/s.
export const DEFAULT_KALMAN_NOISE: Readonly<KalmanNoise> = Object.freeze({ measurement: 1 / 20, position: Math.sqrt(30) / 20, velocity: (30 * Math.sqrt(30)) / 160 });

const N = 8;
const M = 4;
/** Smallest width or height a predicted box keeps, so a shrinking track never inverts. */
const MIN_SIDE = 1;

export class KalmanBoxFilter {
  /** State mean [cx, cy, w, h, vcx, vcy, vw, vh]. */
  readonly mean = new Float64Array(N);
  /** State covariance, row-major 8x8. */
  readonly covariance = new Float64Array(N * N);
  readonly #noise: KalmanNoise;
  // Scratch space reused by every step: no allocation per frame.
  readonly #tmp = new Float64Array(N * N);
  readonly #gain = new Float64Array(N * M);
  readonly #s = new Float64Array(M * M);

  constructor(box: Box, noise: KalmanNoise = DEFAULT_KALMAN_NOISE) {
    this.#noise = noise;
    const [cx, cy, w, h] = boxToCxcywh(box);
    this.mean.set([cx, cy, w, h, 0, 0, 0, 0]);
    const p = 2 * noise.measurement * h;
    // Unknown velocity at birth: a std of two box heights per second covers walkers and cars
    // alike, so the filter locks on within a couple of frames at 30 fps or at 5 fps.
    const v = 2 * h;
    for (let i = 0; i < M; i++) {
      this.covariance[i * N + i] = p * p;
      this.covariance[(i + M) * N + i + M] = v * v;
    }
  }

  /** Advances the state by `dtSeconds` (0 leaves it unchanged). */
  predict(dtSeconds: number): void {
    if (!(dtSeconds > 0)) return;
    const x = this.mean, P = this.covariance, T = this.#tmp;
    for (let i = 0; i < M; i++) x[i] += dtSeconds * x[i + M];
    // P <- F P F^T with F = [[I, dt I], [0, I]], done in place: rows then columns.
    T.set(P);
    for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) T[i * N + j] += dtSeconds * P[(i + M) * N + j];
    P.set(T);
    for (let i = 0; i < N; i++) for (let j = 0; j < M; j++) P[i * N + j] += dtSeconds * T[i * N + j + M];
    const h = Math.max(x[3], MIN_SIDE);
    const qp = (this.#noise.position * h) ** 2 * dtSeconds;
    const qv = (this.#noise.velocity * h) ** 2 * dtSeconds;
    for (let i = 0; i < M; i++) {
      P[i * N + i] += qp;
      P[(i + M) * N + i + M] += qv;
    }
  }

  /** Corrects the state with a measured box. */
  update(box: Box): void {
    const x = this.mean, P = this.covariance, S = this.#s, K = this.#gain;
    const z = boxToCxcywh(box);
    const r = (this.#noise.measurement * Math.max(x[3], MIN_SIDE)) ** 2;
    // S = H P H^T + R is the top-left 4x4 block of P plus R.
    for (let i = 0; i < M; i++) for (let j = 0; j < M; j++) S[i * M + j] = P[i * N + j] + (i === j ? r : 0);
    invert4(S);
    // K = P H^T S^-1: the first four columns of P times S^-1.
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < M; j++) {
        let sum = 0;
        for (let k = 0; k < M; k++) sum += P[i * N + k] * S[k * M + j];
        K[i * M + j] = sum;
      }
    }
    const y = [z[0] - x[0], z[1] - x[1], z[2] - x[2], z[3] - x[3]];
    for (let i = 0; i < N; i++) x[i] += K[i * M] * y[0] + K[i * M + 1] * y[1] + K[i * M + 2] * y[2] + K[i * M + 3] * y[3];
    // P <- (I - K H) P: subtract K times the first four rows of P.
    const T = this.#tmp;
    T.set(P);
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) {
        let sum = 0;
        for (let k = 0; k < M; k++) sum += K[i * M + k] * T[k * N + j];
        P[i * N + j] = T[i * N + j] - sum;
      }
    }
  }

  /** Current box estimate as `[x1, y1, x2, y2]`. */
  box(): Box {
    const [cx, cy] = this.mean;
    const w = Math.max(this.mean[2], MIN_SIDE), h = Math.max(this.mean[3], MIN_SIDE);
    return [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2];
  }

  /** Velocity of the box centre in pixels per second. */
  velocity(): [number, number] {
    return [this.mean[4], this.mean[5]];
  }
}

function boxToCxcywh(b: Box): [number, number, number, number] {
  return [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2, b[2] - b[0], b[3] - b[1]];
}

/** Inverts a symmetric positive-definite 4x4 matrix in place by Gauss-Jordan elimination. */
const aug = new Float64Array(M * 2 * M);
function invert4(a: Float64Array): void {
  aug.fill(0);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < M; j++) aug[i * 2 * M + j] = a[i * M + j];
    aug[i * 2 * M + M + i] = 1;
  }
  for (let col = 0; col < M; col++) {
    let pivot = col;
    for (let r = col + 1; r < M; r++) if (Math.abs(aug[r * 2 * M + col]) > Math.abs(aug[pivot * 2 * M + col])) pivot = r;
    if (pivot !== col) for (let j = 0; j < 2 * M; j++) [aug[col * 2 * M + j], aug[pivot * 2 * M + j]] = [aug[pivot * 2 * M + j], aug[col * 2 * M + j]];
    const d = aug[col * 2 * M + col];
    for (let j = 0; j < 2 * M; j++) aug[col * 2 * M + j] /= d;
    for (let r = 0; r < M; r++) {
      if (r === col) continue;
      const f = aug[r * 2 * M + col];
      if (f !== 0) for (let j = 0; j < 2 * M; j++) aug[r * 2 * M + j] -= f * aug[col * 2 * M + j];
    }
  }
  for (let i = 0; i < M; i++) for (let j = 0; j < M; j++) a[i * M + j] = aug[i * 2 * M + M + j];
}
