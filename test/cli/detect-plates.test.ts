// `sharpeye detect --plates` end to end through the real bin: every fixture plate in the --json
// output exactly as in test/fixtures-truth/plates.tsv, the rectified crops written as JPEGs, the
// table, and plate flags that need --plates or a valid value.
import t from 'tap';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { runSharpeye } from '../helpers/cli.js';
import { image } from '../helpers/fixtures.js';
import { plateTruth } from '../helpers/plate-truth.js';
import { processesWithTag } from '../helpers/processes.js';

const truth = plateTruth();
const dir = mkdtempSync(join(tmpdir(), 'sharpeye-detect-plates-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

t.test('--plates --json: every plate read exactly, crops written', async (t) => {
  const crops = join(dir, 'crops');
  const r = await runSharpeye(['detect', ...truth.keys(), '--plates', '--json', '--plate-crops', crops, '--classes', 'car,truck,bus']);
  t.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as Array<{ image: string; plates: Array<Record<string, unknown>> }>;
  t.same(out.map((e) => e.image), [...truth.keys()]);
  for (const entry of out) {
    const expected = truth.get(entry.image)!;
    t.same(entry.plates.map(({ text, kind, colour, layers, recogniser }) => ({ text, kind, colour, layers, recogniser })), expected, entry.image.split('/').pop()!);
    for (const p of entry.plates) {
      t.same(Object.keys(p).sort(), ['box', 'colour', 'confidence', 'corners', 'detectorScore', 'kind', 'layers', 'recogniser', 'text']);
      t.equal((p.corners as number[][]).length, 4);
    }
  }
  const written = readdirSync(crops).sort();
  t.equal(written.length, [...truth.values()].flat().length, `one crop per plate: ${written.join(', ')}`);
  t.ok(written.includes('we_hk_SN6497_yueZR066gang-plate1.jpg'));
  const meta = await sharp(join(crops, 'we_double_yellow_jingEA5331-plate0.jpg')).metadata();
  t.match(meta, { format: 'jpeg', channels: 3 });
  t.ok(meta.width! > meta.height!, `double-layer crop ${meta.width}x${meta.height}`);
  t.same(processesWithTag(r.tag), [], 'nothing of the run left running');
});

t.test('table output and plate flag errors', async (t) => {
  const table = await runSharpeye(['detect', image('plates/we_double_yellow_jingEA5331.jpg'), '--plates', '--plate-detector-size', '640']);
  t.equal(table.code, 0, table.stderr);
  t.match(table.stdout, /\n {2}plate 京EA5331 1\.00 {2}yellow mainland layers 2 {2}\[\d+, \d+, \d+, \d+\] \(plate_rec_color\)\n/);
  const plain = await runSharpeye(['detect', image('zidane.jpg'), '--json']);
  t.notOk('plates' in JSON.parse(plain.stdout)[0], 'no plates key without --plates');
  const stray = await runSharpeye(['detect', image('zidane.jpg'), '--plate-crops', dir]);
  t.equal(stray.code, 2);
  t.match(stray.stderr, /E_CONFIG_INVALID: --plate-crops needs --plates/);
  const size = await runSharpeye(['detect', image('zidane.jpg'), '--plates', '--plate-detector-size', '480']);
  t.equal(size.code, 2);
  t.match(size.stderr, /--plate-detector-size must be 320 or 640, got '480'/);
});
