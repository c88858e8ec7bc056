// Embedder on the two fixture embedding models: output shape and unit norm, batched runs equal
// one-by-one runs, preprocessing equal to the manifest (checked against onnxruntime fed a tensor
// built here), and shape errors for models that are not embedders.
import t from 'tap';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { Embedder, type EmbedCrop } from '../../../inference/index.js';
import { readImageFile } from '../../../ingest/index.js';
import type { Box, RgbImage } from '../../../core/index.js';
import { image, MODEL_DIR, modelFile } from '../../helpers/fixtures.js';

const MODELS = [
  { name: 'osnet-x0.25-msmt17', file: 'osnet_x0_25_msmt17.onnx', dimension: 512, width: 128, height: 256 },
  { name: 'mobilenetv2-int8', file: 'mobilenetv2-12-int8.onnx', dimension: 1000, width: 224, height: 224 },
];
const MEAN = [0.485, 0.456, 0.406], STD = [0.229, 0.224, 0.225];

const norm = (v: Float32Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);
const solid = (w: number, h: number, rgb: [number, number, number]): RgbImage => {
  const data = new Uint8Array(w * h * 3);
  for (let i = 0; i < w * h; i++) data.set(rgb, i * 3);
  return { width: w, height: h, data };
};

/** Raw onnxruntime on a tensor filled per channel with the manifest's normalisation of `rgb`. */
async function rawConstantEmbedding(file: string, w: number, h: number, rgb: [number, number, number]): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(modelFile(file), { logSeverityLevel: 3 });
  try {
    const data = new Float32Array(3 * w * h);
    for (let c = 0; c < 3; c++) data.fill((rgb[c] / 255 - MEAN[c]) / STD[c], c * w * h, (c + 1) * w * h);
    const out = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', data, [1, 3, h, w]) });
    const v = out[session.outputNames[0]].data as Float32Array;
    const n = norm(v);
    return v.map((x) => x / n);
  } finally {
    await session.release();
  }
}

const boxesOnBus: Box[] = [[8, 231, 806, 736], [50, 392, 214, 900], [218, 403, 350, 856], [684, 445, 811, 876], [0, 550, 80, 880], [300, 100, 500, 300]];

for (const m of MODELS) {
  t.test(`${m.name}: ${m.dimension}-d unit vectors, batched equals one by one, worker equals in-thread`, async (t) => {
    const bus = await readImageFile(image('bus.jpg'));
    const crops: EmbedCrop[] = boxesOnBus.map((box) => ({ image: bus, box }));
    const batched = await Embedder.create({ model: m.name, modelDir: MODEL_DIR, maxBatch: 4, runner: 'in-thread' });
    t.teardown(() => batched.close());
    t.equal(batched.dimension, m.dimension);
    t.equal(batched.model, m.name);
    t.same([batched.info.inputWidth, batched.info.inputHeight, batched.info.batch], [m.width, m.height, 'dynamic']);

    const vectors = await batched.embed(crops);
    t.equal(vectors.length, crops.length);
    for (const v of vectors) {
      t.equal(v.length, m.dimension);
      t.ok(Math.abs(norm(v) - 1) < 1e-5, `unit norm (${norm(v).toFixed(6)})`);
    }
    t.same(batched.stats, { crops: 6, runs: 2, zeroVectors: 0 }, 'six crops in batches of 4 + 2');

    const single = await Embedder.create({ model: m.name, modelDir: MODEL_DIR, maxBatch: 1, sessions: 2 });
    t.teardown(() => single.close());
    t.equal(single.concurrency, 2);
    const oneByOne = await single.embed(crops);
    t.equal(single.stats.runs, 6);
    const worst = Math.max(...vectors.map((v, i) => maxDiff(v, oneByOne[i])));
    t.ok(worst < 1e-4, `batch of 4 vs one by one on two worker sessions: max difference ${worst.toExponential(2)}`);
    t.same(await batched.embed([]), [], 'no crops, no runs');
  });

  t.test(`${m.name}: preprocessing follows the manifest (constant image vs raw onnxruntime)`, async (t) => {
    const rgb: [number, number, number] = [180, 90, 30];
    const embedder = await Embedder.create({ model: m.name, modelDir: MODEL_DIR, runner: 'in-thread' });
    t.teardown(() => embedder.close());
    t.same(embedder.info.preprocess, { channelOrder: 'rgb', scale: 1 / 255, mean: MEAN, std: STD, resize: 'stretch' });
    // The constant patch sits inside a frame of another colour: only the box may be read.
    const frame = solid(640, 480, [0, 255, 0]);
    for (let y = 100; y < 300; y++) for (let x = 200; x < 290; x++) frame.data.set(rgb, (y * 640 + x) * 3);
    const [fromCrop, whole] = await embedder.embed([{ image: frame, box: [200, 100, 290, 300] }, { image: solid(33, 77, rgb) }]);
    const expected = await rawConstantEmbedding(m.file, m.width, m.height, rgb);
    t.ok(maxDiff(fromCrop, expected) < 1e-4, `cropped patch: max difference ${maxDiff(fromCrop, expected).toExponential(2)}`);
    t.ok(maxDiff(whole, expected) < 1e-4, `whole image: max difference ${maxDiff(whole, expected).toExponential(2)}`);
  });
}

t.test('a BGR override changes what the model sees', async (t) => {
  const bus = await readImageFile(image('bus.jpg'));
  const rgb = await Embedder.create({ model: 'osnet-x0.25-msmt17', modelDir: MODEL_DIR, runner: 'in-thread' });
  const bgr = await Embedder.create({ model: 'osnet-x0.25-msmt17', modelDir: MODEL_DIR, runner: 'in-thread', spec: { channelOrder: 'bgr' } });
  t.teardown(async () => { await rgb.close(); await bgr.close(); });
  t.equal(bgr.info.preprocess.channelOrder, 'bgr');
  t.same(bgr.info.preprocess.mean, MEAN, 'the rest of the manifest entry is kept');
  const [a] = await rgb.embed([{ image: bus, box: [50, 392, 214, 900] }]);
  const [b] = await bgr.embed([{ image: bus, box: [50, 392, 214, 900] }]);
  t.ok(maxDiff(a, b) > 1e-3);
});

t.test('a file outside the manifest is used with the given spec', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sharpeye-embed-'));
  const path = join(dir, 'my-reid.onnx');
  copyFileSync(modelFile('osnet_x0_25_msmt17.onnx'), path);
  const bus = await readImageFile(image('bus.jpg'));
  const custom = await Embedder.create({ model: path, runner: 'in-thread', spec: { inputWidth: 128, inputHeight: 256 } });
  const plain = await Embedder.create({ model: path, runner: 'in-thread' });
  const known = await Embedder.create({ model: 'osnet-x0.25-msmt17', modelDir: MODEL_DIR, runner: 'in-thread' });
  t.teardown(async () => { await custom.close(); await plain.close(); await known.close(); });
  t.equal(custom.model, path);
  t.equal(custom.dimension, 512, 'the dimension comes from the model');
  t.same([plain.info.inputWidth, plain.info.inputHeight], [128, 256], 'the input size comes from the model');
  const crop = { image: bus, box: [218, 403, 350, 856] as Box };
  const expected = (await known.embed([crop]))[0];
  t.ok(maxDiff((await plain.embed([crop]))[0], expected) < 1e-5, 'the default preprocessing is ImageNet RGB stretch');
  t.ok(maxDiff((await custom.embed([crop]))[0], expected) < 1e-5);
});

t.test('a detector is not an embedder: E_MODEL_SHAPE naming the model', async (t) => {
  await t.rejects(Embedder.create({ model: 'yolov8n-int8', modelDir: MODEL_DIR, runner: 'in-thread' }),
    { code: 'E_MODEL_SHAPE', message: /model yolov8n-int8 is a 'detect' model, not an embedder/ });
  // Renamed, the file loses its manifest identity; its [1,84,8400] output gives it away.
  const dir = mkdtempSync(join(tmpdir(), 'sharpeye-embed-'));
  const path = join(dir, 'not-an-embedder.onnx');
  copyFileSync(modelFile('yolov8n_int8.onnx'), path);
  await t.rejects(Embedder.create({ model: path, runner: 'in-thread' }),
    { code: 'E_MODEL_SHAPE', message: new RegExp(`model ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} cannot be used as an embedder: output 'output0' has shape \\[1,84,8400\\]`) });
  await t.rejects(Embedder.create({ model: 'osnet-x0.25-msmt17', modelDir: MODEL_DIR, runner: 'in-thread', output: 'features' }),
    { code: 'E_MODEL_SHAPE', message: /no output named 'features' \(outputs: output\)/ });
});

t.test('options are checked and close is idempotent', async (t) => {
  await t.rejects(Embedder.create({ model: 'osnet-x0.25-msmt17', modelDir: MODEL_DIR, maxBatch: 0 }), { code: 'E_CONFIG_INVALID' });
  await t.rejects(Embedder.create({ model: 'osnet-x0.25-msmt17', modelDir: MODEL_DIR, runner: 'in-thread', spec: { inputWidth: 64 } }),
    { code: 'E_CONFIG_INVALID', message: /model osnet-x0.25-msmt17 takes 128x256/ });
  const e = await Embedder.create({ modelDir: MODEL_DIR, runner: 'in-thread' });
  t.equal(e.model, 'osnet-x0.25-msmt17', 'OSNet is the default');
  await e.close();
  await e.close();
  await t.rejects(e.embed([{ image: solid(4, 4, [1, 2, 3]) }]), { code: 'E_INTERNAL' });
});
