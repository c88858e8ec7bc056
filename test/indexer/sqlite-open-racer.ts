// Child process for the concurrent-open race test (sqlite-concurrent-open.test.ts): on each stdin
// line `PATH ROUND` it opens that store for writing, upserts one event of its own and closes, then
// answers one JSON line. Started once per racer; the parent releases all racers at once each round.
import { createInterface } from 'node:readline';
import { SqliteEventStore } from '../../indexer/index.js';
import { makeEvent, prng, randomUnit } from '../conformance/event-store-fixtures.js';

const racer = Number(process.argv[2]);
const DIMENSION = 8;
const rng = prng(1000 + racer);

async function round(path: string, n: number): Promise<Record<string, unknown>> {
  try {
    const store = await SqliteEventStore.open({ path, dimension: DIMENSION });
    try {
      await store.upsert([{ event: makeEvent(rng, n, { id: `round-${n}-racer-${racer}` }), embedding: randomUnit(rng, DIMENSION) }]);
    } finally {
      await store.close();
    }
    return { round: n, racer, ok: true };
  } catch (err) {
    const e = err as { code?: string; message?: string };
    return { round: n, racer, ok: false, code: e.code, message: e.message };
  }
}

const lines = createInterface({ input: process.stdin });
process.stdout.write(JSON.stringify({ ready: racer }) + '\n');
for await (const line of lines) {
  const [path, n] = line.split('\t');
  process.stdout.write(JSON.stringify(await round(path, Number(n))) + '\n');
}
