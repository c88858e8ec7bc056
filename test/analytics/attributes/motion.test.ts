import t from 'tap';
import { anchorPoint, applyHomography, downsampleTrajectory, GroundPlane, motionStats, type TrajectoryPoint } from '../../../analytics/attributes/index.js';

/** Points every 100 ms for `seconds`, at pos(tSeconds), with deterministic +-jitter px noise. */
function path(seconds: number, pos: (s: number) => [number, number], jitter = 0): TrajectoryPoint[] {
  const out: TrajectoryPoint[] = [];
  let seed = 7;
  const noise = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return ((seed >> 8) / 0x7fffff - 0.5) * 2 * jitter;
  };
  for (let ms = 0; ms <= seconds * 1000; ms += 100) {
    const [x, y] = pos(ms / 1000);
    out.push({ ptsMs: 5000 + ms, x: x + noise(), y: y + noise() });
  }
  return out;
}

const near = (a: number | null | undefined, b: number, tol: number) => a !== null && a !== undefined && Math.abs(a - b) <= tol;

t.test('speed and image heading of straight paths', async (t) => {
  const right = motionStats(path(4, (s) => [100 + 50 * s, 300]));
  t.equal(right.durationMs, 4000);
  t.ok(near(right.meanSpeedPxPerS, 50, 1e-9));
  t.ok(near(right.headingDeg, 90, 1e-9), 'moving right is 90');
  t.ok(near(motionStats(path(4, (s) => [300, 400 - 30 * s])).headingDeg, 0, 1e-9), 'moving up the image is 0');
  t.ok(near(motionStats(path(4, (s) => [300, 100 + 30 * s])).headingDeg, 180, 1e-9), 'moving down is 180');
  t.ok(near(motionStats(path(4, (s) => [300 - 20 * s, 100 + 20 * s])).headingDeg, 225, 1e-9), 'down-left is 225');
  t.equal(right.ground, undefined, 'no ground motion without calibration');
});

t.test('smoothing keeps jitter from inflating the speed', async (t) => {
  const noisy = path(6, (s) => [100 + 40 * s, 300 + 10 * s], 3);
  const smoothed = motionStats(noisy);
  const raw = motionStats(noisy, { smoothingPoints: 1 });
  const truth = Math.hypot(40, 10);
  t.ok(Math.abs(smoothed.meanSpeedPxPerS - truth) < 0.15 * truth, `smoothed ${smoothed.meanSpeedPxPerS.toFixed(1)} vs ${truth.toFixed(1)}`);
  t.ok(raw.meanSpeedPxPerS > smoothed.meanSpeedPxPerS + 5, `raw ${raw.meanSpeedPxPerS.toFixed(1)} is inflated`);
  t.ok(near(smoothed.headingDeg, (Math.atan2(40, -10) * 180) / Math.PI, 3));
  const still = motionStats(path(5, () => [200, 200], 1.5));
  t.equal(still.headingDeg, null, 'a jittering parked object has no heading');
  t.ok(still.meanSpeedPxPerS < 10);
  const one = motionStats([{ ptsMs: 0, x: 1, y: 1 }]);
  t.same([one.durationMs, one.meanSpeedPxPerS, one.headingDeg], [0, 0, null], 'a single point');
});

t.test('with a calibration: metres per second and compass heading', async (t) => {
  // Top-down view, 20 px per metre, north up: image x = 20 * east, image y = 800 - 20 * north.
  const topDown = GroundPlane.fromPointPairs([
    { image: [0, 800], ground: [0, 0] }, { image: [800, 800], ground: [40, 0] },
    { image: [800, 0], ground: [40, 40] }, { image: [0, 0], ground: [0, 40] },
  ]);
  const north = motionStats(path(4, (s) => [400, 700 - 100 * s]), { calibration: topDown });
  t.ok(near(north.ground?.meanSpeedMPerS, 5, 1e-6), 'up the image at 100 px/s is 5 m/s');
  t.ok(near(north.ground?.compassHeadingDeg, 0, 1e-6), 'north is 0');
  const east = motionStats(path(4, (s) => [100 + 60 * s, 400]), { calibration: topDown });
  t.ok(near(east.ground?.compassHeadingDeg, 90, 1e-6), 'east is 90');
  t.ok(near(east.ground?.meanSpeedMPerS, 3, 1e-6));

  // Perspective camera: a car drives north-east on the ground at 10 m/s; the image path is not uniform.
  const g2i = new Float64Array([40, 8, 600, -3, -12, 700, 0.002, 0.025, 1]);
  const plane = GroundPlane.fromPointPairs([[-5, 2], [6, 3], [7, 30], [-6, 28]].map(([e, n]) => ({ image: applyHomography(g2i, e, n), ground: [e, n] as [number, number] })));
  const v = 10 / Math.SQRT2;
  const ne = motionStats(path(3, (s) => applyHomography(g2i, -3 + v * s, 5 + v * s)), { calibration: plane });
  t.ok(near(ne.ground?.meanSpeedMPerS, 10, 0.05), `ground speed ${ne.ground?.meanSpeedMPerS}`);
  t.ok(near(ne.ground?.compassHeadingDeg, 45, 0.1), `compass ${ne.ground?.compassHeadingDeg}`);
  t.ok(near(ne.ground?.netSpeedMPerS, 10, 0.05));
});

t.test('trajectory anchor and downsampling', async (t) => {
  t.same(anchorPoint([10, 20, 30, 60], 40), { ptsMs: 40, x: 20, y: 60 }, 'bottom-centre');
  // An L: 500 points right, then 500 points down, with a tiny wobble.
  const pts: TrajectoryPoint[] = [];
  for (let i = 0; i < 500; i++) pts.push({ ptsMs: i * 10, x: i, y: 100 + (i % 2) * 0.2 });
  for (let i = 0; i < 500; i++) pts.push({ ptsMs: 5000 + i * 10, x: 500 + (i % 2) * 0.2, y: 100 + i });
  const few = downsampleTrajectory(pts, 10);
  t.ok(few.length <= 10 && few.length >= 3);
  t.equal(few[0], pts[0], 'first kept');
  t.equal(few[few.length - 1], pts[pts.length - 1], 'last kept');
  t.ok(few.some((p) => Math.abs(p.x - 500) < 2 && Math.abs(p.y - 100) < 2), 'the corner is kept');
  t.ok(few.every((p, i) => i === 0 || p.ptsMs > few[i - 1].ptsMs), 'time order kept');
  t.equal(downsampleTrajectory(pts, 10, { tolerancePx: 1 }).length, 3, 'a tolerance stops at first, corner, last');
  t.same(downsampleTrajectory(pts.slice(0, 5), 10), pts.slice(0, 5), 'short paths are copied whole');
  t.equal(downsampleTrajectory(pts, 1).length, 2, 'at least first and last');
});
