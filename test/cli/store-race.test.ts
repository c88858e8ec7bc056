// The reported symptom end to end: two `analyze --store` runs started together on a new SQLite file
// (each creates the folder, the file and the schema if it gets there first). Both must succeed and
// every object record of both must be in the store. The many-round race on the store itself is
// test/indexer/sqlite-concurrent-open.test.ts.
import t from 'tap';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSharpeye } from '../helpers/cli.js';
import { video } from '../helpers/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'sharpeye-store-race-'));

t.test('two analyze --store runs on the same new file at once both succeed, and all their records land', async (t) => {
  const store = `sqlite:${join(dir, 'new-folder', 'events.db')}`;
  const run = (camera: string) => runSharpeye(['analyze', video('highway.mp4'), '--fps', '2', '--max-frames', '3', '--camera', camera, '--store', store, '--out', join(dir, `${camera}.jsonl`)]);
  const results = await Promise.all([run('race-a'), run('race-b')]);
  let stored = 0;
  for (const r of results) {
    t.equal(r.code, 0, r.stderr);
    stored += Number(/stored (\d+) object records/.exec(r.stderr)?.[1] ?? NaN);
  }
  const listed = await runSharpeye(['events', '--store', store, '--json', '--limit', '1000']);
  t.equal(listed.code, 0, listed.stderr);
  const events = JSON.parse(listed.stdout) as Array<{ camera: string }>;
  t.ok(stored > 0, `${stored} records stored`);
  t.equal(events.length, stored, 'every stored record is listed');
  t.same([...new Set(events.map((e) => e.camera))].sort(), ['race-a', 'race-b'], 'from both runs');
});
