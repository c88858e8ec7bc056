// CameraScheduler on a real detector: cameras are served round-robin (a camera with frames always
// ready cannot starve the others), frames of several cameras share one inference when the model
// takes batches, and a gate can skip a frame before it costs an inference.
import t from 'tap';
import { Detector } from '../../inference/index.js';
import { readImageFile } from '../../ingest/index.js';
import { CameraScheduler, type FrameGate } from '../../worker/index.js';
import { image, MODEL_DIR } from '../helpers/fixtures.js';
import { getModelSpec } from '../../models/index.js';
import { makeDynamicBatchModel } from '../helpers/dynamic-batch-model.js';
import { runUntil, ScriptedCamera } from '../helpers/scripted-camera.js';

const bus = await readImageFile(image('bus.jpg'));

t.test('round-robin: three always-busy cameras get the same share of inferences', async (t) => {
  const detector = await Detector.create({ model: 'yolox-nano', modelDir: MODEL_DIR, sessions: 1, runner: 'in-thread' });
  t.teardown(() => detector.close());
  const scheduler = new CameraScheduler(detector);
  const cams = ['a', 'b', 'c'].map((id) => new ScriptedCamera(id, bus));
  for (const c of cams) scheduler.add(c);
  const results = await runUntil(scheduler, 12);
  const per = Object.fromEntries(cams.map((c) => [c.id, results.filter((r) => r.sourceId === c.id).length]));
  t.ok(Math.max(...Object.values(per)) - Math.min(...Object.values(per)) <= 1, `fair shares: ${JSON.stringify(per)}`);
  t.same(results.slice(0, 6).map((r) => r.sourceId), ['a', 'b', 'c', 'a', 'b', 'c'], 'served in turn');
  t.ok(results.every((r) => r.detections.some((d) => d.label === 'bus')), 'real detections on every frame');
  t.ok(results.every((r) => r.image && r.receivedAtMs), 'frames travel with their detections for later stages');
});

t.test('a model with a dynamic batch dimension: frames from several cameras share one inference', async (t) => {
  const dynamic = makeDynamicBatchModel(`${MODEL_DIR}/yolox_nano.onnx`, 'yolox_nano_dynamic.onnx');
  const detector = await Detector.create({ model: dynamic, spec: getModelSpec('yolox-nano'), sessions: 1, maxBatch: 4 });
  t.teardown(() => detector.close());
  t.equal(detector.batchCapacity, 4);
  const scheduler = new CameraScheduler(detector);
  const cams = ['a', 'b', 'c', 'd'].map((id) => new ScriptedCamera(id, bus, { once: true })); // one frame each
  for (const c of cams) scheduler.add(c);
  const results = await runUntil(scheduler, 4);
  t.equal(scheduler.stats.inferences, 1, 'one inference for four cameras');
  t.equal(scheduler.stats.meanBatch, 4);
  t.same(results.map((r) => r.sourceId).sort(), ['a', 'b', 'c', 'd']);
  const single = await Detector.create({ model: 'yolox-nano', modelDir: MODEL_DIR, runner: 'in-thread' });
  t.teardown(() => single.close());
  const alone = await single.detect(bus);
  for (const r of results) {
    t.equal(r.detections.length, alone.length, `${r.sourceId}: the same detections as one by one`);
    r.detections.forEach((d, i) => { t.equal(d.label, alone[i].label); t.ok(Math.abs(d.score - alone[i].score) < 1e-4); });
  }
});

t.test('a gate skips frames before inference and is told what was found', async (t) => {
  const detector = await Detector.create({ model: 'yolox-nano', modelDir: MODEL_DIR, sessions: 1, runner: 'in-thread' });
  t.teardown(() => detector.close());
  const scheduler = new CameraScheduler(detector);
  const seen: string[] = [];
  const closedGate: FrameGate = { admit: () => false, observe: () => { seen.push('closed'); } };
  const openGate: FrameGate = { admit: () => true, observe: (d) => { seen.push(`open:${d.length > 0}`); } };
  const quiet = new ScriptedCamera('quiet', bus), busy = new ScriptedCamera('busy', bus);
  scheduler.add(quiet, closedGate);
  scheduler.add(busy, openGate);
  const results = await runUntil(scheduler, 5);
  t.ok(results.every((r) => r.sourceId === 'busy'), 'the gated camera never reaches the model');
  t.ok(scheduler.stats.framesSkipped >= 5, `skipped ${scheduler.stats.framesSkipped}`);
  t.notOk(seen.includes('closed'));
  t.ok(seen.every((s) => s === 'open:true'), 'the open gate observes the detections');
});

t.test('one busy camera on two sessions: its detections come out in frame order, one frame in the detector at a time', async (t) => {
  const detector = await Detector.create({ model: 'yolox-nano', modelDir: MODEL_DIR, sessions: 2 });
  t.teardown(() => detector.close());
  t.equal(detector.concurrency, 2, 'two inferences may run at once');
  const scheduler = new CameraScheduler(detector);
  scheduler.add(new ScriptedCamera('fast', bus));
  const results = await runUntil(scheduler, 12);
  const pts = results.map((r) => r.ptsMs);
  t.ok(pts.every((p, i) => i === 0 || p > pts[i - 1]), `pts strictly increasing: ${pts.join(', ')}`);
});
