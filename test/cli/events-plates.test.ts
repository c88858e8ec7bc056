// `sharpeye events` and `sharpeye similar` with the video-structuring filters (--plate, --plate-tolerant,
// --vehicle-type, --upper-color, --lower-color, --carrying, --riding) on a SQLite store written
// directly (the default embedding model's dimension, as `analyze --store` would), and the table
// lines that show plates and attributes.
import t from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ObjectEvent } from '../../core/index.js';
import { SqliteEventStore } from '../../indexer/index.js';
import { DEFAULT_EMBED_MODEL } from '../../inference/index.js';
import { getModelSpec } from '../../models/index.js';
import { runSharpeye } from '../helpers/cli.js';
import { BASE_MS, makeEvent, plateInfo, prng, randomUnit } from '../conformance/event-store-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'sharpeye-events-plates-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const db = join(dir, 'events.db');
const store = `sqlite:${db}`;
const rng = prng(41);
const at = (i: number) => ({ firstWallMs: BASE_MS + i * 60_000 });
const events: ObjectEvent[] = [
  { ...makeEvent(rng, 0, { id: 'lorry', label: 'truck', ...at(0) }), vehicleType: 'heavy_goods', plate: { ...plateInfo('皖K66666'), colour: 'yellow', layers: 2 } },
  { ...makeEvent(rng, 1, { id: 'misread', label: 'car', ...at(1) }), vehicleType: 'car', plate: plateInfo('皖KG6666') },
  { ...makeEvent(rng, 2, { id: 'latin', label: 'car', ...at(2) }), vehicleType: 'suv_van', plate: plateInfo('H786POJ') },
  { ...makeEvent(rng, 3, { id: 'walker', label: 'person', ...at(3) }), person: { upperColor: 'red', lowerColor: 'blue', carrying: ['backpack'], riding: null } },
  { ...makeEvent(rng, 4, { id: 'cyclist', label: 'person', ...at(4) }), person: { upperColor: 'white', lowerColor: 'black', carrying: [], riding: 'bicycle' } },
  makeEvent(rng, 5, { id: 'plain', label: 'car', ...at(5) }),
];
const dimension = getModelSpec(DEFAULT_EMBED_MODEL).embeddingDim!;
const writer = await SqliteEventStore.open({ path: db, dimension });
await writer.upsert(events.map((event) => ({ event, embedding: randomUnit(rng, dimension) })));
await writer.close();

async function ids(args: string[]): Promise<string[]> {
  const r = await runSharpeye(['events', '--store', store, '--json', ...args]);
  if (r.code !== 0) throw new Error(`events ${args.join(' ')}: exit ${r.code}: ${r.stderr}`);
  return (JSON.parse(r.stdout) as ObjectEvent[]).map((e) => e.id).sort();
}

t.test('--plate exact, wildcard, tolerant; attribute lists; combined', async (t) => {
  t.same(await ids(['--plate', '皖K66666']), ['lorry']);
  t.same(await ids(['--plate', '皖K*']), ['lorry', 'misread']);
  t.same(await ids(['--plate', '?786poj']), ['latin'], 'one-symbol wildcard, Latin case ignored');
  t.same(await ids(['--plate', '皖KG6666']), ['misread'], 'one confusion away does not match without --plate-tolerant');
  t.same(await ids(['--plate', '皖KG6666', '--plate-tolerant']), ['lorry', 'misread']);
  t.same(await ids(['--vehicle-type', 'heavy_goods,suv_van']), ['latin', 'lorry']);
  t.same(await ids(['--upper-color', 'red,white', '--lower-color', 'blue']), ['walker']);
  t.same(await ids(['--carrying', 'backpack']), ['walker']);
  t.same(await ids(['--riding', 'bicycle']), ['cyclist']);
  t.same(await ids(['--plate', '皖K*', '--label', 'truck']), ['lorry'], 'combines with the other filters');
});

t.test('the table shows plate, vehicle type and person attributes', async (t) => {
  const r = await runSharpeye(['events', '--store', store, '--order', 'asc']);
  t.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  t.match(lines.find((l) => l.startsWith('lorry')), /plate: 皖K66666 \(yellow\)  type: heavy_goods/);
  t.match(lines.find((l) => l.startsWith('walker')), /wears: red\/blue  carrying: backpack/);
  t.match(lines.find((l) => l.startsWith('cyclist')), /riding: bicycle/);
  t.notMatch(lines.find((l) => l.startsWith('plain')), /plate:|type:|wears:/, 'nothing for an event without them');
  t.equal(lines.at(-1), '6 event(s)');
});

t.test('similar takes the same filters', async (t) => {
  const r = await runSharpeye(['similar', '--store', store, '--event', 'misread', '--plate', '皖K66666', '--plate-tolerant', '--json']);
  t.equal(r.code, 0, r.stderr);
  t.same((JSON.parse(r.stdout) as Array<{ id: string }>).map((h) => h.id), ['lorry'], 'the event itself is excluded; the other tolerant match is found');
});

t.test('bad plate options are usage errors (exit 2)', async (t) => {
  for (const [args, message] of [
    [['--plate', '皖K%'], /--plate: plate pattern "皖K%" holds "%"/],
    [['--plate', '*'], /matches every plate/],
    [['--plate-tolerant'], /--plate-tolerant needs --plate TEXT/],
  ] as const) {
    const r = await runSharpeye(['events', '--store', store, ...args]);
    t.equal(r.code, 2, `${args.join(' ')}: exit 2`);
    t.match(r.stderr, message);
    t.equal(r.stdout, '');
  }
});
