// Sides of a directed line and crossings of it, in image coordinates (x right, y DOWN).
//
// Convention, as a person looking at the picture sees it: stand on p0, face p1; "left" and "right"
// are your hands. With y pointing down the screen, the 2-D cross product (p1 - p0) x (p - p0) is
// NEGATIVE for points on that left and POSITIVE on the right (the opposite of the y-up maths habit).
// Worked example: p0 = (0.5, 0), p1 = (0.5, 1), a vertical line drawn downward. Facing down the
// screen is like facing south on a north-up map: your left hand points east, i.e. to the image's
// RIGHT half. For p = (0.8, 0.5): cross = (0 * 0.5) - (1 * 0.3) = -0.3 < 0, so p is on the left.
// A crossing is "forward" from left to right of p0->p1: here an object moving from x > 0.5 to
// x < 0.5 (right to left on screen). For a line drawn rightward (p0 = (0, 0.5), p1 = (1, 0.5)),
// left is the upper half, and forward is moving down the screen.
import type { Point, Segment } from './types.js';

export type LineSide = 'left' | 'right' | 'on';
export type CrossingDirection = 'forward' | 'backward';

/** (p1 - p0) x (p - p0); negative = left of p0->p1 as seen in the image, positive = right. */
export function lineCross(p: Point, line: Segment): number {
  const [a, b] = line;
  return (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
}

/** Signed perpendicular distance from the infinite line through `line`: negative = left, positive = right. */
export function signedDistance(p: Point, line: Segment): number {
  const [a, b] = line;
  const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
  return len === 0 ? 0 : lineCross(p, line) / len;
}

/** The side of `p` with respect to the directed line p0->p1 (see the module comment). */
export function sideOfLine(p: Point, line: Segment): LineSide {
  const c = lineCross(p, line);
  return c < 0 ? 'left' : c > 0 ? 'right' : 'on';
}

/**
 * The crossing made by moving straight from `from` to `to`, if that path passes through the
 * segment p0-p1 itself (not its extension): 'forward' when going from its left to its right,
 * 'backward' for the reverse, undefined when it does not cross or only touches the line.
 */
export function segmentCrossing(from: Point, to: Point, line: Segment): CrossingDirection | undefined {
  const cf = lineCross(from, line), ct = lineCross(to, line);
  if (cf === 0 || ct === 0 || (cf < 0) === (ct < 0)) return undefined;
  const t = cf / (cf - ct);
  const x = from[0] + t * (to[0] - from[0]), y = from[1] + t * (to[1] - from[1]);
  const [a, b] = line;
  const dx = b[0] - a[0], dy = b[1] - a[1];
  const u = ((x - a[0]) * dx + (y - a[1]) * dy) / (dx * dx + dy * dy);
  if (u < 0 || u > 1) return undefined;
  return cf < 0 ? 'forward' : 'backward';
}
