import t from 'tap';
import { applyHomography, GroundPlane, latLonToLocalMetres, solveHomography, type GroundPointPair } from '../../../analytics/attributes/index.js';

// A camera looking down a street: a perspective homography from ground metres (east, north) to pixels.
const G2I = new Float64Array([40, 8, 600, -3, -12, 700, 0.002, 0.025, 1]);
const groundPts: Array<[number, number]> = [[-5, 2], [6, 3], [7, 30], [-6, 28]];
const pairs: GroundPointPair[] = groundPts.map((g) => ({ image: applyHomography(G2I, g[0], g[1]), ground: g }));

t.test('four pairs give a homography that round-trips between image and ground', async (t) => {
  const plane = GroundPlane.fromPointPairs(pairs);
  for (const g of [[0, 0], [3, 10], [-4, 20], [5, 45]] as const) {
    const img = applyHomography(G2I, g[0], g[1]);
    const back = plane.imageToGround(img[0], img[1]);
    t.ok(Math.hypot(back[0] - g[0], back[1] - g[1]) < 1e-6, `ground (${g}) -> image -> ground: ${back.map((v) => v.toFixed(6))}`);
    const again = plane.groundToImage(back[0], back[1]);
    t.ok(Math.hypot(again[0] - img[0], again[1] - img[1]) < 1e-6, 'and back to the same pixel');
  }
  const h = solveHomography(groundPts, pairs.map((p) => p.image));
  for (let i = 0; i < 9; i++) t.ok(Math.abs(h[i] - G2I[i]) < 1e-6 * Math.max(1, Math.abs(G2I[i])), `H[${i}]`);
});

t.test('points above the horizon have no ground position', async (t) => {
  const plane = GroundPlane.fromPointPairs(pairs);
  // The horizon is where 0.002 e + 0.025 n + 1 = 0 on the ground side, i.e. the image line of ground points at infinity.
  const farAway = plane.groundToImage(0, 1e7);
  const above = plane.imageToGround(farAway[0], farAway[1] - 50);
  t.ok(Number.isNaN(above[0]) && Number.isNaN(above[1]), `got ${above}`);
});

t.test('normalised image points give the same calibration as pixels', async (t) => {
  const px = GroundPlane.fromPointPairs(pairs);
  const norm = GroundPlane.fromPointPairs(pairs.map((p) => ({ image: [p.image[0] / 1280, p.image[1] / 720], ground: p.ground })), { imageUnits: 'normalised', imageWidth: 1280, imageHeight: 720 });
  const a = px.imageToGround(640, 500), b = norm.imageToGround(640, 500);
  t.ok(Math.hypot(a[0] - b[0], a[1] - b[1]) < 1e-6);
  t.throws(() => GroundPlane.fromPointPairs(pairs, { imageUnits: 'normalised' }), { code: 'E_CONFIG_INVALID' });
});

t.test('degenerate calibrations are rejected with E_CONFIG_INVALID', async (t) => {
  const err = { name: 'SharpeyeError', code: 'E_CONFIG_INVALID' };
  t.throws(() => GroundPlane.fromPointPairs(pairs.slice(0, 3)), err, 'three pairs');
  t.throws(() => GroundPlane.fromPointPairs([...pairs, pairs[0]]), err, 'five pairs');
  const collinearImage = pairs.map((p, i) => ({ ...p, image: [100 + 50 * i, 200 + 25 * i] as [number, number] }));
  t.throws(() => GroundPlane.fromPointPairs(collinearImage), err, 'collinear image points');
  const threeOnALine = pairs.map((p, i) => (i === 3 ? { ...p, ground: [20, 4] as [number, number] } : p));
  t.throws(() => GroundPlane.fromPointPairs(threeOnALine), err, 'three ground points on a line');
  const repeated = pairs.map((p, i) => (i === 2 ? { ...p, image: pairs[1].image } : p));
  t.throws(() => GroundPlane.fromPointPairs(repeated), err, 'a repeated image point');
  const swapped = pairs.map((p, i) => (i === 0 ? { ...p, ground: pairs[1].ground } : i === 1 ? { ...p, ground: pairs[0].ground } : p));
  t.throws(() => GroundPlane.fromPointPairs(swapped), err, 'a swapped pair');
  t.throws(() => GroundPlane.fromPointPairs(pairs.map((p, i) => (i === 0 ? { ...p, ground: [NaN, 1] as [number, number] } : p))), err, 'NaN');
});

t.test('lat/lon converts to local east/north metres', async (t) => {
  const origin = { lat: 51.5, lon: -0.12 };
  const [e, n] = latLonToLocalMetres(origin, { lat: 51.501, lon: -0.119 });
  t.ok(Math.abs(n - 111.195) < 0.01, `north ${n}`);
  t.ok(Math.abs(e - 111.195 * Math.cos((51.5005 * Math.PI) / 180)) < 0.01, `east ${e}`);
});
