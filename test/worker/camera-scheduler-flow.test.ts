// CameraScheduler, direct, on a real detector (the calls are observed, never replaced): at most
// one frame per camera in the detector while another camera uses the second session; a waiting
// frame replaced by a newer one is counted, and every frame taken is accounted for; a camera that
// idled banks no credit (it does not get a run of turns when it wakes up), and a newcomer starts
// level. Round-robin among equals and fair share by model work (tiling) are in
// camera-scheduler.test.ts and camera-tiling.test.ts.
import t from 'tap';
import type { Frame, FrameDetections } from '../../core/index.js';
import { Detector } from '../../inference/index.js';
import { readImageFile } from '../../ingest/index.js';
import { CameraScheduler } from '../../worker/index.js';
import { image, MODEL_DIR } from '../helpers/fixtures.js';
import { runUntil, ScriptedCamera } from '../helpers/scripted-camera.js';

const bus = await readImageFile(image('bus.jpg'));

/** Watches the detector's real calls: frames of each camera inside `infer` at once, and all frames at once. */
function observeInFlight(detector: Detector) {
  const seen = { maxPerCamera: 0, maxTotal: 0 };
  const perCamera = new Map<string, number>();
  let total = 0;
  const ids = new WeakMap<object, string[]>();
  const prepare = detector.prepare.bind(detector), infer = detector.infer.bind(detector);
  detector.prepare = (images, o) => {
    const batch = prepare(images, o);
    ids.set(batch, images.map((i) => (i as Frame).sourceId));
    return batch;
  };
  detector.infer = async (batch) => {
    const cams = ids.get(batch) ?? [];
    for (const c of cams) perCamera.set(c, (perCamera.get(c) ?? 0) + 1);
    total += cams.length;
    seen.maxPerCamera = Math.max(seen.maxPerCamera, ...perCamera.values());
    seen.maxTotal = Math.max(seen.maxTotal, total);
    try {
      return await infer(batch);
    } finally {
      for (const c of cams) perCamera.set(c, perCamera.get(c)! - 1);
      total -= cams.length;
    }
  };
  return seen;
}

t.test('two sessions, two busy cameras: both sessions work, never two frames of one camera at once', async (t) => {
  const detector = await Detector.create({ model: 'yolox-nano', modelDir: MODEL_DIR, sessions: 2 });
  t.teardown(() => detector.close());
  const seen = observeInFlight(detector);
  const scheduler = new CameraScheduler(detector);
  for (const id of ['a', 'b']) scheduler.add(new ScriptedCamera(id, bus));
  const results = await runUntil(scheduler, 16);
  t.equal(seen.maxPerCamera, 1, 'at most one frame per camera in the detector');
  t.equal(seen.maxTotal, 2, 'while the two cameras did use both sessions at once');
  for (const id of ['a', 'b']) {
    const pts = results.filter((r) => r.sourceId === id).map((r) => r.ptsMs);
    t.ok(pts.every((p, i) => i === 0 || p > pts[i - 1]), `${id}: detections in frame order`);
  }
});

t.test('a waiting frame replaced by a newer one is counted, and every frame taken is accounted for', async (t) => {
  const detector = await Detector.create({ model: 'yolox-nano', modelDir: MODEL_DIR, sessions: 2 });
  t.teardown(() => detector.close());
  const scheduler = new CameraScheduler(detector);
  const cam = new ScriptedCamera('fast', bus);
  scheduler.add(cam);
  // With a second session free, the scheduler takes the next frame while one is in the detector;
  // it waits (one frame per camera at a time) and the frame after replaces it.
  const results = await runUntil(scheduler, 10);
  const s = scheduler.stats;
  t.ok(s.framesReplaced >= 5, `${s.framesReplaced} frames replaced while waiting`);
  t.equal(scheduler.framesReplacedOf('fast'), s.framesReplaced, 'counted for the camera');
  t.equal(scheduler.framesReplacedOf('nobody'), 0);
  const stillWaiting = cam.taken - s.framesDetected - s.framesReplaced;
  t.ok(stillWaiting === 0 || stillWaiting === 1, `taken ${cam.taken} = detected ${s.framesDetected} + replaced ${s.framesReplaced} + ${stillWaiting} waiting at stop`);
  t.ok(results.length >= 10);
  const pts = results.map((r) => r.ptsMs);
  t.ok(pts.slice(1).some((p, i) => p - pts[i] > 200), 'the detector saw the newest frames, skipping the replaced ones');
});

t.test('fair share: a camera that idled banks no credit, and a newcomer starts level', async (t) => {
  const detector = await Detector.create({ model: 'yolox-nano', modelDir: MODEL_DIR, sessions: 1, runner: 'in-thread' });
  t.teardown(() => detector.close());
  const scheduler = new CameraScheduler(detector);
  // 'late' has no frame for its first 6 turns, while 'busy' is served six times alone.
  scheduler.add(new ScriptedCamera('busy', bus));
  scheduler.add(new ScriptedCamera('late', bus, { wakeAfter: 6 }));
  const order: string[] = [];
  let added = false;
  const results = await new Promise<FrameDetections[]>((resolve) => {
    const all: FrameDetections[] = [];
    scheduler.on('detections', (r) => {
      all.push(r);
      order.push(r.sourceId);
      // After 14 frames a third camera joins: it must not be owed the 14 turns it never asked for.
      if (all.length === 14 && !added) { added = true; scheduler.add(new ScriptedCamera('new', bus)); }
      if (all.length === 26) resolve(all);
    });
    scheduler.start();
  });
  await scheduler.stop();
  const firstLate = order.indexOf('late');
  t.ok(firstLate > 0, `'busy' ran alone first (${order.slice(0, firstLate).join(',')})`);
  const afterWake = order.slice(firstLate, 14);
  const longestRun = (xs: string[], id: string) => Math.max(0, ...xs.map((_, i) => { let n = 0; while (xs[i + n] === id) n++; return n; }));
  t.ok(longestRun(afterWake, 'late') <= 1, `after waking, 'late' takes turns with 'busy' instead of catching up: ${afterWake.join(',')}`);
  const lastTwelve = order.slice(14);
  t.ok(longestRun(lastTwelve, 'new') <= 1, `the newcomer takes turns, no run of catch-up turns: ${lastTwelve.join(',')}`);
  const counts = ['busy', 'late', 'new'].map((id) => lastTwelve.filter((x) => x === id).length);
  t.ok(Math.max(...counts) - Math.min(...counts) <= 1, `three equal shares after the newcomer joined: ${counts.join(',')}`);
  t.equal(results.length, 26);
});
