// Is a zone a simple polygon? Occupancy, point-in-polygon and every area figure assume that the
// boundary never crosses or touches itself: a "bow-tie" has a signed area that is neither its
// covered area nor zero, so it must be refused where zones enter the system (files and the API).
import type { Point, Polygon } from './types.js';

/** Coordinates closer than this (in the polygon's own units, normalised 0..1) count as equal. */
export const SIMPLE_POLYGON_EPSILON = 1e-12;

/** Why a polygon is not a simple polygon; `message` says it in words, naming vertices by index. */
export type PolygonProblem =
  | { kind: 'too-few-points'; message: string }
  | { kind: 'not-finite'; vertex: number; message: string }
  | { kind: 'repeated-point'; vertices: [number, number]; message: string }
  | { kind: 'collinear'; message: string }
  | { kind: 'self-intersecting'; edges: [number, number]; message: string }
  | { kind: 'zero-area'; message: string };

const EPS = SIMPLE_POLYGON_EPSILON;

/** Twice the signed area of triangle a-b-c; 0 (within EPS) when the three are on one line. */
function orient(a: Point, b: Point, c: Point): number {
  const v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
  return Math.abs(v) <= EPS ? 0 : Math.sign(v);
}

/** `p` lies within the bounding box of a-b (used once a, b and p are known to be collinear). */
function withinBox(p: Point, a: Point, b: Point): boolean {
  return p[0] >= Math.min(a[0], b[0]) - EPS && p[0] <= Math.max(a[0], b[0]) + EPS
    && p[1] >= Math.min(a[1], b[1]) - EPS && p[1] <= Math.max(a[1], b[1]) + EPS;
}

/**
 * How two closed segments meet: 'cross' (interiors cross at one point), 'touch' (an endpoint lies
 * on the other segment, including collinear overlap), or undefined when they are disjoint.
 */
export function segmentsMeet(p1: Point, p2: Point, p3: Point, p4: Point): 'cross' | 'touch' | undefined {
  const o1 = orient(p1, p2, p3), o2 = orient(p1, p2, p4), o3 = orient(p3, p4, p1), o4 = orient(p3, p4, p2);
  if (o1 * o2 < 0 && o3 * o4 < 0) return 'cross';
  if ((o1 === 0 && withinBox(p3, p1, p2)) || (o2 === 0 && withinBox(p4, p1, p2))
    || (o3 === 0 && withinBox(p1, p3, p4)) || (o4 === 0 && withinBox(p2, p3, p4))) return 'touch';
  return undefined;
}

const same = (a: Point, b: Point) => Math.abs(a[0] - b[0]) <= EPS && Math.abs(a[1] - b[1]) <= EPS;

/**
 * The first reason `polygon` (vertices in order, implicitly closed) is not a simple polygon, or
 * undefined when it is one. Checked in this order: fewer than 3 distinct points, a non-finite
 * coordinate, a point given twice (consecutive or not), all points on one line, two edges that
 * cross, touch or overlap (including an edge folding back onto its neighbour, a "spike"), zero
 * area. O(n^2) in the number of vertices; callers bound n (rules files allow 1000).
 */
export function simplePolygonProblem(polygon: Polygon): PolygonProblem | undefined {
  const n = polygon.length;
  const bad = polygon.findIndex((p) => !Number.isFinite(p[0]) || !Number.isFinite(p[1]));
  if (bad >= 0) return { kind: 'not-finite', vertex: bad, message: `vertex ${bad} is not a finite point` };
  const distinct = polygon.filter((p, i) => polygon.findIndex((q) => same(p, q)) === i).length;
  if (distinct < 3) return { kind: 'too-few-points', message: `has ${distinct} distinct point${distinct === 1 ? '' : 's'}; a zone needs at least 3` };
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (same(polygon[i], polygon[j])) return { kind: 'repeated-point', vertices: [i, j], message: `repeats a point: vertices ${i} and ${j} are the same; give each corner once` };
    }
  }
  if (polygon.every((p) => orient(polygon[0], polygon[1], p) === 0)) return { kind: 'collinear', message: 'has zero area: all its points are on one line; give at least 3 points that are not on one line' };
  const edge = (i: number): [Point, Point] => [polygon[i], polygon[(i + 1) % n]];
  const name = (i: number) => `edge ${i}-${(i + 1) % n}`;
  for (let i = 0; i < n; i++) {
    // Neighbouring edges share a vertex; they only overlap when the second turns straight back.
    const [a, b] = edge(i), c = polygon[(i + 2) % n];
    if (orient(a, b, c) === 0 && (b[0] - a[0]) * (c[0] - b[0]) + (b[1] - a[1]) * (c[1] - b[1]) < 0) {
      return { kind: 'self-intersecting', edges: [i, (i + 1) % n], message: `is self-intersecting: ${name((i + 1) % n)} folds back onto ${name(i)}; draw the outline without spikes` };
    }
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue; // the closing edge is the first edge's other neighbour
      const meet = segmentsMeet(...edge(i), ...edge(j));
      if (meet) {
        const verb = meet === 'cross' ? 'crosses' : 'touches';
        return { kind: 'self-intersecting', edges: [i, j], message: `is self-intersecting: ${name(i)} ${verb} ${name(j)}; a zone must be a simple polygon (an outline that never crosses or touches itself)` };
      }
    }
  }
  let area = 0;
  for (let i = 0, j = n - 1; i < n; j = i++) area += polygon[j][0] * polygon[i][1] - polygon[i][0] * polygon[j][1];
  if (Math.abs(area / 2) <= EPS) return { kind: 'zero-area', message: 'has zero area' };
  return undefined;
}

/** True when `polygon` is a simple polygon with at least 3 distinct points and a non-zero area. */
export const isSimplePolygon = (polygon: Polygon): boolean => simplePolygonProblem(polygon) === undefined;
