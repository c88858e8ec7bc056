// EventStore benchmark, the same for every backend: insert throughput (events/s in batches) and
// similar() latency p50/p99, unfiltered and with a camera + label + time filter, as the store grows
// through the given sizes (default 100k then 1M vectors of dimension 512, seeded random unit vectors),
// plus recall@k of the backend against exact brute force. Prints a table, writes JSON. Usage:
//   node --import tsx benchmarks/indexer/store-bench.ts [--backend sqlite|milvus] [--address host:port|lite]
//     [--index HNSW|IVF_FLAT|FLAT|AUTOINDEX]
//     [--sizes 100000,1000000] [--dimension 512] [--batch 500] [--queries 50] [--k 10]
//     [--recall-queries 10] [--dir DIR] [--seed 1] [--out benchmarks/results]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ObjectEvent } from '../../core/index.js';
import { createLogger } from '../../core/index.js';
import { MilvusEventStore, SqliteEventStore, type EventFilter, type EventRecord, type EventStore, type MilvusIndexType } from '../../indexer/index.js';
import { startMilvusServer } from '../../test/helpers/milvus-server.js';
import { machineInfo } from '../machine-info.js';
import { seededRandom as prng } from '../../test/helpers/seeded-random.js';

const root = resolve(import.meta.dirname, '..', '..');
const { values } = parseArgs({ options: {
  backend: { type: 'string', default: 'sqlite' },
  address: { type: 'string', default: 'localhost:19530' },
  index: { type: 'string', default: 'HNSW' },
  sizes: { type: 'string', default: '100000,1000000' },
  dimension: { type: 'string', default: '512' },
  batch: { type: 'string', default: '500' },
  queries: { type: 'string', default: '50' },
  k: { type: 'string', default: '10' },
  'recall-queries': { type: 'string', default: '10' },
  dir: { type: 'string' },
  seed: { type: 'string', default: '1' },
  out: { type: 'string', default: join(root, 'benchmarks', 'results') },
} });
const sizes = values.sizes.split(',').map(Number);
const dimension = Number(values.dimension), batchSize = Number(values.batch), queryCount = Number(values.queries);
const k = Number(values.k), recallQueries = Number(values['recall-queries']), seed = Number(values.seed);

interface BackendOptions { dimension: number; dir: string; address: string }

/** How each backend opens an empty store for the run. */
const BACKENDS: Record<string, (o: BackendOptions) => Promise<EventStore>> = {
  sqlite: (o) => SqliteEventStore.open({ path: join(o.dir, 'bench.db'), dimension: o.dimension }),
  // A fresh collection on --address, or with --address lite a Milvus Lite started for the run (the
  // test harness's), stopped when the store closes. --index picks the index; Milvus Lite refuses
  // HNSW and falls back to FLAT (exact). 'block' makes upsert wait for the buffer instead of dropping.
  milvus: async (o) => {
    const lite = o.address === 'lite' ? await startMilvusServer() : undefined;
    try {
      const store = await MilvusEventStore.open({
        address: lite?.address ?? o.address, collection: `bench_${process.pid}_${Date.now().toString(36)}`, dimension: o.dimension,
        index: { type: values.index as MilvusIndexType }, batchSize, overflow: 'block', consistencyLevel: 'Bounded',
        token: process.env.SHARPEYE_MILVUS_TOKEN || undefined,
      }, { logger: createLogger({ level: 'warn' }) });
      console.log(`milvus at ${lite ? `Milvus Lite ${lite.address}` : o.address}: index ${store.capabilities.indexType}${store.capabilities.indexFallback ? ` (fallback for ${values.index})` : ''}, partition key ${store.capabilities.partitionKey}`);
      return lite ? closingAlso(store, () => lite.close()) : store;
    } catch (err) {
      await lite?.close();
      throw err;
    }
  },
};

/** The store, with `cleanup` run after its close() (the Milvus Lite server under it). */
function closingAlso(store: EventStore, cleanup: () => Promise<void>): EventStore {
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'close') return async () => { try { await target.close(); } finally { await cleanup(); } };
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const CAMERAS = Array.from({ length: 20 }, (_, i) => `cam-${i}`);
const LABELS = ['car', 'person', 'truck', 'bus', 'bicycle', 'motorcycle'];
const BASE_MS = 1767225600000, SPAN_MS = 30 * 86_400_000;
/** About 1/20 cameras x 1/6 labels x 1/4 of the time: ~0.2% of the events. */
const FILTER: EventFilter = { cameras: [CAMERAS[3]], labels: ['car'], from: BASE_MS + 10 * 86_400_000, to: BASE_MS + 17 * 86_400_000 };

function unit(rng: () => number, out: Float32Array): Float32Array {
  let n = 0;
  for (let i = 0; i < out.length; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - rng())), th = 2 * Math.PI * rng();
    out[i] = r * Math.cos(th);
    if (i + 1 < out.length) out[i + 1] = r * Math.sin(th);
  }
  for (const x of out) n += x * x;
  n = Math.sqrt(n);
  for (let i = 0; i < out.length; i++) out[i] /= n;
  return out;
}

/** Batch `b` is a pure function of (seed, b), so brute force can regenerate it instead of holding 2 GB. */
function makeBatch(b: number): EventRecord[] {
  const rng = prng(seed * 1_000_003 + b);
  return Array.from({ length: batchSize }, (_, j) => {
    const i = b * batchSize + j;
    const first = BASE_MS + Math.floor(rng() * SPAN_MS), duration = Math.round(rng() * 600) / 10;
    const event: ObjectEvent = {
      id: `ev${i.toString(36).padStart(8, '0')}`, camera: CAMERAS[Math.floor(rng() * CAMERAS.length)], trackId: i,
      label: LABELS[Math.floor(rng() * LABELS.length)], score: 0.8,
      firstSeen: { ptsMs: 0, wallMs: first }, lastSeen: { ptsMs: duration * 1000, wallMs: first + duration * 1000 },
      durationSeconds: duration, frames: 10, box: [0, 0, 10, 10], size: { width: 10, height: 10, areaFraction: 0.001 },
      color: 'white', colorFraction: 0.5, speedPxPerSecond: 10, headingDegrees: 90, trajectory: [],
      zones: rng() < 0.3 ? ['z-1'] : [], lines: [], rules: [], final: true, version: 1,
    };
    return { event, embedding: unit(rng, new Float32Array(dimension)) };
  });
}

const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

async function latency(store: EventStore, filter: EventFilter, qseed: number): Promise<{ p50: number; p99: number; hits: number }> {
  const rng = prng(qseed);
  const times: number[] = [];
  let hits = 0;
  await store.similar({ ...filter, vector: unit(rng, new Float32Array(dimension)), k }); // warm-up
  for (let q = 0; q < queryCount; q++) {
    const vector = unit(rng, new Float32Array(dimension));
    const t0 = performance.now();
    hits += (await store.similar({ ...filter, vector, k })).length;
    times.push(performance.now() - t0);
  }
  return { p50: percentile(times, 50), p99: percentile(times, 99), hits: hits / queryCount };
}

/** Exact top-k over everything inserted so far (regenerated batch by batch), for each query and filter. */
async function recall(store: EventStore, batches: number, filter: EventFilter): Promise<number> {
  const rng = prng(seed + 99);
  const queries = Array.from({ length: recallQueries }, () => unit(rng, new Float32Array(dimension)));
  const best = queries.map(() => [] as Array<{ id: string; s: number }>);
  const matches = (e: ObjectEvent) => (!filter.cameras || filter.cameras.includes(e.camera)) && (!filter.labels || filter.labels.includes(e.label))
    && (filter.from === undefined || e.lastSeen.wallMs >= filter.from) && (filter.to === undefined || e.firstSeen.wallMs <= filter.to);
  for (let b = 0; b < batches; b++) {
    for (const r of makeBatch(b)) {
      if (!matches(r.event)) continue;
      queries.forEach((q, qi) => {
        let s = 0;
        for (let i = 0; i < dimension; i++) s += q[i] * r.embedding![i];
        const top = best[qi];
        if (top.length < k || s > top[top.length - 1].s) {
          top.push({ id: r.event.id, s });
          top.sort((x, y) => y.s - x.s);
          if (top.length > k) top.pop();
        }
      });
    }
  }
  let found = 0, total = 0;
  for (const [qi, q] of queries.entries()) {
    const got = new Set((await store.similar({ ...filter, vector: q, k })).map((h) => h.event.id));
    found += best[qi].filter((x) => got.has(x.id)).length;
    total += best[qi].length;
  }
  return total === 0 ? 1 : found / total;
}

async function main(): Promise<void> {
  const open = BACKENDS[values.backend];
  if (!open) throw new Error(`unknown --backend ${values.backend}; one of ${Object.keys(BACKENDS).join(', ')}`);
  const dir = values.dir ?? mkdtempSync(join(tmpdir(), 'sharpeye-store-bench-'));
  const store = await open({ dimension, dir, address: values.address });
  const rows: Array<Record<string, number | string>> = [];
  let batches = 0;
  try {
    for (const size of sizes) {
      const target = Math.ceil(size / batchSize);
      let insertMs = 0, inserted = 0;
      while (batches < target) {
        const records = makeBatch(batches++);
        const t0 = performance.now();
        await store.upsert(records);
        insertMs += performance.now() - t0;
        inserted += records.length;
      }
      const t0 = performance.now();
      await store.flush();
      insertMs += performance.now() - t0;
      const all = await latency(store, {}, seed + 1), filtered = await latency(store, FILTER, seed + 2);
      const row = {
        backend: values.backend, vectors: batches * batchSize, dimension, insertedNow: inserted,
        insertPerSecond: Math.round(inserted / (insertMs / 1000)),
        p50Ms: +all.p50.toFixed(2), p99Ms: +all.p99.toFixed(2),
        filteredP50Ms: +filtered.p50.toFixed(2), filteredP99Ms: +filtered.p99.toFixed(2), filteredHits: +filtered.hits.toFixed(1),
        recallAtK: +(await recall(store, batches, {})).toFixed(4), filteredRecallAtK: +(await recall(store, batches, FILTER)).toFixed(4),
      };
      rows.push(row);
      console.table([row]);
    }
  } finally {
    await store.close();
    if (!values.dir) rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\n${values.backend}, dimension ${dimension}, batch ${batchSize}, k ${k}, ${queryCount} queries per latency figure, recall over ${recallQueries} queries`);
  console.table(rows);
  mkdirSync(values.out, { recursive: true });
  const file = join(values.out, `store-bench-${values.backend}-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify({ machine: machineInfo(), params: { sizes, dimension, batchSize, queryCount, k, recallQueries, seed, filter: FILTER }, rows }, null, 2));
  console.log(`wrote ${file}`);
}

await main();
