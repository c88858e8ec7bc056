// `sharpeye detect` end to end: the real bin, real images, the JSON contract and bad inputs.
import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { image } from '../helpers/fixtures.js';
import { runSharpeye } from '../helpers/cli.js';

t.test('--json prints one entry per image with boxes in source pixels', async (t) => {
  const r = await runSharpeye(['detect', image('bus.jpg'), image('zidane.jpg'), '--json']);
  t.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as Array<{ image: string; width: number; height: number; detections: Array<{ label: string; score: number; box: number[] }> }>;
  t.equal(out.length, 2);
  t.same([out[0].image, out[0].width, out[0].height], [image('bus.jpg'), 810, 1080]);
  t.same(Object.keys(out[0].detections[0]).sort(), ['box', 'label', 'score']);
  t.equal(out[0].detections.filter((d) => d.label === 'bus' && d.score >= 0.5).length, 1);
  t.ok(out[0].detections.filter((d) => d.label === 'person').length >= 4);
  t.equal(out[1].detections.filter((d) => d.label === 'person' && d.score >= 0.5).length, 2);
  for (const d of out.flatMap((o) => o.detections)) t.ok(d.box[0] >= 0 && d.box[2] <= 1280 && d.box[0] <= d.box[2]);
});

t.test('--classes and --conf filter the output; another model by name', async (t) => {
  const r = await runSharpeye(['detect', image('street.jpg'), '--json', '--classes', 'car,bicycle', '--conf', '0.6', '--model', 'yolox-nano']);
  t.equal(r.code, 0, r.stderr);
  const [entry] = JSON.parse(r.stdout);
  t.ok(entry.detections.length >= 2);
  t.ok(entry.detections.every((d: { label: string; score: number }) => ['car', 'bicycle'].includes(d.label) && d.score >= 0.6));
});

t.test('bad inputs exit non-zero with one clear line', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sharpeye-detect-'));
  const notImage = join(dir, 'notes.jpg');
  writeFileSync(notImage, 'this is a text file, not a JPEG\n');

  const missing = await runSharpeye(['detect', join(dir, 'nope.jpg')]);
  t.equal(missing.code, 1);
  t.match(missing.stderr, /^sharpeye detect: E_INPUT_NOT_FOUND: .*nope\.jpg/);
  t.equal(missing.stderr.trim().split('\n').length, 1, 'one line');

  const bad = await runSharpeye(['detect', notImage]);
  t.equal(bad.code, 1);
  t.match(bad.stderr, /^sharpeye detect: E_IMAGE_DECODE: .*notes\.jpg/);

  const conf = await runSharpeye(['detect', image('bus.jpg'), '--conf', '2']);
  t.equal(conf.code, 2);
  t.match(conf.stderr, /E_CONFIG_INVALID: --conf must be a number between 0 and 1, got '2'/);

  const model = await runSharpeye(['detect', image('bus.jpg'), '--model', 'yolov99']);
  t.equal(model.code, 1);
  t.match(model.stderr, /E_MODEL_UNKNOWN: .*yolov99/);

  const none = await runSharpeye(['detect']);
  t.equal(none.code, 2);
  t.match(none.stderr, /E_CONFIG_INVALID: no image given/);

  const unknown = await runSharpeye(['detect', image('bus.jpg'), '--bogus']);
  t.equal(unknown.code, 2);
  t.match(unknown.stderr, /E_CONFIG_INVALID: .*--bogus/);
});
