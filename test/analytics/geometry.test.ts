// Geometry primitives: closed polygons (edges and vertices inside), the image-space side
// convention of directed lines with its worked example, segment crossings, scaling and anchors.
import t from 'tap';
import {
  boxAnchor, boxSize, clipPolygonToBox, pointInPolygon, pointOnSegment, polygonArea, polygonToPixels,
  segmentCrossing, sideOfLine, signedDistance, toNormalised, toPixels, type Polygon, type Segment,
} from '../../analytics/index.js';

const square: Polygon = [[0.2, 0.2], [0.6, 0.2], [0.6, 0.6], [0.2, 0.6]];

t.test('point in polygon: inside, outside, and the boundary belongs to the zone', async (t) => {
  t.ok(pointInPolygon([0.4, 0.4], square));
  t.notOk(pointInPolygon([0.7, 0.4], square));
  t.notOk(pointInPolygon([0.4, 0.1], square));
  for (const p of [[0.2, 0.4], [0.6, 0.4], [0.4, 0.2], [0.4, 0.6]] as const) t.ok(pointInPolygon(p, square), `edge ${p}`);
  for (const p of square) t.ok(pointInPolygon(p, square), `vertex ${p}`);
  t.notOk(pointInPolygon([0.6 + 1e-6, 0.4], square), 'just outside an edge is outside');
  t.ok(pointInPolygon([0.6, 0.4], [...square].reverse()), 'either winding');
});

t.test('point in a concave polygon and on a ray through a vertex', async (t) => {
  // A "U": the notch [0.4..0.6] x [0..0.6] is outside.
  const u: Polygon = [[0.2, 0], [0.4, 0], [0.4, 0.6], [0.6, 0.6], [0.6, 0], [0.8, 0], [0.8, 1], [0.2, 1]];
  t.notOk(pointInPolygon([0.5, 0.3], u));
  t.ok(pointInPolygon([0.3, 0.3], u));
  t.ok(pointInPolygon([0.7, 0.3], u));
  t.ok(pointInPolygon([0.5, 0.8], u));
  t.ok(pointInPolygon([0.3, 0.6], u), 'ray at the height of a vertex counts once');
  t.notOk(pointInPolygon([0.1, 0.6], u));
});

t.test('side of a directed line, as a person looking at the picture sees it (y down)', async (t) => {
  // Worked example: p0 = (0.5, 0), p1 = (0.5, 1) is drawn downward. Facing down the screen, your
  // left hand points to the image's right half (x > 0.5): cross = 0*0.5 - 1*0.3 = -0.3 < 0 = left.
  const down: Segment = [[0.5, 0], [0.5, 1]];
  t.equal(sideOfLine([0.8, 0.5], down), 'left');
  t.equal(sideOfLine([0.2, 0.5], down), 'right');
  t.equal(sideOfLine([0.5, 0.7], down), 'on');
  t.ok(Math.abs(signedDistance([0.8, 0.5], down) + 0.3) < 1e-12, 'signed distance -0.3: negative = left');
  // Drawn rightward: left is the upper half of the image.
  const right: Segment = [[0, 0.5], [1, 0.5]];
  t.equal(sideOfLine([0.5, 0.2], right), 'left');
  t.equal(sideOfLine([0.5, 0.8], right), 'right');
});

t.test('crossings: forward = left to right of p0->p1, only through the segment itself', async (t) => {
  const down: Segment = [[0.5, 0], [0.5, 1]];
  t.equal(segmentCrossing([0.8, 0.5], [0.2, 0.5], down), 'forward', 'moving right to left on screen is forward');
  t.equal(segmentCrossing([0.2, 0.5], [0.8, 0.5], down), 'backward');
  t.equal(segmentCrossing([0.8, 0.5], [0.6, 0.5], down), undefined, 'no crossing');
  t.equal(segmentCrossing([0.8, 0.5], [0.5, 0.5], down), undefined, 'touching the line is not crossing');
  const short: Segment = [[0.5, 0.2], [0.5, 0.4]];
  t.equal(segmentCrossing([0.8, 0.9], [0.2, 0.9], short), undefined, 'passing beyond the end of the segment');
  t.equal(segmentCrossing([0.8, 0.4], [0.2, 0.4], short), 'forward', 'through the end point');
});

t.test('scaling, anchors and clipping', async (t) => {
  t.same(toPixels([0.5, 0.25], 1920, 1080), [960, 270]);
  t.same(toNormalised([960, 270], 1920, 1080), [0.5, 0.25]);
  t.same(polygonToPixels([[0, 0], [1, 1]], 10, 20), [[0, 0], [10, 20]]);
  t.same(boxAnchor([10, 20, 30, 60]), [20, 60], 'bottom-centre by default');
  t.same(boxAnchor([10, 20, 30, 60], 'center'), [20, 40]);
  t.equal(boxSize([0, 0, 40, 90]), 60);
  t.ok(pointOnSegment([0.5, 0.5], [0, 0], [1, 1]));
  t.ok(Math.abs(Math.abs(polygonArea(square)) - 0.16) < 1e-12, 'area 0.16');
  const pxSquare = polygonToPixels(square, 100, 100);
  t.equal(Math.abs(polygonArea(clipPolygonToBox(pxSquare, [40, 40, 100, 100]))), 400, 'a quarter of the zone');
  t.equal(clipPolygonToBox(pxSquare, [70, 70, 90, 90]).length, 0, 'disjoint');
});
