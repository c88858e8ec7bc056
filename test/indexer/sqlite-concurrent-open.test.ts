// Concurrent first use of a SQLite event store: four real processes open the same new file at the
// same moment (folder, file, WAL switch, schema and vec0 table all created by whoever wins), 20
// rounds. Every open must succeed, the schema must be at the current version exactly once, and
// every racer's write must land.
import t from 'tap';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { MIGRATIONS } from '../../indexer/sqlite/schema.js';

const RACERS = 4;
const ROUNDS = 20;
const root = await mkdtemp(join(tmpdir(), 'sharpeye-sqlite-race-'));
t.teardown(() => rm(root, { recursive: true, force: true }));

interface Racer { child: ChildProcessWithoutNullStreams; next(): Promise<Record<string, any>> }

function startRacer(index: number): Racer {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'sqlite-open-racer.ts'), String(index)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    child,
    async next() {
      const { value, done } = await lines.next();
      if (done) throw new Error(`racer ${index} exited: ${stderr.slice(-2000)}`);
      return JSON.parse(value);
    },
  };
}

t.test(`${RACERS} processes opening the same new store at once, ${ROUNDS} rounds`, async (t) => {
  const racers = Array.from({ length: RACERS }, (_, i) => startRacer(i));
  t.teardown(() => { for (const r of racers) r.child.kill(); });
  for (const r of racers) t.ok((await r.next()).ready !== undefined, 'racer ready');
  const failures: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // A folder that does not exist yet: the racers also race to create it.
    const path = join(root, `round-${round}`, 'events.db');
    for (const r of racers) r.child.stdin.write(`${path}\t${round}\n`);
    const answers = await Promise.all(racers.map((r) => r.next()));
    for (const a of answers) if (!a.ok) failures.push(`round ${round} racer ${a.racer}: ${a.code}: ${a.message}`);
    const db = new Database(path, { readonly: true });
    sqliteVec.load(db);
    try {
      const ids = (db.prepare('SELECT id FROM events ORDER BY id').all() as Array<{ id: string }>).map((r) => r.id);
      const expected = racers.map((_, i) => `round-${round}-racer-${i}`);
      t.same(ids, expected, `round ${round}: every racer's event landed`);
      t.equal(db.pragma('user_version', { simple: true }), MIGRATIONS.length, `round ${round}: schema at version ${MIGRATIONS.length}`);
      t.equal(db.pragma('journal_mode', { simple: true }), 'wal', `round ${round}: WAL mode`);
      const vectors = (db.prepare('SELECT count(*) AS n FROM event_vectors').get() as { n: number }).n;
      t.equal(vectors, ids.length, `round ${round}: one vector per event`);
    } finally {
      db.close();
    }
  }
  t.same(failures, [], `all ${RACERS * ROUNDS} opens succeeded`);
});
