// Conformance cases for the video-structuring fields (issue 11), run by event-store-suite.ts on every
// backend: plates and vehicle / person attributes round-trip exactly, and each filter finds exactly
// the events listed here by hand (not by the plate-match module, so these pin its rules too), alone,
// combined with the other filters, through cursors and in similar().
import type { Test } from 'tap';
import { isSharpeyeError, type ObjectEvent } from '../../core/index.js';
import type { EventFilter, EventRecord, EventStore } from '../../indexer/index.js';
import { BASE_MS, makeEvent, plateInfo, prng, randomUnit } from './event-store-fixtures.js';

/** Plate texts by event id: p-<n>. The comment says what each is for. */
const PLATED: Array<[string, string]> = [
  ['p-exact', '皖K66666'],
  ['p-one-g', '皖KG6666'], // one confusion (6/G) from 皖K66666
  ['p-two-g', '皖KGG666'], // two confusions: never matches 皖K66666
  ['p-other-k', '皖K12345'],
  ['p-wan-a', '皖A66666'],
  ['p-jing', '京EA5331'],
  ['p-jing-i', '京EA533I'], // 1/I
  ['p-latin', 'H786POJ'],
  ['p-latin-b', 'B786POJ'],
  ['p-latin-lower', 'x786poj'], // stored in lower case
  ['p-sep', '苏E·80D12'], // stored with a separator
  ['p-zb', '粤Z8B5S6'], // 2/Z, 8/B, 5/S, 6/G all present
];

function records(dimension: number): EventRecord[] {
  const rng = prng(31);
  const out: EventRecord[] = PLATED.map(([id, text], i) => ({
    event: { ...makeEvent(rng, i, { id, label: 'car', camera: i % 2 === 0 ? 'cam-a' : 'cam-b', firstWallMs: BASE_MS + i * 60_000 }), vehicleType: i % 3 === 0 ? 'heavy_goods' : 'car', plate: plateInfo(text) },
    embedding: randomUnit(rng, dimension),
  }));
  const people: Array<[string, Partial<ObjectEvent['person']>]> = [
    ['h-red-bag', { upperColor: 'red', lowerColor: 'blue', carrying: ['backpack'], riding: null }],
    ['h-red-bike', { upperColor: 'red', lowerColor: 'black', carrying: [], riding: 'bicycle' }],
    ['h-white-two-bags', { upperColor: 'white', lowerColor: 'blue', carrying: ['handbag', 'suitcase'], riding: null }],
    ['h-moto', { upperColor: null, lowerColor: null, carrying: [], riding: 'motorcycle' }],
  ];
  for (const [i, [id, person]] of people.entries()) {
    out.push({ event: { ...makeEvent(rng, 100 + i, { id, label: 'person', camera: 'cam-a', firstWallMs: BASE_MS + (20 + i) * 60_000 }), person: person as ObjectEvent['person'] }, embedding: randomUnit(rng, dimension) });
  }
  // A vehicle and a person with none of the new fields.
  out.push({ event: makeEvent(rng, 200, { id: 'n-car', label: 'car', camera: 'cam-a', firstWallMs: BASE_MS + 30 * 60_000 }), embedding: randomUnit(rng, dimension) });
  out.push({ event: makeEvent(rng, 201, { id: 'n-person', label: 'person', camera: 'cam-b', firstWallMs: BASE_MS + 31 * 60_000 }) });
  return out;
}

const CASES: Array<[string, EventFilter, string[]]> = [
  ['exact', { plate: '皖K66666' }, ['p-exact']],
  ['exact, not tolerant: a confusion does not match', { plate: '皖KG6666' }, ['p-one-g']],
  ['prefix 皖K*', { plate: '皖K*' }, ['p-exact', 'p-one-g', 'p-two-g', 'p-other-k']],
  ['? for a Latin symbol', { plate: '?786POJ' }, ['p-latin', 'p-latin-b', 'p-latin-lower']],
  ['? for a Chinese character', { plate: '?A66666' }, ['p-wan-a']],
  ['infix and suffix', { plate: '*53?1' }, ['p-jing']],
  ['Latin case-insensitive', { plate: 'h786poj' }, ['p-latin']],
  ['separators ignored (query and stored)', { plate: '苏E 80D-12' }, ['p-sep']],
  ['tolerant: one confusion (6/G)', { plate: '皖K66666', plateTolerant: true }, ['p-exact', 'p-one-g']],
  ['tolerant: 1/I', { plate: '京EA5331', plateTolerant: true }, ['p-jing', 'p-jing-i']],
  ['tolerant: 0/D and a wildcard', { plate: '苏E8?012', plateTolerant: true }, ['p-sep']],
  ['tolerant: 2/Z', { plate: '粤28B5S6', plateTolerant: true }, ['p-zb']],
  ['tolerant: two confusions never match', { plate: '粤2BB5S6', plateTolerant: true }, []],
  ['not tolerant: one confusion (6/G) does not match', { plate: '粤Z8B5SG' }, []],
  ['tolerant prefix', { plate: '皖KG*', plateTolerant: true }, ['p-exact', 'p-one-g', 'p-two-g']],
  ['no such plate', { plate: '皖Q*' }, []],
  ['plate + camera', { plate: '皖K*', cameras: ['cam-a'] }, ['p-exact', 'p-two-g']],
  ['plate + time', { plate: '*', from: 0 } as EventFilter, []],
  ['vehicle type', { vehicleTypes: ['heavy_goods'] }, ['p-exact', 'p-other-k', 'p-jing-i', 'p-latin-lower']],
  ['vehicle type + plate prefix', { vehicleTypes: ['car'], plate: '皖*' }, ['p-one-g', 'p-two-g', 'p-wan-a']],
  ['upper colour', { upperColors: ['red'] }, ['h-red-bag', 'h-red-bike']],
  ['lower colour', { lowerColors: ['blue'] }, ['h-red-bag', 'h-white-two-bags']],
  ['upper + lower', { upperColors: ['red', 'white'], lowerColors: ['blue'] }, ['h-red-bag', 'h-white-two-bags']],
  ['carrying (any of)', { carrying: ['suitcase', 'backpack'] }, ['h-red-bag', 'h-white-two-bags']],
  ['riding', { riding: ['bicycle'] }, ['h-red-bike']],
  ['riding either', { riding: ['bicycle', 'motorcycle'] }, ['h-moto', 'h-red-bike']],
  ['person + camera + label', { upperColors: ['red', 'white'], cameras: ['cam-a'], labels: ['person'] }, ['h-red-bag', 'h-red-bike', 'h-white-two-bags']],
  ['empty attribute lists constrain nothing', { vehicleTypes: [], upperColors: [], carrying: [], cameras: ['cam-b'], labels: ['person'] }, ['n-person']],
];

export async function plateAndAttributes(t: Test, store: EventStore): Promise<void> {
  const recs = records(store.dimension);
  await store.upsert(recs);
  await store.flush();
  for (const r of recs) t.same(await store.get(r.event.id), r.event, `${r.event.id} round-trips exactly`);

  for (const [name, f, want] of CASES) {
    if (f.plate === '*') {
      try {
        await store.count(f);
        t.fail(`${name}: a plate of only * is refused`);
      } catch (err) {
        t.ok(isSharpeyeError(err, 'E_STORE_PLATE_PATTERN'), `${name}: E_STORE_PLATE_PATTERN`);
      }
      continue;
    }
    const ids = (await store.query({ ...f, limit: 1000, order: 'asc' })).events.map((e) => e.id);
    t.same([...ids].sort(), [...want].sort(), `${name}: query`);
    t.equal(await store.count(f), want.length, `${name}: count`);
    // Pages of 2 with cursors, newest first: the same events, no gaps or repeats, full pages.
    const paged: string[] = [];
    const sizes: number[] = [];
    for (let cursor: string | undefined; ;) {
      const page = await store.query({ ...f, limit: 2, order: 'desc', cursor });
      paged.push(...page.events.map((e) => e.id));
      sizes.push(page.events.length);
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    t.same(paged, [...ids].reverse(), `${name}: pages of 2 in order`);
    t.ok(sizes.slice(0, -1).every((n) => n === 2), `${name}: every page but the last is full`);
    const withVector = want.filter((id) => recs.find((r) => r.event.id === id)!.embedding);
    const hits = await store.similar({ ...f, vector: recs[0].embedding!, k: 50 });
    t.same(hits.map((h) => h.event.id).sort(), withVector.sort(), `${name}: similar finds exactly the matching events`);
  }

  const bad = async (f: EventFilter, code: 'E_STORE_PLATE_PATTERN' | 'E_STORE_QUERY_INVALID', what: string) => {
    for (const call of [() => store.count(f), () => store.query(f), () => store.similar({ ...f, vector: recs[0].embedding!, k: 1 })]) {
      try {
        await call();
        t.fail(`${what}: expected ${code}`);
      } catch (err) {
        t.ok(isSharpeyeError(err, code), `${what}: ${code}${isSharpeyeError(err) ? ` (${err.code})` : ` (${String(err)})`}`);
      }
    }
  };
  await bad({ plate: '皖K%' }, 'E_STORE_PLATE_PATTERN', 'a % in a plate');
  await bad({ plate: 'A"B' }, 'E_STORE_PLATE_PATTERN', 'a quote in a plate');
  await bad({ plate: '' }, 'E_STORE_PLATE_PATTERN', 'an empty plate');
  await bad({ plate: 'A'.repeat(33) }, 'E_STORE_PLATE_PATTERN', 'a 33-symbol plate');
  await bad({ plateTolerant: true }, 'E_STORE_QUERY_INVALID', 'plateTolerant without plate');
  await bad({ plate: 'A1', plateTolerant: 'yes' as unknown as boolean }, 'E_STORE_QUERY_INVALID', 'plateTolerant not a boolean');
  await bad({ vehicleTypes: 'car' as unknown as string[] }, 'E_STORE_QUERY_INVALID', 'vehicleTypes not a list');

  // Replacing an event replaces its attributes in the index.
  const first = recs[0];
  await store.upsert([{ event: { ...first.event, version: 2, plate: plateInfo('皖B00001'), vehicleType: 'bus' }, embedding: first.embedding }]);
  await store.flush();
  t.equal(await store.count({ plate: '皖K66666' }), 0, 'the old plate is gone');
  t.equal(await store.count({ plate: '皖B00001', vehicleTypes: ['bus'] }), 1, 'the new plate and type are found');
  const person = recs.find((r) => r.event.id === 'h-red-bag')!;
  await store.upsert([{ event: { ...person.event, version: 2, person: { upperColor: 'green', lowerColor: 'blue', carrying: [], riding: null } }, embedding: person.embedding }]);
  await store.flush();
  t.equal(await store.count({ carrying: ['backpack'] }), 0, 'the old carried item is gone');
  t.equal(await store.count({ upperColors: ['green'] }), 1);
}
