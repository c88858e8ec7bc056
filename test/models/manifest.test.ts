// The manifest against its schema and against the real fixture files: every entry validates,
// names and files are unique, and the recorded size and sha256 are those of the actual bytes.
import t from 'tap';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { MODEL_MANIFEST, ModelSpecSchema, getModelSpec, listModels, sha256File, validateManifest } from '../../models/index.js';
import { MODEL_DIR } from '../helpers/fixtures.js';

const NAMES = ['yolov8n-int8', 'yolox-nano', 'nanodet-m', 'osnet-x0.25-msmt17', 'mobilenetv2-int8', 'y5fu-320', 'y5fu-640', 'plate-rec-color', 'cct-xs-v1-global', 'litemodel-cls-96'];

t.test('every entry passes the schema; names and files are unique', async (t) => {
  for (const entry of MODEL_MANIFEST) t.ok(Value.Check(ModelSpecSchema, entry), `${entry.name} passes the schema`);
  t.same(listModels().map((m) => m.name), NAMES);
  t.equal(new Set(MODEL_MANIFEST.map((m) => m.name)).size, MODEL_MANIFEST.length);
  t.equal(new Set(MODEL_MANIFEST.map((m) => m.file)).size, MODEL_MANIFEST.length);
});

t.test('validation names the entry and the field', async (t) => {
  const spec = getModelSpec('yolox-nano');
  t.throws(() => validateManifest([{ ...spec, sha256: 'abc' }]), { code: 'E_CONFIG_INVALID', message: /entry 'yolox-nano' field \/sha256/ });
  t.throws(() => validateManifest([{ ...spec, preprocess: { ...spec.preprocess, channelOrder: 'bgra' } }]), { message: /field \/preprocess\/channelOrder/ });
  t.throws(() => validateManifest([{ ...spec, extra: 1 }]), { code: 'E_CONFIG_INVALID' });
  t.throws(() => validateManifest([{ ...spec, file: '../evil.onnx' }]), { message: /field \/file/ });
  t.throws(() => validateManifest([spec, spec]), { message: /two entries named 'yolox-nano'/ });
  t.throws(() => validateManifest([spec, { ...spec, name: 'other' }]), { message: /'other' reuses the file name yolox_nano\.onnx/ });
});

t.test('sizes and hashes are those of the real files', async (t) => {
  for (const m of listModels()) {
    const path = join(MODEL_DIR, m.file);
    t.equal(statSync(path).size, m.bytes, `${m.file} size`);
    t.equal(await sha256File(path), m.sha256, `${m.file} sha256`);
  }
});

t.test('URLs pin a commit of the public source; licences lead with an SPDX id', async (t) => {
  for (const m of listModels()) {
    t.match(m.urls[0], /^https:\/\/raw\.githubusercontent\.com\/[\w.-]+\/[\w.-]+\/[0-9a-f]{40}\/\S+\.onnx$/, `${m.name} first URL is pinned`);
    t.match(m.license, /^(AGPL-3\.0|GPL-3\.0|Apache-2\.0|MIT) \(/, `${m.name} licence`);
  }
});

t.test('the facts each decoder and embedder depends on', async (t) => {
  const by = Object.fromEntries(listModels().map((m) => [m.name, m]));
  t.match(by['yolov8n-int8'], { family: 'yolov8', inputSize: [640, 640], labels: 'coco', preprocess: { channelOrder: 'rgb', scale: 1 / 255, resize: 'letterbox', placement: 'top-left', padValue: 114 } });
  t.match(by['yolox-nano'], { family: 'yolox', inputSize: [416, 416], decode: { strides: [8, 16, 32] }, preprocess: { channelOrder: 'bgr', scale: 1, placement: 'top-left', padValue: 114 } });
  t.notOk(by['yolox-nano'].preprocess.mean, 'YOLOX takes raw 0-255 values');
  t.match(by['nanodet-m'], { family: 'nanodet', decode: { strides: [8, 16, 32], regMax: 7 }, preprocess: { mean: [103.53, 116.28, 123.675], std: [57.375, 57.12, 58.395], placement: 'center', padValue: 0 } });
  t.match(by['osnet-x0.25-msmt17'], { task: 'embed', inputSize: [128, 256], embeddingDim: 512, preprocess: { resize: 'stretch', mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] } });
  t.match(by['mobilenetv2-int8'], { task: 'embed', inputSize: [224, 224], embeddingDim: 1000, labels: 'imagenet' });
  for (const name of ['y5fu-320', 'y5fu-640']) {
    t.match(by[name], { task: 'plate-detect', preprocess: { channelOrder: 'rgb', scale: 1 / 255, resize: 'letterbox', placement: 'center', padValue: 0 } });
  }
  t.match(by['plate-rec-color'], { task: 'plate-recognise', inputSize: [168, 48], labels: 'plate-rec-color', license: /^GPL-3\.0 \(.*latin-only/, preprocess: { channelOrder: 'bgr', mean: [0.588, 0.588, 0.588], std: [0.193, 0.193, 0.193] } });
  t.match(by['cct-xs-v1-global'], { task: 'plate-ocr', inputSize: [128, 64], preprocess: { inputType: 'uint8', layout: 'nhwc', channelOrder: 'rgb' } });
  t.equal((by['cct-xs-v1-global'].labels as string[]).join(''), '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_');
});
