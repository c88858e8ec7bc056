// The prebuilt event store of the API latency benchmark: N seeded object events in a SQLite store
// (indexer SqliteEventStore, the one `serve` opens for `store.spec: sqlite:PATH`), with embeddings
// of the default embedder's dimension (osnet-x0.25-msmt17: 512, models/manifest.ts). The spread is
// meant to look like a site, not like uniform noise: six cameras of uneven traffic, a label and
// colour mix skewed the way road scenes are (cars and white/black/grey ones most), times over 30 days
// with a day/night cycle, and embeddings clustered (each event near one of a few hundred appearance
// centres per label, cosine ~0.85 to its centre) so that neighbours are near, as real re-id vectors are.
// Built once per (N, seed) under the OS temp folder and reused by later runs (a `.done` marker is
// written only after the last batch, so an interrupted build is redone).
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ObjectEvent } from '../../core/index.js';
import { SqliteEventStore, type EventRecord } from '../../indexer/index.js';
import { seededRandom } from '../../test/helpers/seeded-random.js';

/** Embedding dimension of the default embedder (osnet-x0.25-msmt17, models/manifest.ts `embeddingDim`). */
export const DIMENSION = 512;
/** Stored cameras with their share of the traffic; the first four are also the live cameras of the run. */
export const CAMERAS: ReadonlyArray<readonly [string, number]> = [
  ['cam-gate', 0.3], ['cam-north', 0.2], ['cam-south', 0.18], ['cam-east', 0.14], ['cam-west', 0.1], ['cam-plaza', 0.08],
];
const LABELS: ReadonlyArray<readonly [string, number]> = [['car', 0.5], ['person', 0.25], ['truck', 0.09], ['bicycle', 0.06], ['motorcycle', 0.05], ['bus', 0.05]];
const COLORS: ReadonlyArray<readonly [string | null, number]> = [
  ['white', 0.24], ['black', 0.2], ['grey', 0.15], ['silver', 0.12], ['blue', 0.1], ['red', 0.08], ['green', 0.03], [null, 0.08],
];
const ZONES = ['z-entry', 'z-exit', 'z-lane-1', 'z-lane-2'];
/** 2026-01-01T00:00:00Z; events spread over SPAN_DAYS days after it. */
export const BASE_MS = 1767225600000;
export const SPAN_DAYS = 30;
const DAY_MS = 86_400_000;
const CENTRES_PER_LABEL = 200;
/** Share of the noise in an embedding: cos(event, centre) is about 1/sqrt(1 + NOISE^2) = 0.85. */
const NOISE = 0.62;
const BATCH = 500;

type Rng = () => number;

function weighted<T>(rng: Rng, table: ReadonlyArray<readonly [T, number]>): T {
  let x = rng();
  for (const [v, w] of table) if ((x -= w) < 0) return v;
  return table[table.length - 1][0];
}

function gaussians(rng: Rng, out: Float32Array, scale: number, add?: Float32Array): Float32Array {
  for (let i = 0; i < out.length; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - rng())) * scale, th = 2 * Math.PI * rng();
    out[i] = r * Math.cos(th) + (add ? add[i] : 0);
    if (i + 1 < out.length) out[i + 1] = r * Math.sin(th) + (add ? add[i + 1] : 0);
  }
  let n = 0;
  for (const x of out) n += x * x;
  n = Math.sqrt(n);
  for (let i = 0; i < out.length; i++) out[i] /= n;
  return out;
}

/** Appearance centres per label (unit vectors), a pure function of the seed. */
function makeCentres(seed: number): Map<string, Float32Array[]> {
  const rng = seededRandom(seed * 7919 + 1);
  return new Map(LABELS.map(([label]) => [label, Array.from({ length: CENTRES_PER_LABEL }, () => gaussians(rng, new Float32Array(DIMENSION), 1))]));
}

/** A time of day drawn from a day/night cycle: most traffic 07:00-20:00, little at night (UTC hours). */
function timeOfDayMs(rng: Rng): number {
  const hour = rng() < 0.85 ? 7 + rng() * 13 : rng() * 24;
  return Math.floor(hour * 3_600_000);
}

/** Batch `b` of the store: a pure function of (seed, b). */
export function makeBatch(seed: number, b: number, size: number, centres: Map<string, Float32Array[]>): EventRecord[] {
  const rng = seededRandom(seed * 1_000_003 + b);
  return Array.from({ length: size }, (_, j) => {
    const i = b * BATCH + j;
    const label = weighted(rng, LABELS);
    const vehicle = label !== 'person' && label !== 'bicycle';
    const duration = Math.round((vehicle ? 2 + rng() * rng() * 60 : 5 + rng() * rng() * 240) * 10) / 10;
    const first = BASE_MS + Math.floor(rng() * SPAN_DAYS) * DAY_MS + timeOfDayMs(rng);
    const color = weighted(rng, COLORS);
    const w = 20 + Math.floor(rng() * 200), h = 20 + Math.floor(rng() * 150);
    const event: ObjectEvent = {
      id: `ev${i.toString(36).padStart(7, '0')}`, camera: weighted(rng, CAMERAS), trackId: i, label,
      score: Math.round((0.35 + 0.64 * rng()) * 1000) / 1000,
      firstSeen: { ptsMs: 0, wallMs: first }, lastSeen: { ptsMs: duration * 1000, wallMs: first + Math.round(duration * 1000) },
      durationSeconds: duration, frames: Math.max(1, Math.round(duration * 5)),
      box: [100, 100, 100 + w, 100 + h], size: { width: w, height: h, areaFraction: (w * h) / (1280 * 720) },
      color, colorFraction: color === null ? 0 : Math.round((0.3 + 0.6 * rng()) * 100) / 100,
      speedPxPerSecond: Math.round(rng() * (vehicle ? 300 : 60)), headingDegrees: rng() < 0.1 ? null : Math.round(rng() * 360),
      trajectory: [{ ptsMs: 0, x: 100 + w / 2, y: 100 + h / 2 }],
      zones: ZONES.filter(() => rng() < 0.3), lines: [], rules: rng() < 0.03 ? ['r-loiter'] : [], final: true, version: 1,
    };
    const list = centres.get(label)!;
    const centre = list[Math.floor(rng() * rng() * list.length)]; // some appearances are common
    const embedding = gaussians(rng, new Float32Array(DIMENSION), NOISE / Math.sqrt(DIMENSION), centre);
    return { event, embedding };
  });
}

export interface BuiltStore {
  /** Folder of the database (the config goes here too). */
  readonly dir: string;
  readonly dbPath: string;
  /** Seconds the build took; 0 when the cached store was reused. */
  readonly buildSeconds: number;
  readonly events: number;
}

/** The store of `events` events for `seed`, built now (batches of 500, progress on stderr) or reused. */
export async function prebuiltStore(events: number, seed: number, root = join(tmpdir(), 'sharpeye-api-bench')): Promise<BuiltStore> {
  const dir = join(root, `store-${events}-s${seed}`);
  const dbPath = join(dir, 'events.db');
  const done = join(dir, '.done');
  if (existsSync(done)) return { dir, dbPath, buildSeconds: 0, events };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  const centres = makeCentres(seed);
  const store = await SqliteEventStore.open({ path: dbPath, dimension: DIMENSION });
  try {
    const batches = Math.ceil(events / BATCH);
    for (let b = 0; b < batches; b++) {
      await store.upsert(makeBatch(seed, b, Math.min(BATCH, events - b * BATCH), centres));
      if ((b + 1) % 20 === 0) process.stderr.write(`store: ${(b + 1) * BATCH} events, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
    }
    await store.flush();
  } finally {
    await store.close();
  }
  const buildSeconds = (performance.now() - started) / 1000;
  writeFileSync(done, JSON.stringify({ events, seed, buildSeconds }));
  return { dir, dbPath, buildSeconds, events };
}

// `node --import tsx benchmarks/api/api-bench-store.ts N [SEED]` builds (or finds) the store alone.
if (import.meta.filename === process.argv[1]) {
  const s = await prebuiltStore(Number(process.argv[2] ?? 100_000), Number(process.argv[3] ?? 1));
  console.log(JSON.stringify(s));
}
