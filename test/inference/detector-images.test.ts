// Real detections on the fixture images with all three fixture detector families, checked against
// the references in the fixtures' manifests.
import t, { type Test } from 'tap';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Detector } from '../../inference/index.js';
import { readImageFile } from '../../ingest/index.js';
import type { Box, Detection } from '../../core/index.js';
import { image, MODEL_DIR } from '../helpers/fixtures.js';
import { bestMatch, imageReferences, iou, type RefDetection } from '../helpers/reference.js';

const count = (ds: Detection[], label: string, min: number) => ds.filter((d) => d.label === label && d.score >= min).length;

/** Every reference at or above `minScore` must be found: same label, IoU >= 0.85, score ±0.05. */
function assertReferences(t: Test, detections: Detection[], refs: RefDetection[], minScore: number, scoreTol = 0.05) {
  for (const ref of refs.filter((r) => r.score >= minScore)) {
    const m = bestMatch(ref, detections);
    t.ok(m.iou >= 0.85, `${ref.label} ${ref.score} [${ref.box}] found with IoU ${m.iou.toFixed(3)} (box ${m.detection?.box.map(Math.round)})`);
    if (m.detection) t.ok(Math.abs(m.detection.score - ref.score) <= scoreTol, `${ref.label} score ${m.detection.score.toFixed(3)} ~ ${ref.score}`);
  }
}

const ref = (label: string, score: number, box: Box): RefDetection => ({ label, score, box });

t.test('yolov8n-int8 (yolov8 family)', async (t) => {
  const detector = await Detector.create({ model: 'yolov8n-int8', modelDir: MODEL_DIR, runner: 'in-thread' });
  t.teardown(() => detector.close());
  t.equal(detector.info.family, 'yolov8');
  t.same([detector.info.inputWidth, detector.info.inputHeight, detector.info.batch], [640, 640, 1]);

  const bus = await detector.detect(await readImageFile(image('bus.jpg')));
  t.equal(count(bus, 'bus', 0.5), 1, 'exactly one bus');
  t.equal(count(bus, 'person', 0.5), 3, 'three clear persons');
  t.ok(count(bus, 'person', 0.25) >= 4, 'four persons with the one cut off at the edge');
  const theBus = bus.find((d) => d.label === 'bus')!;
  t.ok(theBus.box[2] - theBus.box[0] > 0.8 * 810, 'the bus covers most of the width');
  assertReferences(t, bus, imageReferences('bus.jpg'), 0.4);

  const zidane = await detector.detect(await readImageFile(image('zidane.jpg')));
  t.equal(count(zidane, 'person', 0.5), 2, 'two persons');
  t.ok(zidane.some((d) => d.label === 'tie' && d.score >= 0.3 && d.box[1] > 360), 'a tie in the lower half');
  assertReferences(t, zidane, imageReferences('zidane.jpg'), 0.4);

  const street = await detector.detect(await readImageFile(image('street.jpg')));
  t.equal(count(street, 'bicycle', 0.8), 1);
  t.ok(count(street, 'car', 0.6) >= 2);
  t.ok(count(street, 'person', 0.7) >= 4);
  t.ok(count(street, 'person', 0.5) >= 7);
  assertReferences(t, street, imageReferences('street.jpg'), 0.4);
});

t.test('yolox-nano (yolox family: BGR 0-255 input, grid decode)', async (t) => {
  const detector = await Detector.create({ model: 'yolox-nano', modelDir: MODEL_DIR, runner: 'in-thread' });
  t.teardown(() => detector.close());
  t.equal(detector.info.family, 'yolox');
  const bus = await detector.detect(await readImageFile(image('bus.jpg')));
  assertReferences(t, bus, [ref('bus', 0.91, [8, 231, 806, 736]), ref('person', 0.85, [50, 392, 214, 900]), ref('person', 0.82, [218, 403, 350, 856]), ref('person', 0.69, [684, 445, 811, 876])], 0.4);
  const zidane = await detector.detect(await readImageFile(image('zidane.jpg')));
  assertReferences(t, zidane, [ref('person', 0.86, [150, 199, 680, 713]), ref('person', 0.82, [704, 39, 1152, 707]), ref('tie', 0.51, [431, 438, 498, 692])], 0.4);
  const street = await detector.detect(await readImageFile(image('street.jpg')));
  assertReferences(t, street, [ref('car', 0.86, [664, 592, 964, 771]), ref('bicycle', 0.81, [780, 724, 1266, 1029]), ref('person', 0.86, [67, 549, 268, 946]), ref('person', 0.85, [923, 499, 1154, 1021])], 0.4);
});

t.test('nanodet-m (nanodet family: six outputs, DFL boxes)', async (t) => {
  const detector = await Detector.create({ model: 'nanodet-m', modelDir: MODEL_DIR, runner: 'in-thread', confidence: 0.35 });
  t.teardown(() => detector.close());
  t.equal(detector.info.family, 'nanodet');
  const bus = await detector.detect(await readImageFile(image('bus.jpg')));
  assertReferences(t, bus, [ref('bus', 0.76, [32, 228, 793, 719]), ref('person', 0.55, [223, 403, 356, 845]), ref('person', 0.51, [42, 396, 229, 904]), ref('person', 0.47, [693, 420, 815, 882])], 0.4);
  const zidane = await detector.detect(await readImageFile(image('zidane.jpg')));
  assertReferences(t, zidane, [ref('person', 0.8, [138, 198, 743, 709]), ref('person', 0.79, [738, 41, 1153, 704])], 0.4);
  const street = await detector.detect(await readImageFile(image('street.jpg')));
  assertReferences(t, street, [ref('person', 0.84, [67, 541, 278, 940]), ref('car', 0.69, [652, 590, 958, 774]), ref('bicycle', 0.68, [780, 717, 1238, 1036])], 0.4);
});

t.test('class filter, threshold and the worker runner agree with the in-thread runner', async (t) => {
  const busImage = await readImageFile(image('bus.jpg'));
  const inThread = await Detector.create({ model: 'yolov8n-int8', modelDir: MODEL_DIR, runner: 'in-thread' });
  const worker = await Detector.create({ model: 'yolov8n-int8', modelDir: MODEL_DIR, runner: 'worker', classes: ['person'], confidence: 0.5 });
  t.teardown(async () => { await inThread.close(); await worker.close(); });
  const all = await inThread.detect(busImage);
  const persons = await worker.detect(busImage);
  t.ok(persons.every((d) => d.label === 'person' && d.score >= 0.5));
  t.equal(persons.length, 3);
  for (const p of persons) t.ok(all.some((d) => d.label === 'person' && iou(d.box, p.box) > 0.999), 'same boxes from both runners');
  const twice = await worker.detectBatch([busImage, busImage]);
  t.same(twice[0], twice[1], 'a fixed-batch model runs several images one by one');
  await t.rejects(Detector.create({ model: 'yolov8n-int8', modelDir: MODEL_DIR, classes: ['persn'] }), { code: 'E_CONFIG_INVALID', message: /unknown class 'persn'/ });
});

t.test('a model whose outputs fit no family is refused with E_MODEL_SHAPE', async (t) => {
  // A copy under another name has no manifest entry, so only its output shapes speak for it.
  const dir = mkdtempSync(join(tmpdir(), 'sharpeye-shape-'));
  const mystery = join(dir, 'mystery.onnx');
  copyFileSync(`${MODEL_DIR}/osnet_x0_25_msmt17.onnx`, mystery);
  await t.rejects(Detector.create({ model: mystery }), {
    code: 'E_MODEL_SHAPE',
    message: /outputs of model .*mystery\.onnx \(output\[batch,512\]\) match no supported detector family \(supported: yolov8, yolov5, yolox, nanodet, end2end\)/,
  });
  // The manifest's own embedder is refused for what it is.
  await t.rejects(Detector.create({ model: 'osnet-x0.25-msmt17', modelDir: MODEL_DIR }), { code: 'E_MODEL_SHAPE', message: /is an 'embed' model, not a detector/ });
  // A forced family that does not fit the outputs fails at load, not with garbage boxes.
  await t.rejects(Detector.create({ model: 'yolox-nano', modelDir: MODEL_DIR, family: 'yolov8' }), { code: 'E_MODEL_SHAPE', message: /declared as family 'yolov8'/ });
});

t.test('a dynamic-batch model runs several images in one inference with the same results', async (t) => {
  const { getModelSpec } = await import('../../models/index.js');
  const { makeDynamicBatchModel } = await import('../helpers/dynamic-batch-model.js');
  const dynamicPath = makeDynamicBatchModel(`${MODEL_DIR}/yolox_nano.onnx`, 'yolox_nano_dynamic.onnx');
  const spec = getModelSpec('yolox-nano');
  const batched = await Detector.create({ model: dynamicPath, spec, runner: 'in-thread', maxBatch: 4 });
  const single = await Detector.create({ model: 'yolox-nano', modelDir: MODEL_DIR, runner: 'in-thread' });
  t.teardown(async () => { await batched.close(); await single.close(); });
  t.equal(batched.info.batch, 'dynamic');
  t.equal(batched.batchCapacity, 4);
  const images = await Promise.all(['bus.jpg', 'zidane.jpg', 'street.jpg'].map((n) => readImageFile(image(n))));
  const prepared = batched.prepare(images);
  t.equal(prepared.tensor.length, 3 * 3 * 416 * 416, 'one tensor carries the three images');
  const together = await batched.infer(prepared);
  for (let i = 0; i < images.length; i++) {
    const alone = await single.detect(images[i]);
    t.equal(together[i].length, alone.length, `image ${i}: same number of detections`);
    for (const d of alone) t.ok(together[i].some((b) => b.label === d.label && iou(b.box, d.box) > 0.99 && Math.abs(b.score - d.score) < 1e-3), `image ${i}: ${d.label} ${d.score.toFixed(2)} also found in the batch`);
  }
});
