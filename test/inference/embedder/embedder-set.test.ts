// EmbedderSet: one model per label, one vector space per store (mixed dimensions are a config
// error), and the privacy default that leaves people out unless a deployment opts in.
import t from 'tap';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Embedder, EmbedderSet } from '../../../inference/index.js';
import { readImageFile } from '../../../ingest/index.js';
import type { Box } from '../../../core/index.js';
import { image, MODEL_DIR, modelFile } from '../../helpers/fixtures.js';

const options = { modelDir: MODEL_DIR, runner: 'in-thread' as const };
const BUS: Box = [8, 231, 806, 736], PERSON: Box = [50, 392, 214, 900];

t.test('default config: OSNet for every label but person', async (t) => {
  const set = await EmbedderSet.create({}, options);
  t.teardown(() => set.close());
  t.equal(set.dimension, 512);
  t.same(set.config, { default: 'osnet-x0.25-msmt17' });
  t.same(['car', 'bus', 'bicycle', 'person'].map((l) => set.embeds(l)), [true, true, true, false]);
  t.equal(set.modelFor('person'), undefined);
  const bus = await readImageFile(image('bus.jpg'));
  const out = await set.embedDetailed([{ label: 'bus', image: bus, box: BUS }, { label: 'person', image: bus, box: PERSON }]);
  t.equal(out[0]?.vector.length, 512);
  t.equal(out[1], null, 'the person crop is not embedded');
  t.equal(set.embedder('osnet-x0.25-msmt17')?.stats.crops, 1, 'the person crop never reached the model');
});

t.test('people are embedded only when classes lists them', async (t) => {
  const set = await EmbedderSet.create({ default: 'osnet-x0.25-msmt17', classes: ['person', 'car'] }, options);
  t.teardown(() => set.close());
  t.same(['person', 'car', 'bus'].map((l) => set.embeds(l)), [true, true, false]);
  const bus = await readImageFile(image('bus.jpg'));
  const [person, other] = await set.embed([{ label: 'person', image: bus, box: PERSON }, { label: 'bus', image: bus, box: BUS }]);
  t.equal(person?.length, 512);
  t.equal(other, null);
  await t.rejects(EmbedderSet.create({ default: 'osnet-x0.25-msmt17', perClass: { person: 'osnet-x0.25-msmt17' } }, options),
    { code: 'E_CONFIG_INVALID', message: /embedder\.perClass\.person sets a model, but 'person' is not embedded; person appearance search is opt-in/ });
});

t.test('per-class models route crops to their own model, in one batched call each', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sharpeye-embedset-'));
  const other = join(dir, 'osnet-copy.onnx'); // same model under another identity: a second 512-d model
  copyFileSync(modelFile('osnet_x0_25_msmt17.onnx'), other);
  const set = await EmbedderSet.create({ default: 'osnet-x0.25-msmt17', perClass: { bus: other } }, options);
  t.teardown(() => set.close());
  t.equal(set.modelFor('bus'), other);
  t.equal(set.modelFor('car'), 'osnet-x0.25-msmt17');
  const bus = await readImageFile(image('bus.jpg'));
  const crops = [
    { label: 'car', image: bus, box: [300, 100, 500, 300] as Box }, { label: 'bus', image: bus, box: BUS },
    { label: 'truck', image: bus, box: [600, 200, 800, 400] as Box }, { label: 'person', image: bus, box: PERSON },
  ];
  const vectors = await set.embed(crops);
  t.same(vectors.map((v) => v?.length ?? null), [512, 512, 512, null]);
  t.same(set.embedder(other)?.stats, { crops: 1, runs: 1, zeroVectors: 0 });
  t.same(set.embedder('osnet-x0.25-msmt17')?.stats, { crops: 2, runs: 1, zeroVectors: 0 }, 'car and truck in one run');
  const direct = await Embedder.create({ model: 'osnet-x0.25-msmt17', ...options });
  t.teardown(() => direct.close());
  const [truck] = await direct.embed([crops[2]]);
  t.ok(vectors[2]!.every((x, i) => Math.abs(x - truck[i]) < 1e-4), 'order is kept across groups');
});

t.test('models of different dimensions in one set: E_CONFIG_INVALID naming them', async (t) => {
  await t.rejects(EmbedderSet.create({ default: 'osnet-x0.25-msmt17', perClass: { car: 'mobilenetv2-int8', truck: 'mobilenetv2-int8' } }, options), {
    code: 'E_CONFIG_INVALID',
    message: /different dimensions: osnet-x0.25-msmt17 \(512-d; default\), mobilenetv2-int8 \(1000-d; car, truck\).*one dimension/,
  });
  // A file outside the manifest: the dimensions are only known once the models are open.
  const dir = mkdtempSync(join(tmpdir(), 'sharpeye-embedset-'));
  const mobilenet = join(dir, 'mobilenet-copy.onnx');
  copyFileSync(modelFile('mobilenetv2-12-int8.onnx'), mobilenet);
  await t.rejects(EmbedderSet.create({ default: 'osnet-x0.25-msmt17', perClass: { car: mobilenet } }, options), {
    code: 'E_CONFIG_INVALID', message: /osnet-x0.25-msmt17 \(512-d; default\), .*mobilenet-copy.onnx \(1000-d; car\)/,
  });
  await t.rejects(EmbedderSet.create({ default: 'mobilenetv2-int8', perClass: { car: 'yolov8n-int8' } }, options), { code: 'E_MODEL_SHAPE' });
});

t.test('config is validated with paths', async (t) => {
  await t.rejects(EmbedderSet.create({ default: '' }, options), { code: 'E_CONFIG_INVALID', message: /embedder\.default/ });
  await t.rejects(EmbedderSet.create({ perClass: { car: 3 } } as never, options), { code: 'E_CONFIG_INVALID', message: /embedder\.perClass\.car/ });
  await t.rejects(EmbedderSet.create({ model: 'x' } as never, options), { code: 'E_CONFIG_INVALID' });
  await t.rejects(EmbedderSet.create({ classes: ['car'], perClass: { bus: 'mobilenetv2-int8' } }, options, 'cameras[0].embedder'),
    { code: 'E_CONFIG_INVALID', message: /cameras\[0\]\.embedder\.perClass\.bus sets a model, but 'bus' is not embedded; add 'bus' to cameras\[0\]\.embedder\.classes/ });
});
