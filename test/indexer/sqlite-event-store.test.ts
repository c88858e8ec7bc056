// The SQLite + sqlite-vec EventStore: the shared conformance suite on a file in a fresh temporary
// folder per store, then what only SQLite has (WAL, migrations, user_version, file errors).
import t from 'tap';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { isSharpeyeError } from '../../core/index.js';
import { SqliteEventStore, type EventStore } from '../../indexer/index.js';
import { MIGRATIONS } from '../../indexer/sqlite/schema.js';
import { eventConditions, vectorConditions } from '../../indexer/sqlite/filter-sql.js';
import { eventStoreConformance } from '../conformance/event-store-suite.js';
import { makeEvent, prng, randomUnit } from '../conformance/event-store-fixtures.js';
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
