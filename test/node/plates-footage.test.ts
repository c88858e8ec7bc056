// Licence plates through the video path: clips made at test time from the plate images (pan,
// zoom, blur, noise, low-quality H.264; test/helpers/plate-clip.ts) run through a footage run
// with plates on and a real SQLite store. The vehicle track's voted plate is the text read by eye
// (test/fixtures-truth/plates.tsv), with its colour and layers (the double-layer yellow plate reads
// as two layers); the plate crop is saved as a JPEG blob; a vehicle without a readable plate gets
// none although it is read; a heavy_vehicle alert carries the plate. One detector and one plate
// reader serve every clip.
import t from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateConfig, type ObjectEvent } from '../../core/index.js';
import { Detector } from '../../inference/index.js';
import { FsBlobStore, openEventStore } from '../../indexer/index.js';
import { nodePlateReaders, runFootage, type AlertLine, type FootageLine, type ObjectLine } from '../../node/index.js';
import { EventIndexer, PlatesConfigSchema, validateCameraRules, type CameraRules } from '../../worker/index.js';
import { image, MODEL_DIR } from '../helpers/fixtures.js';
import { plateClip, plateTruth } from '../helpers/plate-clip.js';
import { descendantProcesses } from '../helpers/processes.js';

const START = Date.parse('2026-12-01T08:00:00Z');
const VEHICLES = new Set(['car', 'truck', 'bus', 'motorcycle']);
const dir = mkdtempSync(join(tmpdir(), 'sharpeye-plates-footage-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

const detector = await Detector.create({ model: 'yolox-nano', modelDir: MODEL_DIR });
const readers = nodePlateReaders({ modelDir: MODEL_DIR });
const reads = new Map<string, number>();
readers.on('read', (camera) => reads.set(camera, (reads.get(camera) ?? 0) + 1));
const store = await openEventStore(`sqlite:${join(dir, 'events.db')}`, { dimension: 4 });
const blobs = new FsBlobStore(join(dir, 'snapshots'));
const indexer = new EventIndexer(store, undefined, blobs);
const plates = validateConfig(PlatesConfigSchema, { enabled: true }, 'test');
t.teardown(async () => { await readers.close(); await detector.close(); await store.close(); });

const truth = plateTruth();
// One plate per vehicle: an image's first line (the cross-border car's mainland plate, not its companion).
const cases = truth.filter((p, i) => p.file.startsWith('plates/') && truth.findIndex((q) => q.file === p.file) === i);
// Every clip is made up front, two ffmpeg at a time.
const clips = new Map<string, string>();
for (let i = 0; i < cases.length + 1; i += 2) {
  const files = [...cases.map((c) => c.file), 'bus.jpg'].slice(i, i + 2);
  for (const [k, v] of await Promise.all(files.map(async (f) => [f, await plateClip(image(f))] as const))) clips.set(k, v);
}

async function run(file: string, camera: string, rules?: CameraRules): Promise<FootageLine[]> {
  const lines: FootageLine[] = [];
  await runFootage({ input: clips.get(file)!, fps: 5, detector, camera, startWallMs: START, plates, plateReaders: readers, indexer, ...(rules ? { rules } : {}) }, { line: (l) => { lines.push(l); } });
  await store.flush();
  return lines;
}

/** The clip's vehicle: the final vehicle record with the largest box (the picture's subject). */
function subject(lines: readonly FootageLine[]): ObjectLine | undefined {
  const finals = lines.filter((l): l is ObjectLine => l.type === 'object' && l.final && VEHICLES.has(l.label));
  return finals.sort((a, b) => b.size.width * b.size.height - a.size.width * a.size.height)[0];
}

t.test('every fixture plate is voted right on its clip, with colour, layers and a plate crop', async (t) => {
  t.equal(cases.length, 6, 'six plate images');
  for (const p of cases) {
    const camera = p.file.replace(/^plates\/|\.jpg$/g, '').replace(/[^A-Za-z0-9_-]/g, '_');
    const main = subject(await run(p.file, camera));
    t.ok(main, `${p.file}: a vehicle track`);
    const plate = main?.plate;
    t.equal(plate?.text, p.text, `${p.file}: voted ${plate?.text} (candidates ${JSON.stringify(plate?.candidates.map((c) => [c.text, c.votes]))})`);
    t.equal(plate?.colour ?? null, p.colour, `${p.file}: colour`);
    t.equal(plate?.layers, p.layers, `${p.file}: layers`);
    t.ok((plate?.confidence ?? 0) > 0 && (plate?.candidates[0].text === plate?.text), `${p.file}: confidence and candidates`);
    t.match(plate?.snapshot, /-plate\.jpg$/, `${p.file}: plate crop key`);
    const jpeg = plate?.snapshot ? await blobs.get(plate.snapshot) : undefined;
    t.same([...(jpeg ?? new Uint8Array()).subarray(0, 2)], [0xff, 0xd8], `${p.file}: the plate crop is a JPEG`);
    const stored: ObjectEvent | undefined = main ? await store.get(main.id) : undefined;
    t.equal(stored?.plate?.text, p.text, `${p.file}: stored with its plate`);
  }
});

t.test('a vehicle without a readable plate is read and gets no plate', async (t) => {
  const lines = await run('bus.jpg', 'bus-no-plate');
  const main = subject(lines);
  t.equal(main?.label, 'bus', 'the bus is tracked');
  t.ok((reads.get('bus-no-plate') ?? 0) >= 1, `it was read (${reads.get('bus-no-plate')} reads)`);
  const plated = lines.filter((l): l is ObjectLine => l.type === 'object' && l.plate !== undefined);
  t.same(plated.map((l) => l.plate?.text), [], 'no record carries a plate');
});

t.test('a heavy_vehicle alert carries the plate of its lorry or bus', async (t) => {
  // The van is mostly detected as a car: the rule's labels take cars too, so the van's alert opens.
  const rules = validateCameraRules({ rules: [{ id: 'hv', type: 'heavy_vehicle', seconds: 0, labels: ['car', 'truck', 'bus'] }] }, 'test');
  const lines = await run('plates/we_double_yellow_jingEA5331.jpg', 'gate-hv', rules);
  const van = subject(lines);
  t.equal(van?.plate?.layers, 2, 'double-layer plate');
  const alerts = lines.filter((l): l is AlertLine => l.type === 'alert' && l.ruleType === 'heavy_vehicle' && l.objects.includes(van?.trackId ?? -1));
  t.ok(alerts.some((a) => a.event === 'started'), 'the van\'s alert started');
  const last = alerts.at(-1);
  t.equal(last?.event, 'ended', 'and ended with the clip');
  t.equal(last?.details.plate, '京EA5331', 'the ended alert carries the plate');
  t.equal(last?.details.plateColour, 'yellow', 'and its colour');
  const others = lines.filter((l): l is AlertLine => l.type === 'alert' && !l.objects.includes(van?.trackId ?? -1));
  t.same(others.filter((a) => a.details.plate !== undefined), [], 'the plate-less cars\' alerts carry none');
});

t.test('no child process is left', async (t) => {
  t.same(descendantProcesses(/ffmpeg/), []);
});
