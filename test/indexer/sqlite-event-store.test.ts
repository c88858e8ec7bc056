// The SQLite + sqlite-vec EventStore: the shared conformance suite on a file in a fresh temporary
// folder per store, then what only SQLite has (WAL, migrations, user_version, file errors).
import t from 'tap';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { isSharpeyeError } from '../../core/index.js';
import { SqliteEventStore, type EventStore } from '../../indexer/index.js';
import { MIGRATIONS } from '../../indexer/sqlite/schema.js';
import { eventConditions, vectorConditions } from '../../indexer/sqlite/filter-sql.js';
import { eventStoreConformance } from '../conformance/event-store-suite.js';
import { makeEvent, plateInfo, prng, randomUnit } from '../conformance/event-store-fixtures.js';
import { vectorBlob } from '../../indexer/sqlite/event-row.js';
import { binaryCode } from '../../indexer/sqlite/hamming-index.js';
import { highwayAppearanceFixture } from '../conformance/appearance-fixture.js';

const DIMENSION = 64;
// Computed before any subtest starts: tap ends a file's root test once its queued subtests are done.
const crops = await highwayAppearanceFixture();
const root = await mkdtemp(join(tmpdir(), 'sharpeye-sqlite-store-'));
t.teardown(() => rm(root, { recursive: true, force: true }));
let n = 0;
const newPath = () => join(root, `store-${process.pid}-${++n}`, 'events.db');

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

// Once per similar() plan: every filtered search through the exact vec0 scan, through the
// prefiltered event set, and through the quantised scan (forced on at any size: with these small
// stores its candidates are every event, so its answers must be exact); the default picks by how
// many events match and how many are stored. The vec0 and quantised runs search on the caller's
// thread, the others on the search worker.
const PLANS = [
  ['vec0 scan', { prefilterMaxRows: 0, oversample: 0, searchThread: 'main' }],
  ['prefiltered', { prefilterMaxRows: 1_000_000 }],
  ['quantised', { prefilterMaxRows: 0, quantisedMinVectors: 0, oversample: 400, searchThread: 'main' }],
  ['quantised on the search worker', { prefilterMaxRows: 0, quantisedMinVectors: 0, oversample: 400 }],
] as const;
for (const [plan, options] of PLANS) {
  await eventStoreConformance(
    t,
    `sqlite, ${plan}`,
    () => SqliteEventStore.open({ path: newPath(), dimension: DIMENSION, ...options }),
    (closed: EventStore) => SqliteEventStore.open({ path: (closed as SqliteEventStore).path, dimension: closed.dimension, ...options }),
  );
}
await eventStoreConformance(t, 'sqlite, default plan choice', () => SqliteEventStore.open({ path: newPath(), dimension: DIMENSION }), undefined, {
  appearance: { ...crops, open: () => SqliteEventStore.open({ path: newPath(), dimension: crops.dimension }) },
});

t.test('the file is in WAL mode at the current schema version', async (t) => {
  const path = newPath();
  const store = await SqliteEventStore.open({ path, dimension: 8 });
  t.equal(store.kind, 'sqlite');
  t.equal(store.dimension, 8);
  await store.close();
  const db = new Database(path, { readonly: true });
  t.teardown(() => db.close());
  t.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  t.equal(db.pragma('user_version', { simple: true }), MIGRATIONS.length);
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((r) => r.name);
  for (const name of ['events', 'event_zones', 'event_rules', 'event_vectors', 'store_meta']) t.ok(tables.includes(name), `has ${name}`);
});

t.test('reopening runs no migration twice and keeps the data', async (t) => {
  const path = newPath();
  const rng = prng(1);
  const first = await SqliteEventStore.open({ path, dimension: 16 });
  await first.upsert([{ event: makeEvent(rng, 0, { id: 'kept' }), embedding: randomUnit(rng, 16) }]);
  await first.close();
  for (let i = 0; i < 3; i++) {
    const again = await SqliteEventStore.open({ path, dimension: 16 });
    t.equal(await again.count(), 1);
    await again.close();
  }
  const db = new Database(path, { readonly: true });
  t.equal(db.pragma('user_version', { simple: true }), MIGRATIONS.length);
  db.close();
});

t.test('a schema-2 file (before plates and attributes) upgrades in place to schema 3', async (t) => {
  const path = newPath();
  const dimension = 16;
  // Build the file exactly as the schema-2 sharpeye did: its two migrations, then rows in its layout
  // (no attribute columns). Two events' JSON already holds a plate and person attributes, as a newer
  // writer at schema 2 would have left them: the migration backfills their columns.
  mkdirSync(dirname(path), { recursive: true });
  const v2 = new Database(path);
  sqliteVec.load(v2);
  v2.pragma('journal_mode = WAL');
  v2.transaction(() => { MIGRATIONS[0](v2, { dimension }); MIGRATIONS[1](v2, { dimension }); v2.pragma('user_version = 2'); })();
  const rng = prng(5);
  const events = Array.from({ length: 30 }, (_, i) => makeEvent(rng, i, { id: `old-${i}`, label: i < 15 ? 'car' : 'person', zones: ['z-1'], rules: [] }));
  const plated = { ...events[3], plate: plateInfo('皖K·66666'), vehicleType: 'heavy_goods' as const };
  const dressed = { ...events[20], person: { upperColor: 'red', lowerColor: 'blue', carrying: ['backpack' as const], riding: null } };
  events[3] = plated;
  events[20] = dressed;
  const vectors = events.map(() => randomUnit(rng, dimension));
  const insert = v2.prepare(`INSERT INTO events (id, camera, label, color, first_wall, last_wall, duration, speed_px, speed_m, json)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING rid`);
  v2.transaction(() => {
    events.forEach((e, i) => {
      const { rid } = insert.get(e.id, e.camera, e.label, e.color, e.firstSeen.wallMs, e.lastSeen.wallMs, e.durationSeconds, e.speedPxPerSecond, e.speedMetresPerSecond ?? null, JSON.stringify(e)) as { rid: number };
      const key = BigInt(rid);
      v2.prepare('INSERT INTO event_zones (zone, rid) VALUES (?, ?)').run('z-1', key);
      v2.prepare('INSERT INTO event_vectors (rowid, embedding, camera, label, color, first_wall, last_wall, duration) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(key, vectorBlob(vectors[i]), e.camera, e.label, e.color ?? '', e.firstSeen.wallMs, e.lastSeen.wallMs, e.durationSeconds);
      v2.prepare('INSERT INTO event_codes (rid, seq, code) VALUES (?, ?, ?)').run(key, rid, binaryCode(vectors[i]));
      v2.prepare('INSERT INTO event_embeddings (rid, embedding) VALUES (?, ?)').run(key, vectorBlob(vectors[i]));
    });
  })();
  v2.close();

  const readOnly = await failure(SqliteEventStore.open({ path, dimension, readOnly: true }));
  t.ok(isSharpeyeError(readOnly, 'E_STORE_SCHEMA'), 'a read-only open refuses to upgrade it');
  const store = await SqliteEventStore.open({ path, dimension });
  t.teardown(() => store.close());
  const db = new Database(path, { readonly: true });
  t.teardown(() => db.close());
  t.equal(db.pragma('user_version', { simple: true }), 3, 'now at schema 3');
  t.equal(MIGRATIONS.length, 3);
  t.equal(await store.count(), 30, 'every event kept');
  t.same(await store.get('old-3'), plated, 'events read back unchanged');
  t.same((await store.query({ plate: '皖K66666' })).events.map((e) => e.id), ['old-3'], 'a plate in old JSON is backfilled into the index');
  t.equal(await store.count({ plate: '皖K6666G', plateTolerant: true, vehicleTypes: ['heavy_goods'], zones: ['z-1'] }), 1);
  t.same((await store.query({ carrying: ['backpack'], upperColors: ['red'], lowerColors: ['blue'] })).events.map((e) => e.id), ['old-20'], 'person attributes backfilled');
  t.equal(await store.count({ riding: ['bicycle'] }), 0);
  const hits = await store.similar({ vector: vectors[3], k: 3, plate: '皖K*' });
  t.same(hits.map((h) => h.event.id), ['old-3'], 'similar with a plate filter on the upgraded file');
  const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").all() as Array<{ name: string }>).map((r) => r.name);
  for (const name of ['events_by_plate', 'events_by_vehicle_type', 'events_by_upper_color', 'events_by_lower_color', 'events_by_riding', 'event_carrying_by_rid']) t.ok(indexes.includes(name), `index ${name}`);
  const plan = (db.prepare('EXPLAIN QUERY PLAN SELECT rid FROM events WHERE plate >= ? AND plate < ? AND plate GLOB ?').all('皖K', '皖L', '皖K*') as Array<{ detail: string }>).map((r) => r.detail).join('; ');
  t.match(plan, /events_by_plate/, `a plate prefix uses the index (${plan})`);
  await store.upsert([{ event: { ...events[5], plate: plateInfo('京EA5331') }, embedding: vectors[5] }]);
  t.equal(await store.count({ plate: '京*' }), 1, 'new writes fill the new columns');
});

t.test('opening with another dimension fails with E_STORE_SCHEMA naming the file', async (t) => {
  const path = newPath();
  await (await SqliteEventStore.open({ path, dimension: 16 })).close();
  const err = await failure(SqliteEventStore.open({ path, dimension: 32 }));
  t.ok(isSharpeyeError(err, 'E_STORE_SCHEMA'), String(err));
  t.match((err as Error).message, path);
  t.match((err as Error).message, /16-dimensional/);
});

t.test('a file from a newer sharpeye is refused', async (t) => {
  const path = newPath();
  await (await SqliteEventStore.open({ path, dimension: 16 })).close();
  const db = new Database(path);
  db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
  db.close();
  const err = await failure(SqliteEventStore.open({ path, dimension: 16 }));
  t.ok(isSharpeyeError(err, 'E_STORE_SCHEMA'), String(err));
  t.match((err as Error).message, /newer/);
});

t.test('an unopenable file fails with E_STORE_OPEN naming the path', async (t) => {
  const notDb = join(root, 'not-a-db.db');
  await writeFile(notDb, 'this is not a sqlite database, just text that is long enough to be a header'.repeat(20));
  const notSqlite = await failure(SqliteEventStore.open({ path: notDb, dimension: 8 }));
  t.ok(isSharpeyeError(notSqlite, 'E_STORE_OPEN'), String(notSqlite));
  t.match((notSqlite as Error).message, notDb);
  const underFile = join(notDb, 'events.db');
  const noFolder = await failure(SqliteEventStore.open({ path: underFile, dimension: 8 }));
  t.ok(isSharpeyeError(noFolder, 'E_STORE_OPEN'), String(noFolder));
  t.match((noFolder as Error).message, underFile);
  t.ok(isSharpeyeError(await failure(SqliteEventStore.open({ path: newPath(), dimension: 0 })), 'E_CONFIG_INVALID'));
});

t.test(':memory: stores work and are independent', async (t) => {
  const a = await SqliteEventStore.open({ path: ':memory:', dimension: 4 });
  const b = await SqliteEventStore.open({ path: ':memory:', dimension: 4 });
  await a.upsert([{ event: makeEvent(prng(2), 0), embedding: new Float32Array([1, 0, 0, 0]) }]);
  t.equal(await a.count(), 1);
  t.equal(await b.count(), 0);
  await a.close();
  await b.close();
  t.equal(a.health().state, 'down');
});

t.test('hybrid KNN filters inside vec0: zones/rules become a rowid set, not a post-filter', async (t) => {
  const store = await SqliteEventStore.open({ path: ':memory:', dimension: 4, prefilterMaxRows: 0 });
  t.teardown(() => store.close());
  const rng = prng(4);
  // 500 near neighbours outside the zone, one far vector inside it: a post-filter over the top k would miss it.
  const near = Array.from({ length: 500 }, (_, i) => ({ event: makeEvent(rng, i, { zones: ['z-a'] }), embedding: new Float32Array([1, 0.001 * i, 0, 0]) }));
  const far = { event: makeEvent(rng, 999, { id: 'far', zones: ['z-b'], rules: ['r-x'] }), embedding: new Float32Array([0, 0, 1, 0]) };
  await store.upsert([...near, far]);
  const hits = await store.similar({ vector: new Float32Array([1, 0, 0, 0]), k: 3, zones: ['z-b'], rules: ['r-x'] });
  t.same(hits.map((h) => h.event.id), ['far']);
  t.ok(Math.abs(hits[0].score) < 1e-6, 'orthogonal: score 0');
});

t.test('read-only opens create nothing: a missing file or folder is E_STORE_NOT_FOUND', async (t) => {
  const folder = join(root, 'never-created');
  for (const path of [join(folder, 'events.db'), join(folder, 'a', 'b', 'events.db')]) {
    const err = await failure(SqliteEventStore.open({ path, dimension: 8, readOnly: true }));
    t.ok(isSharpeyeError(err, 'E_STORE_NOT_FOUND'), String(err));
    t.match((err as Error).message, path);
  }
  t.notOk(existsSync(folder), 'no folder was created');
  t.ok(isSharpeyeError(await failure(SqliteEventStore.open({ path: ':memory:', dimension: 8, readOnly: true })), 'E_CONFIG_INVALID'), ':memory: cannot be read-only');
});

t.test('a read-only store reads, refuses writes, and leaves the file as it was', async (t) => {
  const path = newPath();
  const rng = prng(5);
  const writer = await SqliteEventStore.open({ path, dimension: 8 });
  await writer.upsert([{ event: makeEvent(rng, 0, { id: 'ro-1', zones: ['z-a'] }), embedding: randomUnit(rng, 8) }]);
  await writer.close();
  const bytes = await readFile(path);
  const reader = await SqliteEventStore.open({ path, dimension: 8, readOnly: true });
  t.equal(await reader.count({ zones: ['z-a'] }), 1);
  t.equal((await reader.similar({ vector: randomUnit(rng, 8), k: 3 })).length, 1, 'sqlite-vec is loaded');
  t.ok(isSharpeyeError(await failure(reader.upsert([{ event: makeEvent(rng, 1) }])), 'E_STORE_REJECTED'), 'upsert refused');
  t.ok(isSharpeyeError(await failure(reader.deleteOlderThan(Date.now())), 'E_STORE_REJECTED'), 'delete refused');
  t.equal(await reader.count(), 1);
  await reader.close();
  t.ok((await readFile(path)).equals(bytes), 'the database file is byte for byte the same');
});

t.test('a read-only open of a file that needs a migration refuses it and writes nothing', async (t) => {
  const path = newPath();
  await (await SqliteEventStore.open({ path, dimension: 8 })).close();
  // Schema version 0: what a file from before the first migration (or a foreign SQLite file) looks like.
  const db = new Database(path);
  db.pragma('user_version = 0');
  db.close();
  const bytes = await readFile(path);
  const err = await failure(SqliteEventStore.open({ path, dimension: 8, readOnly: true }));
  t.ok(isSharpeyeError(err, 'E_STORE_SCHEMA'), String(err));
  t.ok((await readFile(path)).equals(bytes), 'the file is unchanged (not migrated)');
  const ro = new Database(path, { readonly: true });
  t.equal(ro.pragma('user_version', { simple: true }), 0, 'still version 0');
  ro.close();
});

t.test('filter lists are bound as one JSON parameter each, whatever their length', async (t) => {
  const many = (p: string) => Array.from({ length: 1000 }, (_, i) => `${p}-${i}`);
  const f = { cameras: many('c'), labels: many('l'), colors: many('k'), zones: many('z'), rules: many('r'), from: 1, to: 2, minDurationSeconds: 3 };
  t.equal(eventConditions(f).params.length, 8, 'events: one parameter per list or bound');
  t.equal(vectorConditions(f).params.length, 8, 'vec0: one parameter per list or bound');
});
