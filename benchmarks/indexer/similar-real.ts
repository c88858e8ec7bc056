// Recall@10 of the SQLite store's quantised similar search on REAL appearance embeddings (fixture
// crops embedded by benchmarks/indexer/real-embeddings.ts), leave-one-out: every stored vector is
// a query with its own event excluded, answered exactly and quantised at several oversampling
// factors. The real set is small (hundreds of crops), so low factors are the informative ones.
// Usage: node --import tsx benchmarks/indexer/similar-real.ts [--in /tmp/sharpeye-real-embeddings] [--oversample 1,2,5,10,20]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SqliteEventStore } from '../../indexer/index.js';
import { makeEvent, prng } from '../../test/conformance/event-store-fixtures.js';

const { values } = parseArgs({ options: {
  in: { type: 'string', default: '/tmp/sharpeye-real-embeddings' },
  oversample: { type: 'string', default: '1,2,5,10,20' },
} });
const meta = JSON.parse(readFileSync(`${values.in}.json`, 'utf8')) as { dimension: number; count: number; labels: string[] };
const raw = readFileSync(`${values.in}.f32`);
const all = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
const dim = meta.dimension;
const vector = (i: number) => all.subarray(i * dim, (i + 1) * dim);
const dir = mkdtempSync(join(tmpdir(), 'sharpeye-similar-real-'));
try {
  const path = join(dir, 'real.db');
  const rng = prng(1);
  const writer = await SqliteEventStore.open({ path, dimension: dim, searchThread: 'main' });
  await writer.upsert(Array.from({ length: meta.count }, (_, i) => ({ event: makeEvent(rng, i, { id: `real-${i}` }), embedding: vector(i) })));
  await writer.close();
  const exact = await SqliteEventStore.open({ path, dimension: dim, readOnly: true, searchThread: 'main', oversample: 0 });
  const truth: string[][] = [];
  for (let i = 0; i < meta.count; i++) truth.push((await exact.similar({ vector: vector(i), k: 10, excludeId: `real-${i}` })).map((h) => h.event.id));
  await exact.close();
  console.log(`real embeddings: ${meta.count} x ${dim} (${[...new Set(meta.labels)].join(', ')})\n\n| oversample | candidates (k=10) | recall@10 |\n|---:|---:|---:|`);
  for (const oversample of values.oversample.split(',').map(Number)) {
    const store = await SqliteEventStore.open({ path, dimension: dim, readOnly: true, searchThread: 'main', oversample, quantisedMinVectors: 0 });
    let found = 0, total = 0;
    for (let i = 0; i < meta.count; i++) {
      const got = new Set((await store.similar({ vector: vector(i), k: 10, excludeId: `real-${i}` })).map((h) => h.event.id));
      total += truth[i].length;
      found += truth[i].filter((id) => got.has(id)).length;
    }
    await store.close();
    console.log(`| ${oversample} | ${11 * oversample} | ${(found / total).toFixed(3)} |`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
