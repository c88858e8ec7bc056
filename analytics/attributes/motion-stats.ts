// Mean speed and heading of a track from its trajectory (bottom-centre anchor points). Points are
// first smoothed by a centred moving average so detector jitter does not add path length; speed is
// the smoothed path length over the duration, heading the direction of the smoothed net displacement.
import type { GroundPlane } from './ground-plane.js';
import type { TrajectoryPoint } from './trajectory.js';

export interface MotionStatsOptions {
  /** Ground-plane calibration; adds metres/s and compass heading. */
  calibration?: GroundPlane;
  /**
   * Points in the centred moving average. Near the ends the window shrinks symmetrically, so the first
   * and last points stay put and a straight, steady path is left exactly as it was. @defaultValue 5
   */
  smoothingPoints?: number;
  /** Net image displacement under which the object counts as stationary and has no heading, pixels. @defaultValue 3 */
  minDisplacementPx?: number;
  /** Net ground displacement under which there is no compass heading, metres. @defaultValue 0.5 */
  minDisplacementM?: number;
}

export interface GroundMotion {
  readonly pathLengthM: number;
  /** Smoothed path length over duration, metres per second. */
  readonly meanSpeedMPerS: number;
  /** Straight-line displacement over duration, metres per second. */
  readonly netSpeedMPerS: number;
  /** Compass heading of the net displacement: 0 = north, 90 = east, 0..360; null when stationary. */
  readonly compassHeadingDeg: number | null;
}

export interface MotionStats {
  /** Time from the first to the last point, ms. */
  readonly durationMs: number;
  readonly pathLengthPx: number;
  /** Smoothed path length over duration, pixels per second (turns count in full). */
  readonly meanSpeedPxPerS: number;
  /** Straight-line displacement of the smoothed path over duration, pixels per second. */
  readonly netSpeedPxPerS: number;
  /**
   * Image heading of the net displacement, clockwise from image-up: 0 = towards the top of the frame,
   * 90 = right, 180 = down, 270 = left, 0..360; null when stationary.
   */
  readonly headingDeg: number | null;
  /** Present with a calibration when at least two points lie below the horizon. */
  readonly ground?: GroundMotion;
}

/** Motion of a trajectory whose points are in ascending pts order (points with a repeated pts are ignored). */
export function motionStats(points: readonly TrajectoryPoint[], options: MotionStatsOptions = {}): MotionStats {
  const path = increasing(points);
  smoothInPlace(path.xs, path.ys, options.smoothingPoints ?? 5);
  const image = summarise(path.ts, path.xs, path.ys, path.n);
  const headingDeg = image.net >= (options.minDisplacementPx ?? 3) ? bearing(image.dx, -image.dy) : null;
  const stats: MotionStats = {
    durationMs: image.durationMs, pathLengthPx: image.length,
    meanSpeedPxPerS: image.speed, netSpeedPxPerS: image.netSpeed, headingDeg,
  };
  if (options.calibration === undefined) return stats;
  const ground = toGround(path, options.calibration);
  if (ground.n < 2) return stats;
  const g = summarise(ground.ts, ground.xs, ground.ys, ground.n);
  return {
    ...stats,
    ground: {
      pathLengthM: g.length, meanSpeedMPerS: g.speed, netSpeedMPerS: g.netSpeed,
      compassHeadingDeg: g.net >= (options.minDisplacementM ?? 0.5) ? bearing(g.dx, g.dy) : null,
    },
  };
}

interface Path { ts: Float64Array; xs: Float64Array; ys: Float64Array; n: number }

function increasing(points: readonly TrajectoryPoint[]): Path {
  const ts = new Float64Array(points.length), xs = new Float64Array(points.length), ys = new Float64Array(points.length);
  let n = 0;
  for (const p of points) {
    if (n > 0 && !(p.ptsMs > ts[n - 1])) continue;
    ts[n] = p.ptsMs;
    xs[n] = p.x;
    ys[n] = p.y;
    n++;
  }
  return { ts: ts.subarray(0, n), xs: xs.subarray(0, n), ys: ys.subarray(0, n), n };
}

function smoothInPlace(xs: Float64Array, ys: Float64Array, window: number): void {
  const half = Math.max(0, Math.floor(window / 2));
  if (half === 0 || xs.length < 3) return;
  const sx = xs.slice(), sy = ys.slice();
  for (let i = 0; i < xs.length; i++) {
    const r = Math.min(half, i, xs.length - 1 - i);
    let ax = 0, ay = 0;
    for (let j = i - r; j <= i + r; j++) { ax += sx[j]; ay += sy[j]; }
    xs[i] = ax / (2 * r + 1);
    ys[i] = ay / (2 * r + 1);
  }
}

function toGround(path: Path, plane: GroundPlane): Path {
  const ts = new Float64Array(path.n), xs = new Float64Array(path.n), ys = new Float64Array(path.n);
  let n = 0;
  for (let i = 0; i < path.n; i++) {
    const [e, north] = plane.imageToGround(path.xs[i], path.ys[i]);
    if (!Number.isFinite(e) || !Number.isFinite(north)) continue;
    ts[n] = path.ts[i];
    xs[n] = e;
    ys[n] = north;
    n++;
  }
  return { ts, xs, ys, n };
}

function summarise(ts: Float64Array, xs: Float64Array, ys: Float64Array, n: number) {
  let length = 0;
  for (let i = 1; i < n; i++) length += Math.hypot(xs[i] - xs[i - 1], ys[i] - ys[i - 1]);
  const durationMs = n > 1 ? ts[n - 1] - ts[0] : 0;
  const dx = n > 1 ? xs[n - 1] - xs[0] : 0, dy = n > 1 ? ys[n - 1] - ys[0] : 0;
  const net = Math.hypot(dx, dy);
  const seconds = durationMs / 1000;
  return { durationMs, length, dx, dy, net, speed: seconds > 0 ? length / seconds : 0, netSpeed: seconds > 0 ? net / seconds : 0 };
}

/** Clockwise angle of (east-like, north-like) from north-like, degrees in [0, 360). */
function bearing(east: number, north: number): number {
  const deg = (Math.atan2(east, north) * 180) / Math.PI;
  return deg < 0 ? deg + 360 : deg === 360 ? 0 : deg;
}
