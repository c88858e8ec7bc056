// Point-in-polygon for zones. The boundary belongs to the zone (a closed set): an anchor exactly on
// an edge or a vertex is inside, so a zone "touched only at its edge" counts as entered, the same
// way for every edge, whatever the polygon's winding.
import type { Point, Polygon } from './types.js';

/** Tolerance for "on the edge", in the polygon's own units (normalised 0..1 or pixels). */
export const EDGE_EPSILON = 1e-9;

/** True when `p` lies on the segment a-b (within `eps`). */
export function pointOnSegment(p: Point, a: Point, b: Point, eps = EDGE_EPSILON): boolean {
  const abx = b[0] - a[0], aby = b[1] - a[1];
  const apx = p[0] - a[0], apy = p[1] - a[1];
  const len = Math.hypot(abx, aby);
  if (len === 0) return Math.hypot(apx, apy) <= eps;
  if (Math.abs(abx * apy - aby * apx) / len > eps) return false;
  const t = (apx * abx + apy * aby) / (len * len);
  return t >= -eps / len && t <= 1 + eps / len;
}

/**
 * Even-odd ray casting with the boundary included. Works for convex and concave simple polygons in
 * either winding; the polygon is implicitly closed (last vertex joins the first).
 */
export function pointInPolygon(p: Point, polygon: Polygon): boolean {
  const n = polygon.length;
  if (n < 3) return false;
  const x = p[0], y = p[1];
  let inside = false;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const a = polygon[j], b = polygon[i];
    if (pointOnSegment(p, a, b)) return true;
    // Half-open rule on y so a ray through a vertex is counted once.
    if ((b[1] > y) !== (a[1] > y)) {
      const xCross = a[0] + ((y - a[1]) * (b[0] - a[0])) / (b[1] - a[1]);
      if (x < xCross) inside = !inside;
    }
  }
  return inside;
}

/** Signed area (shoelace); positive when the vertices run clockwise on screen (y down). */
export function polygonArea(polygon: Polygon): number {
  let s = 0;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    s += polygon[j][0] * polygon[i][1] - polygon[i][0] * polygon[j][1];
  }
  return s / 2;
}

/**
 * The part of `polygon` inside the axis-aligned box `[x1, y1, x2, y2]` (Sutherland-Hodgman against
 * the box's four half-planes). The box is convex, so a concave polygon clips to the right area.
 */
export function clipPolygonToBox(polygon: Polygon, box: readonly [number, number, number, number]): Point[] {
  let out: Point[] = polygon.map((q) => [q[0], q[1]] as Point);
  const edges: Array<[axis: 0 | 1, bound: number, keepAbove: boolean]> = [
    [0, box[0], true], [0, box[2], false], [1, box[1], true], [1, box[3], false],
  ];
  for (const [axis, bound, keepAbove] of edges) {
    const input = out;
    out = [];
    if (input.length === 0) break;
    const inside = (q: Point) => (keepAbove ? q[axis] >= bound : q[axis] <= bound);
    for (let i = 0; i < input.length; i++) {
      const cur = input[i], prev = input[(i + input.length - 1) % input.length];
      const curIn = inside(cur), prevIn = inside(prev);
      if (curIn !== prevIn) {
        const t = (bound - prev[axis]) / (cur[axis] - prev[axis]);
        out.push([prev[0] + t * (cur[0] - prev[0]), prev[1] + t * (cur[1] - prev[1])]);
      }
      if (curIn) out.push(cur);
    }
  }
  return out;
}
