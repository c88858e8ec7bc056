// Kind 1 of issue 9: an object first confirmed beyond a counting line was never counted. A car
// entering from the right edge at 5 fps is detected at 0.4-0.7 for several frames and confirmed
// only after it passed the mid-frame line. The line rule now starts a track's side from its first
// detection (tentative frames included), and the tracker keeps a tentative track alive on
// low-score detections, so the crossing is counted, once, and jitter still is not.
import t from 'tap';
import type { Detection, FrameDetections } from '../../core/index.js';
import { RuleEngine, validateRules, type LineCrossingEvent } from '../../analytics/index.js';
import { ObjectAnalytics } from '../../worker/index.js';
import { frame, H, W } from './helpers/synthetic-tracks.js';

const rules = validateRules({ lines: [{ id: 'mid', points: [[0.5, 0], [0.5, 1]] }], rules: [{ id: 'flow', type: 'line_crossing', line: 'mid', labels: ['car'] }] });

/** Box 100x50 whose bottom-centre anchor is at pixel x `cx`, y 300. */
const carBox = (cx: number): [number, number, number, number] => [cx - 50, 250, cx + 50, 300];

t.test('rule: a track first seen before the line, first confirmed beyond it, is counted once', async (t) => {
  const engine = new RuleEngine(rules);
  const crossings: LineCrossingEvent[] = [];
  // Confirmed at x = 0.42 (beyond the line); its tentative frames began at x = 0.7.
  for (const [i, x] of [0.42, 0.38, 0.34, 0.3].entries()) {
    const f = frame(i * 200, [{ id: 1, label: 'car', at: [x, 0.6], size: [100, 50] }]);
    const tracks = f.tracks.map((tr) => ({ ...tr, firstPtsMs: -600, firstBox: carBox(0.7 * W) }));
    crossings.push(...engine.update({ ...f, tracks }).crossings);
  }
  t.equal(crossings.length, 1, 'one crossing');
  t.match(crossings[0], { trackId: 1, direction: 'forward', ptsMs: 0 });
});

t.test('rule: a first position inside the margin band decides nothing (hysteresis kept)', async (t) => {
  const engine = new RuleEngine(rules);
  let n = 0;
  // First seen 3 px right of the line (inside the 10.6 px band), then it wobbles and settles left.
  for (const [i, x] of [0.497, 0.503, 0.498, 0.45, 0.44].entries()) {
    const f = frame(i * 200, [{ id: 1, label: 'car', at: [x, 0.6], size: [100, 50] }]);
    n += engine.update({ ...f, tracks: f.tracks.map((tr) => ({ ...tr, firstBox: carBox(0.503 * W) })) }).crossings.length;
  }
  t.equal(n, 0, 'no crossing from a start inside the band');
});

t.test('rule: a track that starts beyond the line and stays there is not counted; one that comes back is counted once each way', async (t) => {
  const engine = new RuleEngine(rules);
  const out: LineCrossingEvent[] = [];
  const xs = [0.3, 0.25, 0.2, 0.3, 0.45, 0.6, 0.7];
  for (const [i, x] of xs.entries()) {
    const f = frame(i * 200, [{ id: 1, label: 'car', at: [x, 0.6], size: [100, 50] }]);
    out.push(...engine.update({ ...f, tracks: f.tracks.map((tr) => ({ ...tr, firstBox: carBox(0.32 * W) })) }).crossings);
  }
  t.same(out.map((c) => c.direction), ['backward'], 'only the real crossing back');
});

/** The car: entering from the right at 5 fps, scores between 0.4 and 0.7, crossing the middle. */
function enteringCar(i: number): Detection | undefined {
  const scores = [0.45, 0.64, 0.47, 0.61, 0.48, 0.46, 0.62, 0.66, 0.58, 0.7, 0.68, 0.66, 0.7, 0.7, 0.7, 0.7];
  if (i >= scores.length) return undefined;
  return { label: 'car', classId: 2, score: scores[i], box: carBox(620 - 25 * i) };
}

t.test('tracker + rules: the low-score car entering at 5 fps is counted once', async (t) => {
  const a = new ObjectAnalytics({ camera: 'cam', rules, snapshots: false });
  const crossings: LineCrossingEvent[] = [];
  let confirmedAtX: number | undefined;
  for (let i = 0; i < 24; i++) {
    const d = enteringCar(i);
    const fd: FrameDetections = { sourceId: 'cam', frameIndex: i, ptsMs: i * 200, width: W, height: H, detections: d ? [d] : [], latencyMs: 0 };
    const out = a.process(fd, 1_700_000_000_000 + i * 200);
    const tr = out.frame.tracks.find((x) => x.state === 'confirmed');
    if (tr && confirmedAtX === undefined) { confirmedAtX = (tr.box[0] + tr.box[2]) / 2 / W; t.ok(tr.firstBox, 'the track carries its first box'); }
    crossings.push(...out.crossings);
  }
  crossings.push(...a.flush().crossings);
  t.ok(confirmedAtX !== undefined && confirmedAtX < 0.49, `the car got a track, confirmed beyond the line (x = ${confirmedAtX?.toFixed(3)})`);
  t.equal(crossings.length, 1, 'counted exactly once');
  t.equal(crossings[0]?.direction, 'forward');
  t.same(a.counts()[0].forward, 1);
});

t.test('rule: a track forgotten after its crossing and found again is not counted a second time from its first position', async (t) => {
  const engine = new RuleEngine(rules, { forgetAfterMs: 1000 });
  let n = 0;
  const at = (i: number, x: number) => {
    const f = frame(i * 200, [{ id: 1, label: 'car', at: [x, 0.6], size: [100, 50] }]);
    n += engine.update({ ...f, tracks: f.tracks.map((tr) => ({ ...tr, firstBox: carBox(0.8 * W) })) }).crossings.length;
  };
  [0.8, 0.7, 0.4, 0.3].forEach((x, i) => at(i, x));
  t.equal(n, 1, 'counted once');
  engine.update(frame(4000, []));
  for (let i = 25; i < 28; i++) at(i, 0.3); // back after being forgotten, still beyond the line
  t.equal(n, 1, 'not counted again');
});
