// Surveyed calibration points often come as lat/lon; the ground plane works in local metres. An
// equirectangular projection about a nearby origin is accurate to centimetres over a camera's view
// (a few hundred metres).

export interface LatLon {
  /** Degrees, WGS84. */
  readonly lat: number;
  readonly lon: number;
}

/** Mean Earth radius (IUGG), metres. */
const EARTH_RADIUS_M = 6_371_008.8;

/** [east, north] in metres of `point` from `origin`; valid for distances of a few kilometres. */
export function latLonToLocalMetres(origin: LatLon, point: LatLon): [number, number] {
  const rad = Math.PI / 180;
  let dLon = point.lon - origin.lon;
  if (dLon > 180) dLon -= 360;
  else if (dLon < -180) dLon += 360;
  const east = dLon * rad * EARTH_RADIUS_M * Math.cos(((origin.lat + point.lat) / 2) * rad);
  const north = (point.lat - origin.lat) * rad * EARTH_RADIUS_M;
  return [east, north];
}
