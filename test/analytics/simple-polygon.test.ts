// Zones must be simple polygons: a table of shapes that are (convex, concave, star, collinear
// corners, either winding) and are not (bow-ties, a vertex touching an edge, collinear overlaps,
// spikes, repeated points, too few points, all points on a line), each refused for its own reason.
import t from 'tap';
import { isSimplePolygon, polygonArea, segmentsMeet, simplePolygonProblem, type Polygon } from '../../analytics/index.js';

const star = (points: number, inner: number): Polygon => Array.from({ length: points * 2 }, (_, i) => {
  const r = i % 2 === 0 ? 0.4 : inner, a = (Math.PI * i) / points;
  return [0.5 + r * Math.cos(a), 0.5 + r * Math.sin(a)] as const;
});
const circle = (n: number): Polygon => Array.from({ length: n }, (_, i) => [0.5 + 0.4 * Math.cos((2 * Math.PI * i) / n), 0.5 + 0.4 * Math.sin((2 * Math.PI * i) / n)] as const);

const SIMPLE: Array<[string, Polygon]> = [
  ['triangle', [[0, 0], [1, 0], [1, 1]]],
  ['square clockwise on screen', [[0.2, 0.2], [0.6, 0.2], [0.6, 0.6], [0.2, 0.6]]],
  ['square the other way', [[0.2, 0.2], [0.2, 0.6], [0.6, 0.6], [0.6, 0.2]]],
  ['concave U', [[0.2, 0], [0.4, 0], [0.4, 0.6], [0.6, 0.6], [0.6, 0], [0.8, 0], [0.8, 1], [0.2, 1]]],
  ['concave L', [[0, 0], [0.5, 0], [0.5, 0.5], [1, 0.5], [1, 1], [0, 1]]],
  ['five-pointed star outline', star(5, 0.15)],
  ['twelve-pointed star outline', star(12, 0.3)],
  ['200-gon', circle(200)],
  ['a straight corner (collinear neighbour) is allowed', [[0, 0], [0.5, 0], [1, 0], [1, 1], [0, 1]]],
  ['hourglass whose waist does not touch', [[0, 0], [0.5, 0.5], [1, 0], [1, 1], [0.5, 0.5001], [0, 1]]],
  ['thin sliver', [[0, 0], [1, 0], [1, 1e-6]]],
  ['comb with narrow teeth', [[0, 0], [0.1, 0], [0.1, 0.8], [0.2, 0.8], [0.2, 0], [0.3, 0], [0.3, 0.8], [0.4, 0.8], [0.4, 0], [0.5, 0], [0.5, 1], [0, 1]]],
];

const NOT_SIMPLE: Array<[string, Polygon, string, RegExp]> = [
  ['symmetric bow-tie (signed area 0)', [[0, 0], [1, 1], [1, 0], [0, 1]], 'self-intersecting', /edge 0-1 crosses edge 2-3/],
  ['lopsided bow-tie of the issue (signed area != 0)', [[0.1, 0.1], [0.9, 0.6], [0.9, 0.1], [0.1, 0.9]], 'self-intersecting', /crosses/],
  ['hourglass whose waist crosses', [[0, 0], [0.5, 0.5], [1, 0], [1, 1], [0.5, 0.4999], [0, 1]], 'self-intersecting', /crosses/],
  ['pentagram drawn by its diagonals', [0, 2, 4, 1, 3].map((k) => [0.5 + 0.4 * Math.cos((2 * Math.PI * k) / 5), 0.5 + 0.4 * Math.sin((2 * Math.PI * k) / 5)] as const), 'self-intersecting', /crosses/],
  ['a vertex touching a non-adjacent edge', [[0, 0], [1, 0], [1, 1], [0.5, 0], [0, 1]], 'self-intersecting', /touches/],
  ['collinear overlap of two non-adjacent edges', [[0, 0], [1, 0], [1, 0.5], [0.8, 0.5], [0.8, 0], [0.6, 0], [0.6, 1], [0, 1]], 'self-intersecting', /touches/],
  ['a spike: an edge folds back onto its neighbour', [[0, 0], [1, 0], [1, 1], [1, 0.5], [0, 1]], 'self-intersecting', /folds back/],
  ['an out-and-back spike repeats its base point', [[0, 0], [0.5, 0], [0.5, -0], [1, 0], [1, 1], [0.5, 1], [0.5, 1.5], [0.5, 1], [0, 1]], 'repeated-point', /vertices/],
  ['a spike at the closing vertex', [[0.5, 0], [0, 0], [1, 0], [1, 1]], 'self-intersecting', /folds back/],
  ['consecutive repeated point', [[0, 0], [1, 0], [1, 0], [1, 1]], 'repeated-point', /vertices 1 and 2 are the same/],
  ['non-consecutive repeated point', [[0, 0], [0.5, 0.5], [1, 0], [1, 1], [0.5, 0.5], [0, 1]], 'repeated-point', /vertices 1 and 4 are the same/],
  ['closing point written out (first == last)', [[0, 0], [1, 0], [1, 1], [0, 0]], 'repeated-point', /vertices 0 and 3/],
  ['three points, two the same', [[0, 0], [1, 1], [0, 0]], 'too-few-points', /has 2 distinct points; a zone needs at least 3/],
  ['one point three times', [[0.3, 0.3], [0.3, 0.3], [0.3, 0.3]], 'too-few-points', /has 1 distinct point;/],
  ['all on one line', [[0, 0], [0.5, 0.5], [1, 1]], 'collinear', /has zero area: all its points are on one line/],
  ['all on one line, back and forth', [[0, 0], [1, 0], [0.5, 0], [0.25, 0]], 'collinear', /one line/],
  ['a NaN coordinate', [[0, 0], [1, 0], [Number.NaN, 1]], 'not-finite', /vertex 2/],
];

t.test('simple polygons are accepted, in either winding', async (t) => {
  for (const [name, polygon] of SIMPLE) {
    t.equal(simplePolygonProblem(polygon), undefined, name);
    t.ok(isSimplePolygon([...polygon].reverse()), `${name}, reversed`);
  }
});

t.test('every other polygon is refused, saying why', async (t) => {
  for (const [name, polygon, kind, message] of NOT_SIMPLE) {
    const problem = simplePolygonProblem(polygon);
    t.equal(problem?.kind, kind, name);
    t.match(problem?.message ?? '', message, name);
    t.notOk(isSimplePolygon([...polygon].reverse()), `${name}, reversed`);
  }
});

t.test('the symmetric bow-tie is self-intersecting, not "zero area"; the lopsided one has a misleading signed area', async (t) => {
  const symmetric: Polygon = [[0, 0], [1, 1], [1, 0], [0, 1]];
  t.equal(polygonArea(symmetric), 0, 'why the old check called it zero area');
  t.equal(simplePolygonProblem(symmetric)?.kind, 'self-intersecting');
  const lopsided: Polygon = [[0.1, 0.1], [0.9, 0.6], [0.9, 0.1], [0.1, 0.9]];
  t.not(polygonArea(lopsided), 0, 'the old check let this one through');
  t.equal(simplePolygonProblem(lopsided)?.kind, 'self-intersecting');
});

t.test('segment meeting: crossing, touching, collinear overlap, disjoint', async (t) => {
  t.equal(segmentsMeet([0, 0], [1, 1], [0, 1], [1, 0]), 'cross');
  t.equal(segmentsMeet([0, 0], [1, 0], [0.5, 0], [0.5, 1]), 'touch', 'T junction');
  t.equal(segmentsMeet([0, 0], [1, 0], [1, 0], [2, 1]), 'touch', 'shared end point');
  t.equal(segmentsMeet([0, 0], [1, 0], [0.5, 0], [2, 0]), 'touch', 'collinear overlap');
  t.equal(segmentsMeet([0, 0], [1, 0], [1.5, 0], [2, 0]), undefined, 'collinear, apart');
  t.equal(segmentsMeet([0, 0], [1, 0], [0, 0.1], [1, 0.1]), undefined, 'parallel');
  t.equal(segmentsMeet([0, 0], [1, 1], [0.6, 0.4], [1, 0]), undefined, 'would cross if extended');
});

t.test('random polygons: whatever is accepted has no crossing edge pair (checked by brute force)', async (t) => {
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  let accepted = 0, refused = 0;
  for (let k = 0; k < 400; k++) {
    const n = 4 + Math.floor(rand() * 5);
    const polygon: Polygon = Array.from({ length: n }, () => [Math.round(rand() * 8) / 8, Math.round(rand() * 8) / 8] as const);
    const problem = simplePolygonProblem(polygon);
    let crossing = false;
    for (let i = 0; i < n; i++) {
      for (let j = i + 2; j < n; j++) {
        if (i === 0 && j === n - 1) continue;
        if (segmentsMeet(polygon[i], polygon[(i + 1) % n], polygon[j], polygon[(j + 1) % n])) crossing = true;
      }
    }
    if (problem) refused++;
    else accepted++;
    if (!problem) t.notOk(crossing, `accepted ${JSON.stringify(polygon)} has no touching edges`);
    if (crossing) t.ok(problem, `${JSON.stringify(polygon)} is refused`);
  }
  t.ok(accepted > 20 && refused > 20, `both kinds seen (${accepted} accepted, ${refused} refused)`);
});
