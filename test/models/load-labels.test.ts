// Label lists: the shipped COCO and ImageNet names, inline lists, a `.names` or `labels.txt`
// beside a model file, and generic names when nothing names the classes.
import t from 'tap';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getModelSpec, loadLabels, type ModelSpec } from '../../models/index.js';
import { parseList } from '../../models/load-labels.js';
import { MODEL_DIR } from '../helpers/fixtures.js';

const made: string[] = [];
t.teardown(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sharpeye-labels-'));
  made.push(dir);
  return dir;
}

t.test('COCO: 80 Ultralytics names, identical to the fixture list', async (t) => {
  const coco = await loadLabels(getModelSpec('yolov8n-int8'), join(MODEL_DIR, 'yolov8n_int8.onnx'));
  t.equal(coco.length, 80);
  t.same([coco[0], coco[2], coco[3], coco[4], coco[57], coco[62], coco[79]], ['person', 'car', 'motorcycle', 'airplane', 'couch', 'tv', 'toothbrush']);
  t.same(coco, parseList(readFileSync(join(MODEL_DIR, 'coco.names'), 'utf8')));
  coco[0] = 'changed';
  t.equal((await loadLabels(getModelSpec('yolox-nano'), 'x.onnx'))[0], 'person', 'callers get their own copy');
});

t.test('ImageNet: 1000 names in ILSVRC order', async (t) => {
  const names = await loadLabels(getModelSpec('mobilenetv2-int8'), 'x.onnx');
  t.same([names.length, names[0], names[444], names[999]], [1000, 'tench', 'tandem bicycle', 'toilet paper']);
  t.same(names, parseList(readFileSync(join(MODEL_DIR, 'imagenet.names'), 'utf8')));
});

t.test('an inline list, a file beside the model, then generic names', async (t) => {
  const inline: ModelSpec = { ...getModelSpec('yolox-nano'), labels: ['van', 'bike'] };
  t.same(await loadLabels(inline, 'x.onnx'), ['van', 'bike']);
  const dir = tempDir();
  writeFileSync(join(dir, 'custom.names'), 'van\r\nbike\n\n');
  t.same(await loadLabels(undefined, join(dir, 'custom.onnx')), ['van', 'bike'], 'CRLF and trailing blank lines are fine');
  writeFileSync(join(dir, 'labels.txt'), 'a\n\nc\n');
  t.same(await loadLabels(undefined, join(dir, 'other.onnx')), ['a', 'class1', 'c'], 'a blank line keeps its index');
  const bare = tempDir();
  t.same(await loadLabels(undefined, join(bare, 'm.onnx'), 3), ['class0', 'class1', 'class2']);
  t.same(await loadLabels(undefined, join(bare, 'm.onnx')), [], 'no count, no names');
});

t.test('a label list name that is not shipped is a config error', async (t) => {
  await t.rejects(loadLabels({ ...getModelSpec('yolox-nano'), labels: 'nope' }, 'x.onnx'), { code: 'E_CONFIG_INVALID', message: /label list 'nope'/ });
  await t.rejects(loadLabels({ ...getModelSpec('yolox-nano'), labels: '../../package' }, 'x.onnx'), { code: 'E_CONFIG_INVALID', message: /must be lowercase/ });
});
