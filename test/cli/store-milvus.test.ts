// The same command-line flow on Milvus (Milvus Lite started by the harness unless MILVUS_ADDRESS is
// set): analyze writes object events, events lists them, similar finds neighbours, and the result
// agrees with the embedded store on the same clip.
import t from 'tap';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSharpeye } from '../helpers/cli.js';
import { video } from '../helpers/fixtures.js';
import { startMilvusServer } from '../helpers/milvus-server.js';

type Line = Record<string, any>;
const server = await startMilvusServer();
t.teardown(() => server.close());
const dir = mkdtempSync(join(tmpdir(), 'sharpeye-store-milvus-'));
const milvus = `milvus:${server.address}/${server.collectionName('cli')}`;
const sqlite = `sqlite:${join(dir, 'events.db')}`;

t.test('analyze --store milvus, then events and similar over it', async (t) => {
  for (const store of [milvus, sqlite]) {
    const r = await runSharpeye(['analyze', video('highway.mp4'), '--fps', '5', '--store', store, '--snapshots', join(dir, 'snaps'), '--out', join(dir, 'out.jsonl')]);
    t.equal(r.code, 0, r.stderr);
    t.match(r.stderr, /stored \d+ object records/);
  }
  const list = async (store: string) => (JSON.parse((await runSharpeye(['events', '--store', store, '--json', '--limit', '1000'])).stdout) as Line[]);
  const [fromMilvus, fromSqlite] = [await list(milvus), await list(sqlite)];
  t.ok(fromMilvus.length >= 5);
  t.same(fromMilvus.map((e) => e.id), fromSqlite.map((e) => e.id), 'the same events in the same order as the embedded store');
  const cars = JSON.parse((await runSharpeye(['events', '--store', milvus, '--json', '--label', 'car', '--min-duration', '1'])).stdout) as Line[];
  t.same(cars.map((e) => e.id), fromSqlite.filter((e) => e.label === 'car' && e.durationSeconds >= 1).map((e) => e.id), 'filters agree');
  const query = cars[0].id;
  const sim = async (store: string) => JSON.parse((await runSharpeye(['similar', '--store', store, '--event', query, '--k', '4', '--json'])).stdout) as Line[];
  const [a, b] = [await sim(milvus), await sim(sqlite)];
  t.same(a.map((h) => h.id), b.map((h) => h.id), 'the same neighbours (exact search on both)');
  a.forEach((h, i) => t.ok(Math.abs(h.score - b[i].score) < 1e-3, `score ${h.score} ~ ${b[i].score}`));
});

t.test('events and similar on a Milvus collection that does not exist: E_STORE_NOT_FOUND, none created', async (t) => {
  const missing = `milvus:${server.address}/${server.collectionName('typo')}`;
  for (const args of [['events', '--store', missing], ['similar', '--store', missing, '--event', 'x'], ['events', '--store', missing]]) {
    // The last run repeats the first: had a read created the collection, it would now answer "0 events".
    const r = await runSharpeye(args);
    t.equal(r.code, 1, r.stderr);
    t.match(r.stderr, /^sharpeye (events|similar): E_STORE_NOT_FOUND: Milvus collection \w+ does not exist at [\d.]+:\d+; check the collection name \(read commands never create one\)\n$/);
    t.equal(r.stdout, '');
  }
});
