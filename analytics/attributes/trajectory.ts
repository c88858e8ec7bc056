// A track's path as timestamped image points, and its simplification to a bounded number of points
// for storage and drawing. The anchor is the bottom-centre of the box: the point where the object
// meets the ground, which is what a ground-plane calibration maps to metres.
import type { Box } from '../../core/index.js';

export interface TrajectoryPoint {
  /** Stream pts in milliseconds. */
  readonly ptsMs: number;
  /** Image pixels, x right, y down. */
  readonly x: number;
  readonly y: number;
}

/** The trajectory point of a box: its bottom-centre at `ptsMs`. */
export function anchorPoint(box: Box, ptsMs: number): TrajectoryPoint {
  return { ptsMs, x: (box[0] + box[2]) / 2, y: box[3] };
}

export interface DownsampleOptions {
  /** Stop adding points once none lies farther than this from the simplified path, pixels. @defaultValue 0 */
  tolerancePx?: number;
}

/**
 * At most `maxPoints` points (>= 2) of `points`, always the first and the last, chosen by a
 * top-down Ramer-Douglas-Peucker that repeatedly adds the point farthest from the current polyline, so
 * turns survive and straight runs collapse. Distance is spatial only; the kept points keep their pts.
 * Stops early when every remaining point is within `tolerancePx`.
 */
export function downsampleTrajectory(points: readonly TrajectoryPoint[], maxPoints: number, options: DownsampleOptions = {}): TrajectoryPoint[] {
  const limit = Math.max(2, Math.floor(maxPoints));
  if (points.length <= limit) return points.slice();
  const tolerance = options.tolerancePx ?? 0;
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const segments: Segment[] = [farthest(points, 0, points.length - 1)];
  for (let kept = 2; kept < limit; kept++) {
    let best = -1;
    for (let s = 0; s < segments.length; s++) if (best < 0 || segments[s].distance > segments[best].distance) best = s;
    const seg = segments[best];
    if (seg.index < 0 || seg.distance <= tolerance) break;
    keep[seg.index] = 1;
    segments.splice(best, 1, farthest(points, seg.start, seg.index), farthest(points, seg.index, seg.end));
  }
  const out: TrajectoryPoint[] = [];
  for (let i = 0; i < points.length; i++) if (keep[i]) out.push(points[i]);
  return out;
}

interface Segment { start: number; end: number; index: number; distance: number }

/** The point strictly between start and end farthest from the chord start-end (index -1 if none). */
function farthest(points: readonly TrajectoryPoint[], start: number, end: number): Segment {
  const a = points[start], b = points[end];
  const dx = b.x - a.x, dy = b.y - a.y;
  const len = Math.hypot(dx, dy);
  let index = -1, distance = -1;
  for (let i = start + 1; i < end; i++) {
    const p = points[i];
    const d = len > 0 ? Math.abs(dx * (p.y - a.y) - dy * (p.x - a.x)) / len : Math.hypot(p.x - a.x, p.y - a.y);
    if (d > distance) { distance = d; index = i; }
  }
  return { start, end, index, distance };
}
