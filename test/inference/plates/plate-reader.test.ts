// OnnxPlateReader on the real plate models and the fixture images: every plate in
// test/fixtures-truth/plates.tsv read exactly (text, kind, colour, layers, recogniser) at both
// detector sizes, nothing read where there is no plate, reads inside a region mapped back to
// source pixels, the latin-only choice, and lifecycle. Each model is loaded once (the readers
// share the recogniser and OCR sessions through the runner cache).
import t from 'tap';
import { Value } from '@sinclair/typebox/value';
import type { PlateReading, RgbImage } from '../../../core/index.js';
import { OnnxPlateReader, PLATE_READER_DEFAULTS, PlateReaderOptionsSchema } from '../../../inference/index.js';
import { readImageFile } from '../../../ingest/index.js';
import { image, MODEL_DIR } from '../../helpers/fixtures.js';
import { plateTruth } from '../../helpers/plate-truth.js';

const truth = plateTruth();
const images = new Map<string, RgbImage>();
for (const path of truth.keys()) images.set(path, await readImageFile(path));
const reader = await OnnxPlateReader.create({ modelDir: MODEL_DIR, runner: 'in-thread' });
t.teardown(() => reader.close());

const summary = (r: PlateReading) => ({ text: r.text, kind: r.kind, colour: r.colour, layers: r.layers, recogniser: r.recogniser });

t.test('defaults: detector 320, Chinese recogniser with the Latin fallback', async (t) => {
  t.same(reader.models, { detector: 'y5fu-320', recogniser: 'plate-rec-color', ocr: 'cct-xs-v1-global' });
  t.same(reader.options, PLATE_READER_DEFAULTS);
  t.ok(Value.Check(PlateReaderOptionsSchema, Value.Default(PlateReaderOptionsSchema, {})), 'the schema\'s defaults validate');
  t.notOk(Value.Check(PlateReaderOptionsSchema, { detectorSize: 480 }));
});

t.test('every fixture plate reads exactly; images without plates give none', async (t) => {
  for (const [path, expected] of truth) {
    const readings = await reader.read(images.get(path)!);
    t.same(readings.map(summary), expected, `${path.split('/').pop()}: ${readings.map((r) => r.text).join(', ') || 'none'}`);
    for (const r of readings) {
      t.ok(r.confidence >= PLATE_READER_DEFAULTS.minConfidence && r.confidence <= 1, `${r.text} confidence ${r.confidence.toFixed(3)}`);
      t.ok(r.crop.width >= 16 && r.crop.height >= 8 && r.crop.data.length === r.crop.width * r.crop.height * 3, `${r.text} crop ${r.crop.width}x${r.crop.height}`);
      const inside = r.corners.every(([x, y]) => x >= r.box[0] - 25 && x <= r.box[2] + 25 && y >= r.box[1] - 25 && y <= r.box[3] + 25);
      t.ok(inside, `${r.text} corners lie on its box`);
      if (r.recogniser === 'plate_rec_color') t.ok(r.detectorScore >= PLATE_READER_DEFAULTS.minDetectorScore, `${r.text} detector score ${r.detectorScore.toFixed(3)}`);
    }
  }
});

t.test('the 640 detector reads the same texts', async (t) => {
  const big = await OnnxPlateReader.create({ modelDir: MODEL_DIR, runner: 'in-thread', detectorSize: 640 });
  t.teardown(() => big.close());
  t.equal(big.models.detector, 'y5fu-640');
  for (const [path, expected] of truth) {
    const readings = await big.read(images.get(path)!);
    t.same(readings.map((r) => r.text), expected.map((e) => e.text), path.split('/').pop()!);
  }
});

t.test('inside a region: the same plate, corners in source pixels', async (t) => {
  const path = image('plates/we_single_yellow_wanK66666.jpg');
  const picture = images.get(path)!;
  const [whole] = await reader.read(picture);
  const [x1, y1, x2, y2] = whole.box;
  const around = await reader.read(picture, [x1 - 120, y1 - 150, x2 + 80, y2 + 40]);
  t.same(around.map((r) => r.text), ['皖K66666']);
  const drift = Math.max(...around[0].corners.flatMap(([x, y], i) => [Math.abs(x - whole.corners[i][0]), Math.abs(y - whole.corners[i][1])]));
  t.ok(drift < 6, `corners within ${drift.toFixed(1)} px of the whole-image read`);
  t.same(await reader.read(picture, [0, 0, 80, 60]), [], 'a region without the plate');
  t.same(await reader.read(picture, [5000, 5000, 6000, 6000]), [], 'a region outside the image');
  const hk = images.get(image('plates/we_hk_SN6497_yueZR066gang.jpg'))!;
  t.same((await reader.read(hk, [150, 450, 600, 760])).map((r) => r.text), ['粤ZR066港', 'SN6497'], 'both plates of the cross-border vehicle inside its box');
});

t.test("recogniser 'latin-only': no Chinese recogniser, Latin reads only", async (t) => {
  const latin = await OnnxPlateReader.create({ modelDir: MODEL_DIR, runner: 'in-thread', recogniser: 'latin-only' });
  t.teardown(() => latin.close());
  t.equal(latin.models.recogniser, null);
  t.same((await latin.read(images.get(image('plates/openalpr_de_H786POJ.jpg'))!)).map(summary), [{ text: 'H786POJ', kind: 'latin', colour: null, layers: 1, recogniser: 'cct_xs_v1_global' }]);
  const chinese = await latin.read(images.get(image('plates/we_single_yellow_wanK66666.jpg'))!);
  t.ok(chinese.every((r) => r.recogniser === 'cct_xs_v1_global' && /^[0-9A-Z]+$/.test(r.text)), `no Chinese text: ${chinese.map((r) => r.text).join(', ') || 'none'}`);
});

t.test('bad options and use after close', async (t) => {
  await t.rejects(OnnxPlateReader.create({ modelDir: MODEL_DIR, runner: 'in-thread', detectorSize: 480 as 320 }), { code: 'E_CONFIG_INVALID', message: /320 or 640/ });
  const other = await OnnxPlateReader.create({ modelDir: MODEL_DIR, runner: 'in-thread' });
  await other.close();
  await other.close();
  await t.rejects(other.read(images.get(image('zidane.jpg'))!), { code: 'E_INTERNAL', message: /closed/ });
  t.same((await reader.read(images.get(image('zidane.jpg'))!)), [], 'a shared session stays open for the other reader');
});
