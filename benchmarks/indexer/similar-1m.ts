// Similar search of the embedded (SQLite) store at 1M vectors: exact brute force against the
// quantised plan (sign-bit Hamming scan + exact re-ranking) at several oversampling factors, without
// and with filters: p50/p99 latency over --queries queries, recall@10 against exact, medians of
// --runs runs (the exact reference runs once: it is the truth); filtered rows use the default
// factor (a filtered search re-ranks FILTERED_OVERSAMPLE_FACTOR times more); then event-loop delay (perf_hooks.monitorEventLoopDelay) while searches run on the
// main thread against the search worker. Vectors are seeded clustered unit vectors
// (test/helpers/clustered-vectors.ts). The store is built once and cached in --dir. Usage:
//   node --import tsx benchmarks/indexer/similar-1m.ts [--n 1000000] [--dimension 512] [--clusters 20000]
//     [--queries 100] [--runs 3] [--oversample 5,10,20,40] [--dir /tmp/sharpeye-similar-1m] [--build-only | --no-build]
//     [--filters 'none,label car,camera + car + week'] [--loop-only | --no-loop]
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { ObjectEvent } from '../../core/index.js';
import { DEFAULT_OVERSAMPLE, SqliteEventStore, type EventFilter, type EventRecord } from '../../indexer/index.js';
import { ClusteredVectors } from '../../test/helpers/clustered-vectors.js';
import { seededRandom } from '../../test/helpers/seeded-random.js';
import { machineInfo, median } from '../machine-info.js';

const { values } = parseArgs({ options: {
  n: { type: 'string', default: '1000000' },
  dimension: { type: 'string', default: '512' },
  clusters: { type: 'string', default: '20000' },
  queries: { type: 'string', default: '100' },
  runs: { type: 'string', default: '3' },
  oversample: { type: 'string', default: '5,10,20,40' },
  seed: { type: 'string', default: '1' },
  dir: { type: 'string', default: '/tmp/sharpeye-similar-1m' },
  'build-only': { type: 'boolean', default: false },
  // Measure the cached file as it is (e.g. while a build is still writing it: WAL readers see the
  // last commit); the table then states the vectors actually searched.
  'no-build': { type: 'boolean', default: false },
  // Only the event-loop delay part.
  'loop-only': { type: 'boolean', default: false },
  // Only these rows of the table (filter names, comma-separated: none, label car, camera + car + week).
  filters: { type: 'string' },
  // Skip the event-loop delay part.
  'no-loop': { type: 'boolean', default: false },
} });
const n = Number(values.n), dimension = Number(values.dimension), seed = Number(values.seed);
const queryCount = Number(values.queries), runs = Number(values.runs);
const factors = values.oversample.split(',').map(Number);
const vectors = new ClusteredVectors({ dimension, clusters: Number(values.clusters), seed });
const CAMERAS = Array.from({ length: 20 }, (_, i) => `cam-${i}`);
const LABELS = ['car', 'person', 'truck', 'bus', 'bicycle', 'motorcycle'];
const BASE_MS = 1767225600000, SPAN_MS = 30 * 86_400_000;
const FILTERS: Array<[string, EventFilter]> = [
  ['none', {}],
  // ~1/6 of the events: the post-filtered quantised plan.
  ['label car', { labels: ['car'] }],
  // ~1/20: one camera (an analyst's "this car on that camera").
  ['camera', { cameras: ['cam-3'] }],
  // ~0.2%: the prefiltered exact plan.
  ['camera + car + week', { cameras: ['cam-3'], labels: ['car'], from: BASE_MS + 10 * 86_400_000, to: BASE_MS + 17 * 86_400_000 }],
];

function record(i: number): EventRecord {
  const rng = seededRandom((seed * 1_000_003 + i) >>> 0);
  const first = BASE_MS + Math.floor(rng() * SPAN_MS), duration = Math.round(rng() * 600) / 10;
  const event: ObjectEvent = {
    id: `ev${i.toString(36).padStart(8, '0')}`, camera: CAMERAS[Math.floor(rng() * CAMERAS.length)], trackId: i,
    label: LABELS[Math.floor(rng() * LABELS.length)], score: 0.8,
    firstSeen: { ptsMs: 0, wallMs: first }, lastSeen: { ptsMs: duration * 1000, wallMs: first + duration * 1000 },
    durationSeconds: duration, frames: 10, box: [0, 0, 10, 10], size: { width: 10, height: 10, areaFraction: 0.001 },
    color: 'white', colorFraction: 0.5, speedPxPerSecond: Math.round(rng() * 1000) / 10, headingDegrees: 90, trajectory: [],
    zones: [], lines: [], rules: [], final: true, version: 1,
  };
  return { event, embedding: vectors.vector(i) };
}

async function build(path: string): Promise<void> {
  if (existsSync(`${path}.done`)) return;
  rmSync(path, { force: true });
  const store = await SqliteEventStore.open({ path, dimension, searchThread: 'main' });
  const t0 = performance.now();
  for (let start = 0; start < n; start += 2000) {
    await store.upsert(Array.from({ length: Math.min(2000, n - start) }, (_, j) => record(start + j)));
    if ((start / 2000) % 50 === 0) console.log(`built ${start} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  await store.close();
  writeFileSync(`${path}.done`, `${n} in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
}

const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];

interface Row { plan: string; filter: string; p50: number; p99: number; cpu50: number; cpu99: number; recall: number }

/** CPU time of this process (all threads), ms: on the main search thread, the search's own work whatever else runs on the machine. */
const cpuMs = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

async function measure(store: SqliteEventStore, filter: EventFilter, exact: string[][] | undefined): Promise<{ p50: number; p99: number; cpu50: number; cpu99: number; recall: number; ids: string[][] }> {
  const ms: number[] = [], cpu: number[] = [];
  const ids: string[][] = [];
  for (let q = 0; q < queryCount; q++) {
    const t = performance.now(), c = cpuMs();
    const hits = await store.similar({ ...filter, vector: vectors.vector(q, 1), k: 10 });
    ms.push(performance.now() - t);
    cpu.push(cpuMs() - c);
    ids.push(hits.map((h) => h.event.id));
  }
  let found = 0, total = 0;
  exact?.forEach((truth, q) => { total += truth.length; found += truth.filter((id) => ids[q].includes(id)).length; });
  return { p50: pct(ms, 0.5), p99: pct(ms, 0.99), cpu50: pct(cpu, 0.5), cpu99: pct(cpu, 0.99), recall: exact ? (total === 0 ? 1 : found / total) : 1, ids };
}

/** Event-loop delay (p99, max in ms) while `searches` run one after another, with a 1 ms timer ticking. */
async function loopDelay(store: SqliteEventStore, searches: number): Promise<{ p99: number; max: number; searchMs: number }> {
  const h = monitorEventLoopDelay({ resolution: 1 });
  const tick = setInterval(() => undefined, 1);
  h.enable();
  const t = performance.now();
  for (let q = 0; q < searches; q++) {
    await store.similar({ vector: vectors.vector(q, 2), k: 10 });
    // Let the loop turn between searches, as a server's would (a resolved promise alone does not).
    await new Promise((resolve) => setImmediate(resolve));
  }
  const searchMs = (performance.now() - t) / searches;
  h.disable();
  clearInterval(tick);
  return { p99: h.percentile(99) / 1e6, max: h.max / 1e6, searchMs };
}

async function main(): Promise<void> {
  mkdirSync(values.dir, { recursive: true });
  const path = join(values.dir, `similar-n${n}-d${dimension}-s${seed}.db`);
  if (!values['no-build']) await build(path);
  if (values['build-only']) return;
  const open = (o: { oversample?: number; searchThread?: 'worker' | 'main' }) => SqliteEventStore.open({ path, dimension, readOnly: true, searchThread: 'main', ...o });
  const rows: Row[] = [];
  for (const [name, filter] of values['loop-only'] ? [] : FILTERS.filter(([f]) => values.filters === undefined || values.filters.split(',').includes(f))) {
    const exactStore = await open({ oversample: 0 });
    const exactRuns = [await measure(exactStore, filter, undefined)];
    await exactStore.close();
    const truth = exactRuns[0].ids;
    rows.push({ plan: 'exact', filter: name, p50: exactRuns[0].p50, p99: exactRuns[0].p99, cpu50: exactRuns[0].cpu50, cpu99: exactRuns[0].cpu99, recall: 1 });
    console.log(JSON.stringify(rows.at(-1)));
    for (const oversample of name === 'none' ? factors : [DEFAULT_OVERSAMPLE]) {
      const store = await open({ oversample });
      await store.similar({ vector: vectors.vector(0, 3), k: 10 }); // loads the code index
      const rs = [];
      for (let r = 0; r < runs; r++) rs.push(await measure(store, filter, truth));
      await store.close();
      rows.push({ plan: `quantised x${oversample}`, filter: name, p50: median(rs.map((x) => x.p50)), p99: median(rs.map((x) => x.p99)),
        cpu50: median(rs.map((x) => x.cpu50)), cpu99: median(rs.map((x) => x.cpu99)), recall: median(rs.map((x) => x.recall)) });
      console.log(JSON.stringify(rows.at(-1)));
    }
  }
  console.log(`\n| plan | filter | p50 ms | p99 ms | CPU p50 ms | CPU p99 ms | recall@10 |\n|---|---|---:|---:|---:|---:|---:|`);
  for (const r of rows) console.log(`| ${r.plan} | ${r.filter} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.cpu50.toFixed(1)} | ${r.cpu99.toFixed(1)} | ${r.recall.toFixed(3)} |`);
  const delays: string[] = [];
  for (const [plan, oversample] of values['no-loop'] ? [] : [['exact', 0], ['quantised default', undefined]] as const) {
    for (const thread of ['main', 'worker'] as const) {
      const store = await open({ oversample, searchThread: thread });
      await store.similar({ vector: vectors.vector(0, 3), k: 10 });
      const d = await loopDelay(store, 20);
      await store.close();
      delays.push(`| ${plan} | ${thread} | ${d.searchMs.toFixed(1)} | ${d.p99.toFixed(1)} | ${d.max.toFixed(1)} |`);
      console.log(delays.at(-1));
    }
  }
  console.log(`\n| plan | search thread | mean search ms | event-loop delay p99 ms | max ms |\n|---|---|---:|---:|---:|\n${delays.join('\n')}`);
  const probe = await open({ oversample: 0 });
  const stored = await probe.count();
  await probe.close();
  console.log(JSON.stringify({ machine: machineInfo(), stored, n, dimension, clusters: Number(values.clusters), queries: queryCount, runs }));
}

await main();
