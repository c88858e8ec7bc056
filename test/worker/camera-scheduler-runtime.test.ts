// CameraScheduler at run time, on a real detector: a camera added while it runs is served at once
// and starts level with the others (no banked share), a removed one gets no further turns and its
// listener is gone, a camera held back by `ready()` keeps its frame until woken, an id is unique.
import t from 'tap';
import type { FrameDetections } from '../../core/index.js';
import { Detector } from '../../inference/index.js';
import { readImageFile } from '../../ingest/index.js';
import { CameraScheduler } from '../../worker/index.js';
import { image, MODEL_DIR } from '../helpers/fixtures.js';
import { ScriptedCamera } from '../helpers/scripted-camera.js';

const bus = await readImageFile(image('bus.jpg'));

function until(scheduler: CameraScheduler, results: FrameDetections[], pred: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const on = (r: FrameDetections) => { results.push(r); if (pred()) { scheduler.off('detections', on); resolve(); } };
    scheduler.on('detections', on);
  });
}

t.test('add and remove while running', async (t) => {
  const detector = await Detector.create({ model: 'yolox-nano', modelDir: MODEL_DIR, sessions: 1, runner: 'in-thread' });
  t.teardown(() => detector.close());
  const scheduler = new CameraScheduler(detector);
  const a = new ScriptedCamera('a', bus), b = new ScriptedCamera('b', bus), c = new ScriptedCamera('c', bus);
  scheduler.add(a);
  scheduler.start();
  const results: FrameDetections[] = [];
  await until(scheduler, results, () => results.length >= 4);
  t.ok(results.every((r) => r.sourceId === 'a'), 'one camera alone');
  scheduler.add(b);
  t.throws(() => scheduler.add(new ScriptedCamera('b', bus)), { code: 'E_CAMERA_EXISTS' }, 'ids are unique');
  const mark = results.length;
  await until(scheduler, results, () => results.length >= mark + 8);
  const after = results.slice(mark + 1).map((r) => r.sourceId); // the first may have been taken before the add
  const bShare = after.filter((s) => s === 'b').length;
  t.ok(bShare >= 3 && bShare <= 4, `the newcomer shares fairly from its first turn, without banked credit: ${after.join('')}`);
  t.same(scheduler.cameraIds, ['a', 'b']);
  t.ok(scheduler.remove('a'), 'removed');
  t.notOk(scheduler.remove('a'), 'a second remove finds nothing');
  t.equal(a.listenerCount('frame'), 0, 'the scheduler no longer listens to it');
  const mark2 = results.length;
  await until(scheduler, results, () => results.length >= mark2 + 5);
  t.ok(results.slice(mark2 + 1).every((r) => r.sourceId === 'b'), 'no more turns for the removed camera (one may have been in flight)');
  // Held back: c's frames stay with it until it is ready and the scheduler is woken.
  let ready = false;
  scheduler.add(c, undefined, { ready: () => ready });
  const mark3 = results.length;
  await until(scheduler, results, () => results.length >= mark3 + 4);
  t.equal(c.taken, 0, 'nothing taken from a camera that is not ready');
  ready = true;
  scheduler.wake();
  await until(scheduler, results, () => results.some((r) => r.sourceId === 'c'));
  t.ok(c.taken > 0, 'taken once ready');
  t.equal(scheduler.pending <= 2, true, 'at most one waiting frame per camera');
  await scheduler.stop();
});
