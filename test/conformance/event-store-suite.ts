// The EventStore conformance suite: every backend (SQLite + sqlite-vec, Milvus) runs this same set of
// tests, and the two behave identically because they pass it. Answers are checked against a brute-force
// oracle over the same seeded data (test/conformance/event-store-fixtures.ts).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';
import { isSharpeyeError, type ErrorCode } from '../../core/index.js';
import { FILTER_LIMITS, FsBlobStore, applyRetention, snapshotKey, thumbnailKey, type EventFilter, type EventRecord, type EventStore } from '../../indexer/index.js';
import {
  BASE_MS, CAMERAS, COLORS, DAY_MS, LABELS, RULES, ZONES,
  bruteList, bruteSimilar, makeDataset, makeEvent, prng, randomUnit, sameHits, type Dataset,
} from './event-store-fixtures.js';
import { plateAndAttributes } from './event-store-attributes.js';

export interface AppearanceCheck {
  /** Event whose stored embedding is the query (it is excluded from its own results). */
  readonly query: string;
  /** The same object seen in other frames: each must rank above every `different` one. */
  readonly same: readonly string[];
  readonly different: readonly string[];
}

export interface EventStoreConformanceOptions {
  /** Events in the shared read-only dataset. @defaultValue 10000 */
  readonly events?: number;
  /** @defaultValue 20260101 */
  readonly seed?: number;
  /** Upsert batch size for the dataset. @defaultValue 500 */
  readonly batchSize?: number;
  /**
   * Real embeddings (e.g. crops of a fixture clip) and the rankings they must produce; `open` gives
   * an empty store of the embeddings' dimension when it differs from the main one.
   */
  readonly appearance?: { readonly records: readonly EventRecord[]; readonly checks: readonly AppearanceCheck[]; readonly open?: OpenStore };
}

/** `open` returns a new, empty store each call; `reopen` gets a store the suite has closed and returns one over the same data. */
export type OpenStore = () => Promise<EventStore>;
export type ReopenStore = (closed: EventStore) => Promise<EventStore>;

export function eventStoreConformance(t: Test, name: string, open: OpenStore, reopen?: ReopenStore, options: EventStoreConformanceOptions = {}): Promise<void> {
  return t.test(`EventStore conformance: ${name}`, async (t) => {
    const opened: EventStore[] = [];
    const fresh = async () => { const s = await open(); opened.push(s); return s; };
    t.teardown(async () => { for (const s of opened) await s.close(); });

    const big = await fresh();
    t.ok(big.dimension >= 16, 'the suite needs a dimension of at least 16 for its planted neighbours');
    const data = makeDataset(options.seed ?? 20260101, options.events ?? 10_000, big.dimension);
    const batch = options.batchSize ?? 500;
    for (let i = 0; i < data.records.length; i += batch) await big.upsert(data.records.slice(i, i + batch));
    await big.flush();

    await t.test('holds every event once, with its embedding', (t) => storedAsGiven(t, big, data));
    await t.test('planted neighbours come back in order with their scores', (t) => plantedNeighbours(t, big, data));
    await t.test('every filter alone and combined: count, listing and hybrid similar match brute force', (t) => filterMatrix(t, big, data));
    await t.test('pagination: asc/desc, pages of 1, 7 and 100, no duplicates or gaps', (t) => pagination(t, big, data));
    await t.test('similar by an event: excludeId, k larger than the matches', (t) => byEvent(t, big, data));
    await t.test('filter bounds are inclusive', async (t) => filterBounds(t, await fresh()));
    await t.test('inserts between pages: no duplicates, nothing skipped', async (t) => insertsBetweenPages(t, await fresh()));
    await t.test('upsert replay leaves one copy; replacing updates filters and vectors', async (t) => upsertReplay(t, await fresh()));
    await t.test('retention deletes old events, their vectors and their snapshots', async (t) => retention(t, await fresh()));
    await t.test('bad input fails with a store error code and writes nothing', async (t) => badInput(t, await fresh()));
    await t.test('filter lists up to the shared bound work; longer ones are a bad query, not a store failure', async (t) => filterListBounds(t, await fresh()));
    await t.test('plates and vehicle/person attributes: round trip, exact, wildcard and tolerant plates, attribute lists, with cursors and similar', async (t) => plateAndAttributes(t, await fresh()));
    if (reopen) await t.test('persists across close and reopen', async (t) => persistence(t, await fresh(), reopen, opened));
    const appearanceStore = async () => {
      if (!options.appearance?.open) return fresh();
      const s = await options.appearance.open();
      opened.push(s);
      return s;
    };
    if (options.appearance) await t.test('the same object seen in another frame ranks above different objects', async (t) => appearance(t, await appearanceStore(), options.appearance!));
  }).then(() => undefined);
}

const PAGE_MAX = 1000;

async function listAll(store: EventStore, f: EventFilter, order: 'asc' | 'desc', limit = PAGE_MAX): Promise<{ ids: string[]; pages: number[] }> {
  const ids: string[] = [];
  const pages: number[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await store.query({ ...f, order, limit, cursor });
    ids.push(...page.events.map((e) => e.id));
    pages.push(page.events.length);
    if (page.nextCursor === null) return { ids, pages };
    cursor = page.nextCursor;
  }
}

async function rejectsWith(t: Test, p: Promise<unknown>, code: ErrorCode, what: string): Promise<void> {
  try {
    await p;
    t.fail(`${what}: expected ${code}, it resolved`);
  } catch (err) {
    t.ok(isSharpeyeError(err, code), `${what}: ${code}${isSharpeyeError(err) ? ` (got ${err.code}: ${err.message})` : ` (got ${String(err)})`}`);
  }
}

async function storedAsGiven(t: Test, store: EventStore, data: Dataset): Promise<void> {
  t.equal(await store.count(), data.records.length);
  t.equal(store.health().state, 'ok');
  const rng = prng(7);
  for (let i = 0; i < 50; i++) {
    const r = data.records[Math.floor(rng() * data.records.length)];
    t.same(await store.get(r.event.id), r.event, `get ${r.event.id}`);
    const v = await store.getEmbedding(r.event.id);
    if (r.embedding) t.same(v && Array.from(v), Array.from(r.embedding), `embedding of ${r.event.id}`);
    else t.equal(v, undefined, `${r.event.id} has no embedding`);
  }
  t.equal(await store.get('no-such-event'), undefined);
  t.equal(await store.getEmbedding('no-such-event'), undefined);
}

async function plantedNeighbours(t: Test, store: EventStore, data: Dataset): Promise<void> {
  for (const [n, p] of data.planted.entries()) {
    const hits = await store.similar({ vector: p.query, k: p.neighbours.length });
    t.same(hits.map((h) => h.event.id), p.neighbours.map((x) => x.id), `query ${n}: planted neighbours in order`);
    hits.forEach((h, i) => t.ok(Math.abs(h.score - p.neighbours[i].score) <= 1e-4, `query ${n} hit ${i}: score ${h.score} ~ ${p.neighbours[i].score}`));
    t.equal(sameHits(await store.similar({ vector: p.query, k: 25 }), bruteSimilar(data.records, p.query, 25)), undefined, `query ${n}: top 25 = brute force`);
  }
}

function filterCases(): Array<[string, EventFilter]> {
  const window = { from: BASE_MS + 3 * DAY_MS, to: BASE_MS + 3.5 * DAY_MS };
  const one: Array<[string, EventFilter]> = [
    ['camera', { cameras: [CAMERAS[0]] }],
    ['label', { labels: [LABELS[0]] }],
    ['colour', { colors: [COLORS[0], COLORS[2]] }],
    ['zone', { zones: [ZONES[0]] }],
    ['rule', { rules: [RULES[0], RULES[2]] }],
    ['time', window],
    ['duration', { minDurationSeconds: 60 }],
  ];
  const cases: Array<[string, EventFilter]> = [
    ...one,
    ['cameras (3)', { cameras: CAMERAS.slice(1, 4) }],
    ['labels (2)', { labels: [LABELS[1], LABELS[3]] }],
    ['zones (2)', { zones: [ZONES[1], ZONES[3]] }],
    ['rule (1)', { rules: [RULES[1]] }],
    ['from only', { from: BASE_MS + 8 * DAY_MS }],
    ['to only', { to: BASE_MS + DAY_MS }],
    ['unknown camera', { cameras: ['cam-nowhere'] }],
    ['empty lists', { cameras: [], labels: [], zones: [] }],
    ['speed px', { minSpeedPxPerSecond: 120 }],
    ['speed m', { minSpeedMetresPerSecond: 6 }],
    ['speed px + m + label', { minSpeedPxPerSecond: 50, minSpeedMetresPerSecond: 3, labels: [LABELS[0], LABELS[1]] }],
    ['speed m + zone', { minSpeedMetresPerSecond: 1, zones: [ZONES[2]] }],
    ['plate exact', { plate: '皖K66666' }],
    ['plate: Latin case and separators', { plate: 'h786 poj' }],
    ['plate prefix', { plate: '皖K*' }],
    ['plate ?', { plate: '?786POJ' }],
    ['plate tolerant', { plate: '皖K66666', plateTolerant: true }],
    ['plate tolerant wildcard', { plate: '沪C00*', plateTolerant: true }],
    ['vehicle types', { vehicleTypes: ['heavy_goods', 'bus'] }],
    ['upper colour', { upperColors: ['red', 'blue'] }],
    ['lower colour', { lowerColors: ['grey'] }],
    ['carrying', { carrying: ['backpack'] }],
    ['riding', { riding: ['bicycle'] }],
    ['plate prefix + camera + time', { plate: '京*', cameras: CAMERAS.slice(0, 3), from: BASE_MS + DAY_MS, to: BASE_MS + 8 * DAY_MS }],
    ['person attributes + zone', { upperColors: ['red', 'white', 'black'], lowerColors: ['black', 'blue'], carrying: ['backpack', 'handbag'], zones: ZONES.slice(0, 2) }],
    ['vehicle type + speed + colour', { vehicleTypes: ['car', 'suv_van'], minSpeedPxPerSecond: 80, colors: COLORS.slice(0, 3) }],
  ];
  for (let i = 0; i < one.length; i++) {
    for (let j = i + 1; j < one.length; j++) cases.push([`${one[i][0]} + ${one[j][0]}`, { ...one[i][1], ...one[j][1] }]);
  }
  cases.push(['camera + label + time', { cameras: CAMERAS.slice(0, 2), labels: [LABELS[0]], from: BASE_MS + DAY_MS, to: BASE_MS + 6 * DAY_MS }]);
  cases.push(['zone + rule + colour', { zones: ZONES.slice(0, 2), rules: RULES.slice(0, 2), colors: COLORS.slice(0, 3) }]);
  cases.push(['everything', Object.assign({}, ...one.map(([, f]) => f), { cameras: CAMERAS.slice(0, 4), zones: ZONES.slice(0, 3) })]);
  return cases;
}

async function filterMatrix(t: Test, store: EventStore, data: Dataset): Promise<void> {
  const rng = prng(11);
  const queries = [data.planted[0].query, randomUnit(rng, store.dimension)];
  for (const [name, f] of filterCases()) {
    const want = bruteList(data.records, f, 'asc');
    t.equal(await store.count(f), want.length, `${name}: count ${want.length}`);
    t.same((await listAll(store, f, 'asc')).ids, want, `${name}: listing`);
    for (const [n, q] of queries.entries()) {
      t.equal(sameHits(await store.similar({ ...f, vector: q, k: 10 }), bruteSimilar(data.records, q, 10, f)), undefined, `${name}: similar #${n}`);
    }
  }
}

async function pagination(t: Test, store: EventStore, data: Dataset): Promise<void> {
  const cases: Array<[number, EventFilter]> = [[1, { cameras: [CAMERAS[0]], labels: [LABELS[0]] }], [7, { labels: [LABELS[1]] }], [100, {}]];
  for (const [limit, f] of cases) {
    for (const order of ['asc', 'desc'] as const) {
      const want = bruteList(data.records, f, order);
      const got = await listAll(store, f, order, limit);
      t.equal(new Set(got.ids).size, got.ids.length, `limit ${limit} ${order}: no duplicates`);
      t.same(got.ids, want, `limit ${limit} ${order}: every event once, in order`);
      t.ok(got.pages.slice(0, -1).every((n) => n === limit), `limit ${limit} ${order}: full pages until the last`);
    }
  }
  const first = await store.query();
  t.equal(first.events.length, 50, 'default limit 50');
  t.same(first.events.map((e) => e.id), bruteList(data.records, {}, 'desc').slice(0, 50), 'default order newest first');
  const lastPage = await store.query({ order: 'asc', limit: 1000, cameras: ['cam-nowhere'] });
  t.same(lastPage, { events: [], nextCursor: null }, 'empty result: no cursor');
}

async function byEvent(t: Test, store: EventStore, data: Dataset): Promise<void> {
  for (const r of data.records.filter((x) => x.embedding).slice(100, 104)) {
    const self = await store.similar({ vector: r.embedding!, k: 5 });
    t.equal(self[0]?.event.id, r.event.id, 'an event is its own nearest neighbour');
    t.ok(Math.abs(self[0].score - 1) <= 1e-4, 'with score 1');
    const others = await store.similar({ vector: r.embedding!, k: 10, excludeId: r.event.id, cameras: CAMERAS.slice(0, 3) });
    t.notOk(others.some((h) => h.event.id === r.event.id), 'excludeId leaves it out');
    t.equal(sameHits(others, bruteSimilar(data.records, r.embedding!, 10, { cameras: CAMERAS.slice(0, 3) }, r.event.id)), undefined, 'excludeId + filter = brute force');
  }
  const narrow: EventFilter = { cameras: [CAMERAS[0]], labels: [LABELS[0]], colors: [COLORS[0]], zones: [ZONES[0]] };
  const want = bruteSimilar(data.records, data.planted[1].query, 1000, narrow);
  t.ok(want.length < 100, `narrow filter matches few vectors (${want.length})`);
  t.equal(sameHits(await store.similar({ ...narrow, vector: data.planted[1].query, k: 1000 }), want), undefined, 'k above the matches returns all matches');
}

async function filterBounds(t: Test, store: EventStore): Promise<void> {
  const rng = prng(3);
  const e = { ...makeEvent(rng, 0, { id: 'bound-1', firstWallMs: BASE_MS, durationSeconds: 10, color: null, zones: [], rules: [] }), speedPxPerSecond: 40, speedMetresPerSecond: 2 };
  await store.upsert([{ event: e, embedding: randomUnit(rng, store.dimension) }]);
  await store.flush();
  const v = (await store.getEmbedding('bound-1'))!;
  const cases: Array<[EventFilter, number]> = [
    [{ from: BASE_MS + 10_000 }, 1], [{ from: BASE_MS + 10_001 }, 0], [{ to: BASE_MS }, 1], [{ to: BASE_MS - 1 }, 0],
    [{ minDurationSeconds: 10 }, 1], [{ minDurationSeconds: 10.5 }, 0], [{ colors: ['red'] }, 0], [{ zones: ['z-north'] }, 0],
    [{ minSpeedPxPerSecond: 40 }, 1], [{ minSpeedPxPerSecond: 40.5 }, 0], [{ minSpeedMetresPerSecond: 2 }, 1], [{ minSpeedMetresPerSecond: 2.25 }, 0],
  ];
  for (const [f, n] of cases) {
    t.equal(await store.count(f), n, `count ${JSON.stringify(f)}`);
    t.equal((await store.similar({ ...f, vector: v })).length, n, `similar ${JSON.stringify(f)}`);
  }
}

async function insertsBetweenPages(t: Test, store: EventStore): Promise<void> {
  const rng = prng(5);
  const records = Array.from({ length: 200 }, (_, i) => ({ event: makeEvent(rng, i), embedding: randomUnit(rng, store.dimension) }));
  await store.upsert(records);
  await store.flush();
  const seen: string[] = [];
  const ahead = new Set<string>();
  const behind = new Set<string>();
  let cursor: string | undefined;
  let lastKey = -Infinity;
  for (let page = 0; ; page++) {
    const p = await store.query({ order: 'asc', limit: 7, cursor });
    seen.push(...p.events.map((e) => e.id));
    if (p.events.length) lastKey = p.events[p.events.length - 1].firstSeen.wallMs;
    if (p.nextCursor === null) break;
    cursor = p.nextCursor;
    const a = makeEvent(rng, 1000 + page, { id: `ahead-${page}`, firstWallMs: lastKey + 60_000 + Math.floor(rng() * DAY_MS) });
    const b = makeEvent(rng, 2000 + page, { id: `behind-${page}`, firstWallMs: lastKey - 60_000 - Math.floor(rng() * DAY_MS) });
    ahead.add(a.id);
    behind.add(b.id);
    await store.upsert([{ event: a }, { event: b }]);
    await store.flush();
  }
  t.equal(new Set(seen).size, seen.length, 'no duplicates');
  t.ok(records.every((r) => seen.includes(r.event.id)), 'every event present before paging was returned');
  t.ok([...ahead].every((id) => seen.includes(id)), 'events inserted ahead of the cursor are returned');
  t.notOk(seen.some((id) => behind.has(id)), 'events inserted behind the cursor are not');
  t.equal(await store.count(), 200 + ahead.size + behind.size);
}

async function upsertReplay(t: Test, store: EventStore): Promise<void> {
  const rng = prng(9);
  const records = Array.from({ length: 60 }, (_, i) => ({ event: makeEvent(rng, i, { label: 'car', zones: ['z-north'], rules: [] }), embedding: randomUnit(rng, store.dimension) }));
  await store.upsert(records);
  await store.upsert(records);
  await store.upsert(records.slice(0, 30));
  await store.flush();
  t.equal(await store.count(), 60, 'replays leave one copy');
  const probe = records[5];
  const hits = await store.similar({ vector: probe.embedding, k: 60 });
  t.equal(hits.filter((h) => h.event.id === probe.event.id).length, 1, 'one vector per event');
  t.equal(hits.length, 60);

  const changed = records.slice(0, 10).map((r) => ({
    event: { ...r.event, label: 'bus', zones: ['z-east'], rules: ['r-speed'], version: 2 },
    embedding: randomUnit(rng, store.dimension),
  }));
  await store.upsert(changed);
  const dup = makeEvent(rng, 99, { id: 'twice', label: 'truck', zones: [], rules: [] });
  await store.upsert([{ event: dup }, { event: { ...dup, version: 7 }, embedding: randomUnit(rng, store.dimension) }]);
  await store.flush();
  t.equal(await store.count(), 61, 'replacing keeps the count; a batch with one id twice keeps one');
  t.equal((await store.get('twice'))?.version, 7, 'the later record in a batch wins');
  t.equal((await store.get(changed[0].event.id))?.version, 2, 'get returns the replacement');
  t.equal(await store.count({ labels: ['bus'] }), 10, 'label filter sees the new label');
  t.equal(await store.count({ labels: ['car'] }), 50);
  t.equal(await store.count({ zones: ['z-north'] }), 50, 'zone membership replaced');
  t.equal(await store.count({ rules: ['r-speed'] }), 10, 'rule membership replaced');
  const newHit = await store.similar({ vector: changed[0].embedding, k: 1, labels: ['bus'], zones: ['z-east'] });
  t.equal(newHit[0]?.event.id, changed[0].event.id, 'similar finds the new vector under the new filters');
  t.ok(Math.abs(newHit[0].score - 1) <= 1e-4);
  const oldHits = await store.similar({ vector: records[0].embedding, k: 3 });
  t.notOk(oldHits.some((h) => h.event.id === records[0].event.id && h.score > 0.999), 'the old vector is gone');
  t.equal((await store.similar({ vector: records[0].embedding, k: 5, labels: ['car'] })).filter((h) => h.event.id === records[0].event.id).length, 0, 'old filter values are gone from the vector index');

  await store.upsert([{ event: { ...changed[1].event, version: 3 } }]);
  await store.flush();
  t.equal(await store.getEmbedding(changed[1].event.id), undefined, 'a replacement without an embedding removes the vector');
  t.notOk((await store.similar({ vector: changed[1].embedding, k: 60 })).some((h) => h.event.id === changed[1].event.id));
}

async function retention(t: Test, store: EventStore): Promise<void> {
  const rng = prng(13);
  const records = Array.from({ length: 120 }, (_, i) => ({
    event: makeEvent(rng, i, { firstWallMs: BASE_MS + i * 3_600_000, durationSeconds: 600, zones: ['z-south'] }),
    embedding: randomUnit(rng, store.dimension),
  }));
  await store.upsert(records);
  await store.flush();
  const cutoff = BASE_MS + 40 * 3_600_000 + 600_000; // event 40 ends exactly at the cutoff: kept (lastSeen < cutoff goes)
  const old = records.filter((r) => r.event.lastSeen.wallMs < cutoff).map((r) => r.event.id).sort();
  t.equal(old.length, 40);
  t.same((await store.deleteOlderThan(cutoff)).sort(), old, 'returns exactly the ids of events last seen before the cutoff');
  await store.flush();
  t.equal(await store.count(), 80);
  t.equal(await store.count({ zones: ['z-south'] }), 80, 'memberships of deleted events are gone');
  t.equal(await store.get(old[0]), undefined);
  t.equal(await store.getEmbedding(old[0]), undefined);
  const hits = await store.similar({ vector: records[0].embedding, k: 120 });
  t.equal(hits.length, 80, 'deleted vectors are not searched');
  t.notOk(hits.some((h) => old.includes(h.event.id)));
  t.same(await store.deleteOlderThan(cutoff), [], 'running it again deletes nothing');

  const dir = await mkdtemp(join(tmpdir(), 'sharpeye-blobs-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const blobs = new FsBlobStore(dir);
  const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xd9]);
  for (const r of records.slice(40)) {
    await blobs.put(snapshotKey(r.event.id), jpeg, 'image/jpeg');
    await blobs.put(thumbnailKey(r.event.id), jpeg, 'image/jpeg');
  }
  const nowMs = BASE_MS + 100 * 3_600_000;
  const result = await applyRetention(store, blobs, { maxAgeMs: 20 * 3_600_000, nowMs });
  const gone = records.slice(40).filter((r) => r.event.lastSeen.wallMs < nowMs - 20 * 3_600_000).map((r) => r.event.id);
  t.equal(result.events, gone.length, 'applyRetention counts deleted events');
  t.equal(result.blobs, gone.length);
  t.same([...result.ids].sort(), [...gone].sort());
  for (const r of records.slice(40)) {
    const kept = !gone.includes(r.event.id);
    t.equal((await blobs.get(snapshotKey(r.event.id))) !== undefined, kept, `crop of ${r.event.id} ${kept ? 'kept' : 'deleted'}`);
    t.equal((await blobs.get(thumbnailKey(r.event.id))) !== undefined, kept, `thumbnail of ${r.event.id} ${kept ? 'kept' : 'deleted'}`);
  }
  t.equal(await store.count(), 80 - gone.length);
}

async function filterListBounds(t: Test, store: EventStore): Promise<void> {
  const rng = prng(23);
  const records = Array.from({ length: 6 }, (_, i) => ({
    event: makeEvent(rng, i, { id: `list-${i}`, camera: `cam-${i}`, label: 'car', color: 'red', zones: [`zone-${i}`], rules: [`rule-${i}`] }),
    embedding: randomUnit(rng, store.dimension),
  }));
  await store.upsert(records);
  await store.flush();
  const max = FILTER_LIMITS.valuesPerList;
  // Every list at the bound: the values that match, padded with ones that match nothing.
  const padded = (real: string[]) => [...Array.from({ length: max - real.length }, (_, i) => `none-${i}`), ...real];
  const full: EventFilter = {
    cameras: padded(['cam-1', 'cam-2', 'cam-3']), labels: padded(['car']), colors: padded(['red']),
    zones: padded(['zone-1', 'zone-2', 'zone-3']), rules: padded(['rule-2', 'rule-3']),
  };
  t.equal(await store.count(full), 2, `count with five lists of ${max} values`);
  t.same((await store.query(full)).events.map((e) => e.id).sort(), ['list-2', 'list-3'], 'listing');
  t.same((await store.similar({ ...full, vector: records[2].embedding, k: 10 })).map((h) => h.event.id).sort(), ['list-2', 'list-3'], 'hybrid similar');
  for (const key of ['cameras', 'labels', 'colors', 'zones', 'rules'] as const) {
    await rejectsWith(t, store.count({ [key]: Array.from({ length: max + 1 }, (_, i) => `v-${i}`) }), 'E_STORE_QUERY_INVALID', `${key}: ${max + 1} values`);
    await rejectsWith(t, store.query({ [key]: ['x'.repeat(FILTER_LIMITS.valueLength + 1)] }), 'E_STORE_QUERY_INVALID', `${key}: a value of ${FILTER_LIMITS.valueLength + 1} characters`);
  }
  for (const [key, max] of [['minSpeedPxPerSecond', FILTER_LIMITS.speedPxPerSecond], ['minSpeedMetresPerSecond', FILTER_LIMITS.speedMetresPerSecond]] as const) {
    for (const bad of [-1, max * 2, Number.NaN]) await rejectsWith(t, store.count({ [key]: bad }), 'E_STORE_QUERY_INVALID', `${key} = ${bad}`);
  }
  // Far past SQLite's 32766 bound variables (the same value repeated, as a careless script would).
  await rejectsWith(t, store.query({ cameras: new Array<string>(40_000).fill('cam-1') }), 'E_STORE_QUERY_INVALID', '40000 cameras');
  await rejectsWith(t, store.similar({ vector: records[0].embedding, zones: new Array<string>(40_000).fill('zone-1') }), 'E_STORE_QUERY_INVALID', '40000 zones in similar');
  t.equal(store.health().state, 'ok', 'an oversized filter does not degrade the store');
  t.equal(store.health().lastError, null, 'and is not recorded as a store failure');
}

async function badInput(t: Test, store: EventStore): Promise<void> {
  const rng = prng(17);
  const d = store.dimension;
  const good = { event: makeEvent(rng, 0), embedding: randomUnit(rng, d) };
  const nan = randomUnit(rng, d);
  nan[3] = Number.NaN;
  await rejectsWith(t, store.upsert([good, { event: makeEvent(rng, 1), embedding: new Float32Array(d + 1) }]), 'E_STORE_RECORD_INVALID', 'embedding of the wrong length');
  await rejectsWith(t, store.upsert([good, { event: makeEvent(rng, 2), embedding: nan }]), 'E_STORE_RECORD_INVALID', 'embedding with NaN');
  await store.flush();
  t.equal(await store.count(), 0, 'a rejected batch writes nothing');
  await store.upsert([good]);
  await store.flush();
  await rejectsWith(t, store.similar({ vector: new Float32Array(d - 1) }), 'E_STORE_QUERY_INVALID', 'query vector of the wrong length');
  const inf = randomUnit(rng, d);
  inf[0] = Number.POSITIVE_INFINITY;
  await rejectsWith(t, store.similar({ vector: inf }), 'E_STORE_QUERY_INVALID', 'query vector with Infinity');
  for (const k of [0, 1001, 2.5]) await rejectsWith(t, store.similar({ vector: good.embedding, k }), 'E_STORE_QUERY_INVALID', `k = ${k}`);
  for (const limit of [0, 1001, 2.5]) await rejectsWith(t, store.query({ limit }), 'E_STORE_QUERY_INVALID', `limit = ${limit}`);
  await rejectsWith(t, store.query({ cursor: 'not-a-cursor' }), 'E_STORE_QUERY_INVALID', 'a cursor the store did not make');
  await store.upsert([{ event: makeEvent(rng, 3) }, { event: makeEvent(rng, 4) }]);
  await store.flush();
  const asc = await store.query({ order: 'asc', limit: 1 });
  t.type(asc.nextCursor, 'string');
  await rejectsWith(t, store.query({ order: 'desc', limit: 1, cursor: asc.nextCursor! }), 'E_STORE_QUERY_INVALID', 'an asc cursor used for desc');
  await rejectsWith(t, store.count({ from: Number.NaN }), 'E_STORE_QUERY_INVALID', 'from = NaN');
  t.equal(store.health().state, 'ok', 'bad input does not degrade the store');
  await store.close();
  await store.close();
  await rejectsWith(t, store.get(good.event.id), 'E_STORE_CLOSED', 'get after close');
  await rejectsWith(t, store.upsert([good]), 'E_STORE_CLOSED', 'upsert after close');
}

async function persistence(t: Test, store: EventStore, reopen: ReopenStore, opened: EventStore[]): Promise<void> {
  const rng = prng(19);
  const records = Array.from({ length: 100 }, (_, i) => ({ event: makeEvent(rng, i), embedding: randomUnit(rng, store.dimension) }));
  await store.upsert(records);
  await store.flush();
  const before = await store.query({ order: 'asc', limit: 100 });
  await store.close();
  const again = await reopen(store);
  opened.push(again);
  t.equal(again.dimension, store.dimension);
  t.equal(await again.count(), 100, 'count survives');
  t.same(await again.query({ order: 'asc', limit: 100 }), before, 'listing survives');
  t.same(await again.get(records[42].event.id), records[42].event);
  t.same(Array.from((await again.getEmbedding(records[42].event.id))!), Array.from(records[42].embedding));
  t.equal(sameHits(await again.similar({ vector: records[7].embedding, k: 10, cameras: CAMERAS.slice(0, 3) }), bruteSimilar(records, records[7].embedding, 10, { cameras: CAMERAS.slice(0, 3) })), undefined, 'search survives');
  await again.upsert(records.slice(0, 10));
  await again.flush();
  t.equal(await again.count(), 100, 'replays after reopen still leave one copy');
}

async function appearance(t: Test, store: EventStore, fixture: NonNullable<EventStoreConformanceOptions['appearance']>): Promise<void> {
  await store.upsert(fixture.records);
  await store.flush();
  for (const c of fixture.checks) {
    const vector = await store.getEmbedding(c.query);
    if (!t.ok(vector, `${c.query} has an embedding`)) continue;
    const hits = await store.similar({ vector: vector!, k: 1000, excludeId: c.query });
    const rank = new Map(hits.map((h, i) => [h.event.id, i]));
    const worstSame = Math.max(...c.same.map((id) => rank.get(id) ?? Infinity));
    const bestDifferent = Math.min(...c.different.map((id) => rank.get(id) ?? Infinity));
    t.ok(worstSame < bestDifferent, `${c.query}: same object (worst rank ${worstSame}) above different ones (best rank ${bestDifferent})`);
  }
}
