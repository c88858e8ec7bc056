// MotionGate on synthetic frames with scripted timestamps: skips static frames, admits on motion,
// holds while watched objects are seen, heartbeats after long skips, and survives pts restarts.
import t from 'tap';
import type { Detection, Frame } from '../../../core/index.js';
import { MotionGate, type MotionGateOptions } from '../../../ingest/index.js';
import type { FrameGate } from '../../../worker/camera-scheduler.js';
import { scene, type SceneOptions } from './synthetic-scene.js';

const STEP_MS = 200; // 5 fps
const small = { width: 160, height: 120 };
const frameAt = (i: number, o: SceneOptions = {}): Frame => scene({ ...small, index: i, ptsMs: i * STEP_MS, ...o });
const car = (score = 0.9): Detection => ({ label: 'car', classId: 2, score, box: [10, 10, 40, 30] });
const bench = (): Detection => ({ label: 'bench', classId: 13, score: 0.8, box: [0, 60, 160, 120] });
const mover = (i: number) => ({ blocks: [{ x: (i * 7) % 140, y: 40, w: 16, h: 16, gray: 240 }] });

/** Feeds frames 0..n-1 (pts i * 200 ms) and returns the indices admitted; `detect` answers admitted frames. */
function drive(gate: MotionGate, n: number, scene: (i: number) => SceneOptions = () => ({}), detect: (i: number) => Detection[] = () => []): number[] {
  const admitted: number[] = [];
  for (let i = 0; i < n; i++) {
    const frame = frameAt(i, scene(i));
    if (!gate.admit(frame)) continue;
    admitted.push(i);
    gate.observe(detect(i), frame);
  }
  return admitted;
}

t.test('is a FrameGate for the camera scheduler', async (t) => {
  const gate: FrameGate = new MotionGate();
  t.ok(gate);
});

t.test('a static scene is skipped after the first frame, with a heartbeat every maxSkipMs', async (t) => {
  const gate = new MotionGate();
  const admitted = drive(gate, 120); // 24 s at 5 fps
  t.same(admitted, [0, 50, 100], 'warm-up at 0 s, heartbeats at 10 s and 20 s');
  t.same(gate.stats, { framesSeen: 120, admitted: 3, skipped: 117, savedFraction: 117 / 120, admittedBy: { 'warm-up': 1, motion: 0, objects: 0, heartbeat: 2 } });
});

t.test('motion is admitted, and the reason is recorded', async (t) => {
  const gate = new MotionGate();
  const admitted = drive(gate, 20, (i) => (i >= 5 && i < 10 ? mover(i) : {}));
  t.same(admitted.slice(0, 1), [0]);
  t.ok([5, 6, 7, 8, 9].every((i) => admitted.includes(i)), `frames 5-9 with a moving block admitted (${admitted.join(',')})`);
  t.ok(admitted.length <= 7, 'static frames before and after are skipped (the block leaving is motion once)');
  t.equal(gate.stats.admittedBy.motion, admitted.length - 1);
  gate.admit(frameAt(20));
  t.equal(gate.lastReason, null, 'a static frame is skipped');
  gate.admit(frameAt(21, mover(21)));
  t.equal(gate.lastReason, 'motion');
  t.equal(gate.lastResult?.motion, true);
});

t.test('objects hold the gate open for holdMs after they were last seen', async (t) => {
  const gate = new MotionGate({ holdMs: 2000 });
  // A parked car, no motion: the detector sees it on frames 0..9 (0..1800 ms), then it is gone.
  const admitted = drive(gate, 40, () => ({}), (i) => (i < 10 ? [car()] : []));
  t.same(admitted, Array.from({ length: 20 }, (_, i) => i), 'admitted up to 2 s after the car was last seen (frame 19, 3800 ms)');
  t.equal(gate.stats.admittedBy.objects, 19);
  t.equal(gate.stats.skipped, 20);
});

t.test('a tracked object keeps every frame admitted', async (t) => {
  const gate = new MotionGate();
  t.equal(drive(gate, 100, () => ({}), () => [car()]).length, 100);
  t.equal(gate.stats.savedFraction, 0);
});

t.test('only watched labels at minScore hold the gate', async (t) => {
  const benchOnly = new MotionGate({ watchLabels: ['car', 'person'] });
  t.same(drive(benchOnly, 20, () => ({}), () => [bench()]), [0], 'a bench is not watched');
  const weakCar = new MotionGate({ watchLabels: ['car'], minScore: 0.5 });
  t.same(drive(weakCar, 20, () => ({}), () => [car(0.3)]), [0], 'a car at 0.3 is below minScore');
  const anyLabel = new MotionGate();
  t.equal(drive(anyLabel, 20, () => ({}), () => [bench()]).length, 20, 'no watchLabels: any label holds');
});

t.test('holdMs 0 and maxSkipMs Infinity: only motion and warm-up admit', async (t) => {
  const gate = new MotionGate({ holdMs: 0, maxSkipMs: Infinity });
  t.same(drive(gate, 200, () => ({}), () => [car()]), [0], 'the car seen at 0 ms holds nothing after it; 40 s without a heartbeat');
});

t.test('pts going backwards (a reconnect) starts a new timeline', async (t) => {
  const gate = new MotionGate();
  drive(gate, 30, () => ({}), (i) => (i === 0 ? [car()] : []));
  gate.observe([car()], frameAt(40)); // a stale result from a later pts than anything admitted: ignored
  t.equal(gate.admit(frameAt(30)), false, 'a result from the future does not hold the gate');
  t.equal(gate.admit({ ...frameAt(0), index: 31 }), true, 'pts back at 0: admitted as a heartbeat');
  t.equal(gate.lastReason, 'heartbeat');
  t.equal(gate.admit({ ...frameAt(1), index: 32 }), false, 'then gating resumes');
});

t.test("timeSource 'received' measures on receivedAtMs", async (t) => {
  const gate = new MotionGate({ timeSource: 'received', maxSkipMs: 1000 });
  // pts stuck at 0 (some cameras), wall clock advancing 200 ms per frame.
  const admitted: number[] = [];
  for (let i = 0; i < 12; i++) if (gate.admit(scene({ ...small, index: i, ptsMs: 0, receivedAtMs: 1_000_000 + i * STEP_MS }))) admitted.push(i);
  t.same(admitted, [0, 5, 10]);
});

t.test('options are validated, naming the option', async (t) => {
  const bad: Array<[MotionGateOptions, RegExp]> = [
    [{ holdMs: -1 }, /^holdMs must be/],
    [{ maxSkipMs: 0 }, /^maxSkipMs must be/],
    [{ maxSkipMs: Number.NaN }, /^maxSkipMs must be/],
    [{ minScore: 2 }, /^minScore must be/],
    [{ timeSource: 'wall' as 'pts' }, /^timeSource must be 'pts' or 'received'/],
    [{ watchLabels: ['car', ''] }, /^watchLabels\[1\] must be a non-empty label/],
    [{ pixelThreshold: -5 }, /^pixelThreshold must be/],
    [{ ignore: [[[0, 0], [0, 1], [2, 2]]] }, /^ignore\[0\]\[2\] must be/],
  ];
  for (const [options, message] of bad) t.throws(() => new MotionGate(options), { name: 'SharpeyeError', code: 'E_CONFIG_INVALID', message }, JSON.stringify(options));
});

t.test('detector options pass through to its MotionDetector', async (t) => {
  const gate = new MotionGate({ pixelThreshold: 40, minChangedFraction: 0.01, analysisWidth: 80, holdMs: 500 });
  t.match(gate.detector.options, { pixelThreshold: 40, minChangedFraction: 0.01, analysisWidth: 80, learningRate: 0.05 });
  t.notOk('holdMs' in gate.detector.options, 'gate options stay with the gate');
});
