// Read commands never create state, and store specs are checked before anything is opened: `events`
// and `similar` on a mistyped path, a SQLite URI trick, ':memory:' or a malformed Milvus spec fail
// with one line and the right status, and no file or folder appears (the temporary folder and the
// working directory are listed before and after every run).
import t, { type Test } from 'tap';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../indexer/index.js';
import { DEFAULT_EMBED_MODEL } from '../../inference/index.js';
import { getModelSpec } from '../../models/index.js';
import { runSharpeye, type CliResult } from '../helpers/cli.js';
import { REPO_ROOT, video } from '../helpers/fixtures.js';
import { makeEvent, prng, randomUnit } from '../conformance/event-store-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'sharpeye-store-safety-'));
mkdirSync(join(dir, 'existing-folder'));

/** Every path under `root` (recursively), sorted. */
function listing(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string, prefix: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      out.push(`${prefix}${e.name}${e.isDirectory() ? '/' : ''}`);
      if (e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules') walk(join(d, e.name), `${prefix}${e.name}/`);
    }
  };
  walk(root, '');
  return out.sort();
}

const snapshot = () => ({ tmp: listing(dir), cwd: readdirSync(REPO_ROOT).sort() });

/** Runs the CLI and checks: exit status, one stderr line matching `message`, nothing created. */
async function refused(t: Test, args: string[], status: number, message: RegExp, extra?: (r: CliResult) => void): Promise<void> {
  const before = snapshot();
  const r = await runSharpeye(args);
  const what = args.map((a) => (a.length > 60 ? `${a.slice(0, 60)}...` : a)).join(' ');
  t.equal(r.code, status, `${what}: exit ${status}`);
  const lines = r.stderr.split('\n').filter(Boolean);
  t.equal(lines.length, 1, `one line: ${r.stderr.slice(0, 300)}`);
  t.match(lines[0] ?? '', message);
  t.equal(r.stdout, '', 'nothing on stdout (no "0 events")');
  t.same(snapshot(), before, 'no file or folder created');
  extra?.(r);
}

/** A store with one event, written as `analyze --store` would (default embedding model's dimension). */
async function keptStore(): Promise<string> {
  const db = join(dir, 'kept', 'events.db');
  if (existsSync(db)) return db;
  const dimension = getModelSpec(DEFAULT_EMBED_MODEL).embeddingDim!;
  const rng = prng(8);
  const store = await SqliteEventStore.open({ path: db, dimension });
  await store.upsert([{ event: makeEvent(rng, 0, { id: 'kept-1', camera: 'cam-1', zones: ['zone-1'] }), embedding: randomUnit(rng, dimension) }]);
  await store.close();
  return db;
}

const reads = (spec: string): string[][] => [['events', '--store', spec], ['similar', '--store', spec, '--event', 'some-id']];

t.test('a store that does not exist: E_STORE_NOT_FOUND, nothing created', async (t) => {
  for (const spec of [`sqlite:${join(dir, 'typo.db')}`, `sqlite:${join(dir, 'no-such-folder', 'deeper', 'events.db')}`, 'sqlite:relative-typo-folder/events.db']) {
    for (const args of reads(spec)) await refused(t, args, 1, /^sharpeye (events|similar): E_STORE_NOT_FOUND: event store \/\S+ does not exist; check the path \(read commands never create a store/);
  }
});

t.test('SQLite URI tricks, special names and folders are refused before anything is opened', async (t) => {
  const cases: Array<[string, RegExp]> = [
    [`sqlite:file:${join(dir, 'x.db')}?mode=ro`, /E_CONFIG_INVALID: store "sqlite:file:.*": SQLite URI filenames \(file:\.\.\.\) are not accepted/],
    ['sqlite:file:events.db', /SQLite URI filenames/],
    ['sqlite:FILE:events.db', /SQLite URI filenames/],
    [`sqlite:${join(dir, 'x.db')}?mode=rwc`, /contains '\?'; query strings/],
    ['sqlite::memory:', /':memory:' is a special SQLite name, not a file/],
    ['sqlite:', /needs a file path after sqlite:/],
    [`sqlite:${dir}/`, /names a folder/],
    ['sqlite:.', /names a folder/],
    [`sqlite:${join(dir, 'a\nb.db')}`, /the path contains a control character/],
    ['postgres:x', /must be one of sqlite:\.\.\., milvus:\.\.\./],
    ['events.db', /must be one of sqlite:\.\.\., milvus:\.\.\./],
  ];
  for (const [spec, message] of cases) {
    for (const args of reads(spec)) await refused(t, args, 2, message);
  }
  // A writing command refuses the same specs, before it creates its output or the store.
  const out = join(dir, 'analyze-out.jsonl');
  await refused(t, ['analyze', video('highway.mp4'), '--store', `sqlite:file:${join(dir, 'w.db')}?mode=rwc`, '--out', out], 2, /SQLite URI filenames/);
  await refused(t, ['analyze', video('highway.mp4'), '--store', 'sqlite::memory:'], 2, /':memory:' is a special SQLite name/);
});

t.test('a folder, an empty file or a foreign SQLite file is not read as a store, and is left as it was', async (t) => {
  await refused(t, ['events', '--store', `sqlite:${join(dir, 'existing-folder')}`], 1, /E_STORE_OPEN: cannot open event store .*existing-folder: it is a folder/);
  const empty = join(dir, 'empty.db');
  writeFileSync(empty, '');
  await refused(t, ['events', '--store', `sqlite:${empty}`], 1, /E_STORE_SCHEMA: .*empty\.db is not a sharpeye event store/);
  t.equal(readFileSync(empty).length, 0, 'the empty file is still empty');
});

t.test('Milvus specs: host:port[/collection], a port in range, no credentials; nothing is contacted', async (t) => {
  const cases: Array<[string, RegExp]> = [
    ['milvus:', /must be HOST:PORT or HOST:PORT\/COLLECTION/],
    ['milvus:localhost', /must be HOST:PORT or HOST:PORT\/COLLECTION/],
    ['milvus:127.0.0.1:99999', /port 99999 is outside 1-65535/],
    ['milvus:127.0.0.1:0/events', /port 0 is outside 1-65535/],
    ['milvus:127.0.0.1:19530/bad-name', /collection name must be letters, digits and underscores/],
    ['milvus:127.0.0.1:19530/9lives', /collection name must be/],
    ['milvus:127.0.0.1:19530/a/b', /must be HOST:PORT or HOST:PORT\/COLLECTION/],
    ['milvus:ftp://127.0.0.1:19530', /must be HOST:PORT/],
    ['milvus:127.0.0.1:19530?x=1', /must be HOST:PORT/],
    ['milvus:admin:s3cret-pw@127.0.0.1:19530', /credentials do not belong in the store spec/],
    ['milvus:https://admin:s3cret-pw@127.0.0.1:19530/c', /credentials do not belong in the store spec/],
    ['mysql://admin:s3cret-pw@10.0.0.1/events', /store "mysql:\/\/\*\*\*@10\.0\.0\.1\/events" must be one of sqlite:/],
    ['milvus:admin:s3cret-pw@', /credentials do not belong/],
  ];
  for (const [spec, message] of cases) {
    await refused(t, ['events', '--store', spec], 2, message, (r) => t.notMatch(r.stderr, /s3cret/, 'the password is not echoed'));
  }
});

t.test('reading an existing store changes nothing in it', async (t) => {
  const db = await keptStore();
  const bytes = readFileSync(db);
  const r = await runSharpeye(['events', '--store', `sqlite:${db}`, '--json']);
  t.equal(r.code, 0, r.stderr);
  t.same((JSON.parse(r.stdout) as Array<{ id: string }>).map((e) => e.id), ['kept-1']);
  t.ok(readFileSync(db).equals(bytes), 'the database file is byte for byte the same');
  // SQLite's own WAL companions may be left by a reader; no other file, and no schema change.
  t.same(readdirSync(join(dir, 'kept')).filter((f) => !/^events\.db(-wal|-shm)?$/.test(f)), []);
});

t.test('a huge filter list is a usage error (exit 2), not a retryable store failure', async (t) => {
  const store = `sqlite:${await keptStore()}`;
  // 40000 values: past SQLite's 32766 bound variables, still inside one argv string (128 KiB at most).
  const many = new Array<string>(40_000).fill('c').join(',');
  await refused(t, ['events', '--store', store, '--camera', many], 2, /^sharpeye events: E_CONFIG_INVALID: --camera lists 40000 values; at most 1000 per query$/);
  await refused(t, ['similar', '--store', store, '--event', 'kept-1', '--zone', many], 2, /--zone lists 40000 values; at most 1000/);
  await refused(t, ['events', '--store', store, '--label', `car,${'x'.repeat(300)}`], 2, /--label values are at most 256 characters, one has 300/);
  const atBound = Array.from({ length: 1000 }, (_, i) => (i === 999 ? 'cam-1' : `other-${i}`)).join(',');
  const r = await runSharpeye(['events', '--store', store, '--camera', atBound, '--zone', atBound.replace(/cam-1$/, 'zone-1'), '--json']);
  t.equal(r.code, 0, r.stderr);
  t.same((JSON.parse(r.stdout) as Array<{ id: string }>).map((e) => e.id), ['kept-1'], '1000 values per list still work');
});
