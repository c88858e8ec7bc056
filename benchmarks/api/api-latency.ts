// API latency under camera load: a real `sharpeye serve` (4 file cameras looped at --fps, motion gate
// off, tracking and indexing on) over a prebuilt SQLite store of N events (api-bench-store.ts,
// cached per N), and HTTP requests from this process: filtered event pages of 50, a cursor page, and
// similar search by stored event (k 10), with and without a camera filter; sequential and with C
// requests in flight. Per phase it also scrapes /metrics before and after: prom-client's event-loop
// delay histogram of the serve process (reset at every scrape, so the figures cover just that phase)
// and the cameras' decoded/inferred frame rates, against an idle phase with no API requests: this
// shows whether searching stalls camera handling. Each run starts serve afresh on a copy of the
// store; p50/p99 are nearest-rank per run, the table shows the median over runs. Usage:
//   node --import tsx benchmarks/api/api-latency.ts [--events 100000] [--runs 3] [--requests 200]
//     [--concurrency 1,4] [--idle-seconds 15] [--fps 5] [--detector yolox-nano] [--seed 1]
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { seededRandom } from '../../test/helpers/seeded-random.js';
import { machineInfo, median } from '../machine-info.js';
import { BASE_MS, CAMERAS, SPAN_DAYS, prebuiltStore } from './api-bench-store.js';
import { LIVE_CAMERAS, ServeProcess, sumOf, writeServeConfig, type Scrape } from './api-bench-serve.js';

const { values } = parseArgs({ options: {
  events: { type: 'string', default: '100000' },
  runs: { type: 'string', default: '3' },
  requests: { type: 'string', default: '200' },
  concurrency: { type: 'string', default: '1,4' },
  'idle-seconds': { type: 'string', default: '15' },
  fps: { type: 'string', default: '5' },
  detector: { type: 'string', default: 'yolox-nano' },
  seed: { type: 'string', default: '1' },
  keep: { type: 'boolean', default: false },
} });
const events = Number(values.events), runs = Number(values.runs), requests = Number(values.requests), seed = Number(values.seed);
const concurrencies = values.concurrency.split(',').map(Number), idleSeconds = Number(values['idle-seconds']);
const DAY_MS = 86_400_000, WARM_UP = 5;

/** One timed request; `ok` false for a non-2xx answer or a body of the wrong shape. */
interface Timed { ms: number; ok: boolean }
interface Workload { name: string; request(url: string, rng: () => number): Promise<Timed> }

async function timed(url: string, init?: RequestInit, check: (body: any) => boolean = () => true): Promise<Timed & { body: any }> {
  const t0 = performance.now();
  const r = await fetch(url, init);
  const body = await r.json();
  const ms = performance.now() - t0;
  return { ms, ok: r.ok && check(body), body };
}

const pick = <T>(rng: () => number, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
const storedId = (rng: () => number) => `ev${Math.floor(rng() * events).toString(36).padStart(7, '0')}`;
const page = (b: any) => Array.isArray(b.events) && b.events.length <= 50;
const tenHits = (b: any) => Array.isArray(b.hits) && b.hits.length === 10;
const post = (body: object): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
/** A two-day window inside the stored span: [from, to] in epoch ms. */
const window = (rng: () => number) => { const from = BASE_MS + Math.floor(rng() * (SPAN_DAYS - 2)) * DAY_MS; return [from, from + 2 * DAY_MS]; };

const WORKLOADS: Workload[] = [
  { name: 'GET /api/events label+color, limit 50', request: (u, rng) => timed(`${u}/api/events?label=car&color=${pick(rng, ['white', 'black', 'grey', 'silver'])}&limit=50`, undefined, page) },
  { name: 'GET /api/events camera+from/to, limit 50', request: (u, rng) => {
    const [from, to] = window(rng);
    return timed(`${u}/api/events?camera=${pick(rng, CAMERAS)[0]}&from=${from}&to=${to}&limit=50`, undefined, page);
  } },
  { name: 'GET /api/events camera+from/to, cursor page 2', request: async (u, rng) => {
    for (let attempt = 0; ; attempt++) { // a window with a second page (one of few events has none)
      const [from, to] = window(rng);
      const q = `${u}/api/events?camera=${pick(rng, CAMERAS)[0]}&from=${from}&to=${to}&limit=50`;
      const first = await timed(q, undefined, page); // not counted: gives the cursor
      if (!first.ok || (typeof first.body.nextCursor !== 'string' && attempt >= 5)) return { ms: first.ms, ok: false };
      if (typeof first.body.nextCursor === 'string') return timed(`${q}&cursor=${encodeURIComponent(first.body.nextCursor)}`, undefined, page);
    }
  } },
  { name: 'POST /api/search/similar {eventId, k 10}', request: (u, rng) => timed(`${u}/api/search/similar`, post({ eventId: storedId(rng), k: 10 }), tenHits) },
  { name: 'POST /api/search/similar {eventId, k 10, camera}', request: (u, rng) => timed(`${u}/api/search/similar`, post({ eventId: storedId(rng), k: 10, camera: [pick(rng, CAMERAS)[0]] }), tenHits) },
];

/** Event-loop delay of the serve process and camera rates over one phase (between two scrapes). */
interface PhaseHealth { seconds: number; lagP50Ms: number; lagP99Ms: number; lagMaxMs: number; decodedPerS: number; inferencesPerS: number; droppedPerS: number; inputFps: number }
interface PhaseResult extends PhaseHealth { workload: string; concurrency: number; p50Ms: number; p99Ms: number; maxMs: number; requestsPerS: number; errors: number }

function health(before: Scrape, after: Scrape, seconds: number): PhaseHealth {
  const rate = (name: string) => (sumOf(after, name) - sumOf(before, name)) / seconds;
  const lag = (q: string) => (after.get(`sharpeye_nodejs_eventloop_lag_${q}_seconds`) ?? NaN) * 1000;
  return {
    seconds, lagP50Ms: lag('p50'), lagP99Ms: lag('p99'), lagMaxMs: lag('max'),
    decodedPerS: rate('sharpeye_camera_frames_decoded_total'), inferencesPerS: rate('sharpeye_camera_inferences_total'),
    droppedPerS: rate('sharpeye_camera_frames_dropped_total'), inputFps: sumOf(after, 'sharpeye_camera_input_fps'),
  };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

async function measure(serve: ServeProcess, w: Workload, concurrency: number, rng: () => number): Promise<PhaseResult> {
  for (let i = 0; i < WARM_UP; i++) await w.request(serve.url, rng);
  const before = await serve.metrics();
  const t0 = performance.now();
  const times: number[] = [];
  let errors = 0, next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next++ < requests) {
      const r = await w.request(serve.url, rng);
      times.push(r.ms);
      if (!r.ok) errors++;
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  const after = await serve.metrics();
  times.sort((a, b) => a - b);
  return {
    workload: w.name, concurrency, p50Ms: percentile(times, 50), p99Ms: percentile(times, 99), maxMs: times.at(-1)!,
    requestsPerS: times.length / seconds, errors, ...health(before, after, seconds),
  };
}

let current: ServeProcess | undefined;
/** The run's temp folder (a 300 MB store copy at 100k), removed on a signal too. */
let currentDir: string | undefined;

async function oneRun(run: number, dbPath: string): Promise<{ idle: PhaseHealth; phases: PhaseResult[]; startSeconds: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'sharpeye-api-latency-'));
  currentDir = dir;
  try {
    copyFileSync(dbPath, join(dir, 'events.db'));
    const config = writeServeConfig({ dir, detector: values.detector, fps: Number(values.fps) });
    const t0 = performance.now();
    current = await ServeProcess.start(config, dir);
    try {
      await current.waitForCameras();
      const startSeconds = (performance.now() - t0) / 1000;
      const rng = seededRandom(seed * 31 + run);
      const before = await current.metrics();
      await sleep(idleSeconds * 1000);
      const idle = health(before, await current.metrics(), idleSeconds);
      console.log(`run ${run}: serve up in ${startSeconds.toFixed(1)} s; idle: lag p99 ${idle.lagP99Ms.toFixed(1)} ms, ${idle.inferencesPerS.toFixed(1)} inferences/s`);
      const phases: PhaseResult[] = [];
      for (const c of concurrencies) {
        for (const w of WORKLOADS) {
          const p = await measure(current, w, c, rng);
          phases.push(p);
          console.log(`  c${c} ${w.name}: p50 ${p.p50Ms.toFixed(1)} ms, p99 ${p.p99Ms.toFixed(1)} ms, ${p.errors} errors; lag p99 ${p.lagP99Ms.toFixed(1)} ms, ${p.inferencesPerS.toFixed(1)} inferences/s`);
        }
      }
      return { idle, phases, startSeconds };
    } finally {
      const exit = await current.stop();
      current = undefined;
      if (exit.killed || exit.code !== 0) console.error(`run ${run}: serve ended ${exit.killed ? 'by SIGKILL after SIGTERM timed out' : `with code ${exit.code} signal ${exit.signal}`}; log tail:\n${readFileSync(join(dir, 'serve.log'), 'utf8').slice(-2000)}`);
    }
  } finally {
    if (values.keep) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
    currentDir = undefined;
  }
}

const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');

function printTables(idle: PhaseHealth, rows: PhaseResult[]): void {
  console.log(`\n| requests | in flight | p50 ms | p99 ms | max ms | req/s | errors | loop lag p50 / p99 / max ms | inferences/s | decoded fps |`);
  console.log('|:---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  console.log(`| (idle: cameras only, ${idleSeconds} s) | 0 | | | | | | ${f(idle.lagP50Ms)} / ${f(idle.lagP99Ms)} / ${f(idle.lagMaxMs)} | ${f(idle.inferencesPerS)} | ${f(idle.decodedPerS)} |`);
  for (const r of rows) {
    console.log(`| ${r.workload} | ${r.concurrency} | ${f(r.p50Ms)} | ${f(r.p99Ms)} | ${f(r.maxMs)} | ${f(r.requestsPerS)} | ${r.errors} | ${f(r.lagP50Ms)} / ${f(r.lagP99Ms)} / ${f(r.lagMaxMs)} | ${f(r.inferencesPerS)} | ${f(r.decodedPerS)} |`);
  }
}

/** Median of each numeric field over runs (errors summed). */
function medianOf<T extends object>(xs: T[]): T {
  const out: Record<string, unknown> = { ...(xs[0] as Record<string, unknown>) };
  for (const [k, v] of Object.entries(xs[0])) {
    if (typeof v === 'number') out[k] = k === 'errors' ? xs.reduce((s, x) => s + (x as any)[k], 0) : median(xs.map((x) => (x as any)[k]));
  }
  return out as T;
}

/** Prints the tables of the median over `results` and writes them (and every run) as JSON; returns the rows. */
function report(results: Array<Awaited<ReturnType<typeof oneRun>>>, load: number[], buildSeconds: number): PhaseResult[] {
  const idle = medianOf(results.map((r) => r.idle));
  const rows = results[0].phases.map((_, i) => medianOf(results.map((r) => r.phases[i])));
  console.log(`\n${events} stored events, ${LIVE_CAMERAS.length} cameras at ${values.fps} fps (${values.detector}, tracking, motion gate off), ${requests} requests per row after ${WARM_UP} warm-up, median of ${results.length} runs; load average at start ${load.map((x) => x.toFixed(1)).join(' ')}`);
  printTables(idle, rows);
  const dir = resolve(import.meta.dirname, '..', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `api-latency-${events}.json`);
  writeFileSync(file, JSON.stringify({
    machine: machineInfo(), loadAverageAtStart: load, storeBuildSeconds: buildSeconds,
    params: { events, runs: results.length, requests, concurrencies, idleSeconds, fps: Number(values.fps), detector: values.detector, seed, cameras: LIVE_CAMERAS },
    summary: { idle, rows }, runs: results,
  }, null, 2));
  console.log(`\nwrote ${file}`);
  return rows;
}

async function main(): Promise<void> {
  const load = loadavg();
  console.log(`load average at start: ${load.map((x) => x.toFixed(2)).join(', ')} on ${machineInfo().cores} cores`);
  const built = await prebuiltStore(events, seed);
  console.log(built.buildSeconds > 0 ? `built the ${events}-event store in ${built.buildSeconds.toFixed(0)} s` : `reused the ${events}-event store in ${built.dir}`);
  const results: Array<Awaited<ReturnType<typeof oneRun>>> = [];
  let rows: PhaseResult[] = [];
  for (let run = 1; run <= runs; run++) {
    results.push(await oneRun(run, built.dbPath));
    rows = report(results, load, built.buildSeconds); // after every run, so a cut-short benchmark keeps what it measured
  }
  if (rows.some((r) => r.errors > 0)) process.exitCode = 1;
}

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    void (current?.stop() ?? Promise.resolve()).finally(() => {
      if (currentDir && !values.keep) rmSync(currentDir, { recursive: true, force: true });
      process.exit(130);
    });
  });
}
try {
  await main();
} finally {
  await current?.stop();
}
