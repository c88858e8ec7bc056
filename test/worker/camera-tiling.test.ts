// Per-camera tiling on one shared detector: a camera with tiling gets the same detections as a
// detector created with `tiling` (the analyze path), a plain camera on the same scheduler gets plain
// ones, tiled frames never share a call with plain frames, and fair share counts a tiled frame as
// its slices + 1 model inputs. Real model, real image.
import t from 'tap';
import { EventEmitter } from 'node:events';
import type { Detection, Frame, FrameDetections, RgbImage } from '../../core/index.js';
import { Detector, resolveTilingOptions, tileGrid } from '../../inference/index.js';
import { readImageFile } from '../../ingest/index.js';
import { CameraScheduler } from '../../worker/index.js';
import { getModelSpec } from '../../models/index.js';
import { image, MODEL_DIR } from '../helpers/fixtures.js';
import { makeDynamicBatchModel } from '../helpers/dynamic-batch-model.js';

const street = await readImageFile(image('bus.jpg'));
const TILING = resolveTilingOptions({ tileSize: 480, overlap: 0.2 });
const SLICES = tileGrid(street.width, street.height, TILING).length; // 2 x 3 slices + the full frame

/** A camera with a fresh frame of the same picture on every take (busy), or just one. */
class PictureCamera extends EventEmitter<{ frame: [Frame] }> {
  taken = 0;
  constructor(readonly id: string, private readonly picture: RgbImage, public frames = Infinity) { super(); }
  takeLatest(): Frame | undefined {
    if (this.taken >= this.frames) return undefined;
    return { ...this.picture, sourceId: this.id, index: this.taken, ptsMs: this.taken++ * 200, receivedAtMs: Date.now() };
  }
}

async function runUntil(scheduler: CameraScheduler, frames: number): Promise<FrameDetections[]> {
  const results: FrameDetections[] = [];
  await new Promise<void>((resolve, reject) => {
    scheduler.on('detections', (r) => { results.push(r); if (results.length === frames) resolve(); });
    scheduler.on('error', reject);
    scheduler.start();
  });
  await scheduler.stop();
  return results;
}

const summary = (ds: readonly Detection[]) => ds.map((d) => `${d.label} ${d.box.map((v) => v.toFixed(1)).join(',')} ${d.score.toFixed(4)}`);

t.test('the frame geometry gives several slices', async (t) => {
  t.equal(SLICES, 7, `${street.width}x${street.height} in 480 px slices: 6 + the full frame`);
});

t.test('Detector: per-call tiling equals a tiling detector, and can be turned off per call', async (t) => {
  const plain = await Detector.create({ model: 'yolox-nano', modelDir: MODEL_DIR, runner: 'in-thread' });
  t.teardown(() => plain.close());
  const tiledDetector = await Detector.create({ model: 'yolox-nano', modelDir: MODEL_DIR, runner: 'in-thread', tiling: { tileSize: 480, overlap: 0.2 } });
  t.teardown(() => tiledDetector.close());
  const plainDets = await plain.detect(street);
  const tiledDets = await tiledDetector.detect(street);
  t.notSame(summary(tiledDets), summary(plainDets), `tiling changes the detections (${plainDets.length} plain, ${tiledDets.length} tiled)`);
  t.same(summary(await plain.detect(street, { tiling: TILING })), summary(tiledDets), 'per-call tiling = tiling detector');
  t.same(summary(await tiledDetector.detect(street, { tiling: false })), summary(plainDets), 'tiling: false = plain');
  t.same(summary(await plain.detect(street)), summary(plainDets), 'the detector itself stays plain after a tiled call');
});

t.test('one batching detector: plain cameras share a call, the tiled camera gets its own, each the right detections', async (t) => {
  const dynamic = makeDynamicBatchModel(`${MODEL_DIR}/yolox_nano.onnx`, 'yolox_nano_dynamic.onnx');
  const detector = await Detector.create({ model: dynamic, spec: getModelSpec('yolox-nano'), sessions: 1, maxBatch: 4 });
  t.teardown(() => detector.close());
  const reference = await Detector.create({ model: 'yolox-nano', modelDir: MODEL_DIR, runner: 'in-thread' });
  t.teardown(() => reference.close());
  const refTiled = await Detector.create({ model: 'yolox-nano', modelDir: MODEL_DIR, runner: 'in-thread', tiling: { tileSize: 480, overlap: 0.2 } });
  t.teardown(() => refTiled.close());
  const scheduler = new CameraScheduler(detector);
  scheduler.add(new PictureCamera('near-a', street, 1));
  scheduler.add(new PictureCamera('far', street, 1), undefined, { tiling: TILING });
  scheduler.add(new PictureCamera('near-b', street, 1));
  const results = await runUntil(scheduler, 3);
  t.same(results.map((r) => r.sourceId).sort(), ['far', 'near-a', 'near-b']);
  t.equal(scheduler.stats.inferences, 2, 'two calls: the plain frames together, the tiled frame alone');
  t.equal(scheduler.stats.framesTiled, 1);
  t.equal(scheduler.stats.modelInputs, 2 + SLICES, 'a tiled frame costs its slices + 1');
  t.equal(scheduler.modelInputsOf('far'), SLICES);
  t.equal(scheduler.modelInputsOf('near-a'), 1);
  const plainRef = summary(await reference.detect(street)), tiledRef = summary(await refTiled.detect(street));
  const byId = Object.fromEntries(results.map((r) => [r.sourceId, summary(r.detections)]));
  t.same(byId.far, tiledRef, 'the tiled camera: the detections of Detector.detect with tiling');
  t.same(byId['near-a'], plainRef, 'a plain camera: plain detections');
  t.same(byId['near-b'], plainRef, 'the other plain camera: plain detections');
  t.notSame(byId.far, byId['near-a'], 'and the two differ');
});

t.test('fair share by model work: a busy plain camera is not slowed to the tiled camera\'s pace', async (t) => {
  const detector = await Detector.create({ model: 'yolox-nano', modelDir: MODEL_DIR, sessions: 1, runner: 'in-thread' });
  t.teardown(() => detector.close());
  const scheduler = new CameraScheduler(detector);
  scheduler.add(new PictureCamera('far', street), undefined, { tiling: TILING });
  scheduler.add(new PictureCamera('near', street));
  const results = await runUntil(scheduler, 24);
  const frames = (id: string) => results.filter((r) => r.sourceId === id).length;
  t.ok(frames('far') >= 2, `the tiled camera is served too: ${frames('far')} frames`);
  t.ok(frames('near') >= 5 * frames('far'), `the plain camera gets about ${SLICES}x the frames: ${frames('near')} vs ${frames('far')}`);
  const gap = Math.abs(scheduler.modelInputsOf('near') - scheduler.modelInputsOf('far'));
  t.ok(gap <= SLICES, `model inputs stay within one tiled frame of each other: near ${scheduler.modelInputsOf('near')}, far ${scheduler.modelInputsOf('far')}`);
  t.equal(scheduler.stats.modelInputs, frames('near') + SLICES * frames('far'));
});

t.test('a camera that was idle banks no credit: it rejoins level, not ahead', async (t) => {
  const detector = await Detector.create({ model: 'yolox-nano', modelDir: MODEL_DIR, sessions: 1, runner: 'in-thread' });
  t.teardown(() => detector.close());
  const scheduler = new CameraScheduler(detector);
  const late = new PictureCamera('late', street, 0);
  scheduler.add(new PictureCamera('early', street));
  scheduler.add(late);
  const results: FrameDetections[] = [];
  await new Promise<void>((resolve) => {
    scheduler.on('detections', (r) => {
      results.push(r);
      if (results.length === 6) late.frames = Infinity; // the idle camera comes back
      if (results.length === 16) resolve();
    });
    scheduler.start();
  });
  await scheduler.stop();
  const after = results.slice(7).map((r) => r.sourceId);
  t.ok(results.slice(0, 6).every((r) => r.sourceId === 'early'), 'only the busy camera while the other is idle');
  const lateRun = after.findIndex((id) => id !== 'late');
  t.ok(lateRun >= 0 && lateRun <= 1, `after its return the two alternate, the returning one does not run 6 turns in a row: ${after.join(' ')}`);
});
