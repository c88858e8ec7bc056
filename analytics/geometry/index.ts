// Public surface of analytics/geometry: points, polygons and directed lines over plain tuples.
export type { Point, Polygon, Segment, Anchor } from './types.js';
export { pointInPolygon, pointOnSegment, polygonArea, clipPolygonToBox, EDGE_EPSILON } from './point-in-polygon.js';
export { lineCross, signedDistance, sideOfLine, segmentCrossing, type LineSide, type CrossingDirection } from './line-side.js';
export { toPixels, toNormalised, polygonToPixels, boxAnchor, boxSize } from './scale.js';
export { simplePolygonProblem, isSimplePolygon, segmentsMeet, SIMPLE_POLYGON_EPSILON, type PolygonProblem } from './simple-polygon.js';
