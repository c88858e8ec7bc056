// Geometry primitives as plain tuples: a point is `[x, y]`, a polygon a list of points. The same
// shapes serve normalised coordinates (0..1, origin top-left, y down) and pixels.

/** `[x, y]`; x grows to the right, y grows downward (image convention). */
export type Point = readonly [number, number];

/** Vertices in order, implicitly closed; at least three for a zone. */
export type Polygon = readonly Point[];

/** A directed segment `[p0, p1]`; its direction defines which side is left and which is right. */
export type Segment = readonly [Point, Point];

/** Which point of a box stands for the object: its ground contact, or the box centre. */
export type Anchor = 'bottom_center' | 'center';
