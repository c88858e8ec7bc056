// Generated data and the brute-force oracle for the EventStore conformance suite: seeded events with
// random unit embeddings, neighbours planted at known cosine similarities, and in-memory versions of
// every filter, listing order and exact top-k that a backend's answers are compared with.
import type { CarriedItem, ObjectEvent, PersonAttributes, PlateInfo, VehicleType } from '../../core/index.js';
import type { EventFilter, EventRecord, SimilarHit } from '../../indexer/index.js';
import { compilePlatePattern, plateMatches } from '../../indexer/plate-match.js';
import { seededRandom as prng } from '../helpers/seeded-random.js';
export { prng };

export const CAMERAS = ['cam-gate', 'cam-north', 'cam-south', 'cam-east', 'cam-west', 'cam-plaza'];
export const LABELS = ['car', 'person', 'truck', 'bus', 'bicycle', 'motorcycle'];
export const COLORS = ['red', 'white', 'black', 'blue', 'grey', 'silver'];
export const ZONES = ['z-north', 'z-south', 'z-east', 'z-west'];
export const RULES = ['r-speed', 'r-loiter', 'r-wrongway'];
/** 2026-01-01T00:00:00Z; events spread over ten days after it, first seen on whole minutes so that times tie. */
export const BASE_MS = 1767225600000;
/**
 * Plate texts of the dataset, with OCR-confusion neighbours: 皖KG6666 is one confusion (6/G) from
 * 皖K66666, 皖KGG666 two; 京EA533I one (1/I) from 京EA5331; 沪CQ0123 one (0/Q) from 沪C00123; the
 * ?786POJ group differs in the first symbol; x786poj is stored in lower case, 苏E·12345 with a separator.
 */
export const PLATES = ['皖K66666', '皖KG6666', '皖KGG666', '皖A12345', '京EA5331', '京EA533I', 'H786POJ', 'B786POJ', 'x786poj', '粤B8888Z', '沪C00123', '沪CQ0123', '苏E·12345'];
export const UPPER_COLORS = ['red', 'white', 'black', 'blue', 'grey', 'green'];
export const LOWER_COLORS = ['black', 'blue', 'grey', 'white'];
export const DAY_MS = 86_400_000;


const pick = <T>(rng: () => number, list: readonly T[]): T => list[Math.floor(rng() * list.length)];

function gaussian(rng: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

export function normalise(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n);
  for (let i = 0; i < v.length; i++) v[i] /= n;
  return v;
}

export function randomUnit(rng: () => number, dimension: number): Float32Array {
  const v = new Float32Array(dimension);
  for (let i = 0; i < dimension; i++) v[i] = gaussian(rng);
  return normalise(v);
}

export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** A unit vector at cosine similarity `cos` from unit `q`: cos*q + sin*u with u a random unit orthogonal to q. */
export function plantNear(rng: () => number, q: Float32Array, cos: number): Float32Array {
  const u = randomUnit(rng, q.length);
  const along = dot(u, q);
  for (let i = 0; i < u.length; i++) u[i] -= along * q[i];
  normalise(u);
  const sin = Math.sqrt(1 - cos * cos);
  const v = new Float32Array(q.length);
  for (let i = 0; i < v.length; i++) v[i] = cos * q[i] + sin * u[i];
  return normalise(v);
}

export interface EventOverrides {
  id?: string;
  camera?: string;
  label?: string;
  color?: string | null;
  firstWallMs?: number;
  durationSeconds?: number;
  zones?: string[];
  rules?: string[];
  version?: number;
}

/** A complete, plausible ObjectEvent drawn from `rng`; overrides pin what a test needs. */
/**
 * A synthetic event. Two in three have a ground speed (a calibrated camera), derived from the image
 * speed without another draw, so the random stream (and every other field) is as before.
 */
export function makeEvent(rng: () => number, index: number, o: EventOverrides = {}): ObjectEvent {
  const e = makeEventFields(rng, index, o);
  return index % 3 === 0 ? e : { ...e, speedMetresPerSecond: Math.round(e.speedPxPerSecond / 2) / 10 };
}

function makeEventFields(rng: () => number, index: number, o: EventOverrides): ObjectEvent {
  const first = o.firstWallMs ?? BASE_MS + Math.floor(rng() * 14_400) * 60_000;
  const duration = o.durationSeconds ?? Math.round(rng() * rng() * 3000) / 10;
  const last = first + Math.round(duration * 1000);
  const hex = Math.floor(rng() * 0xffffffff).toString(16).padStart(8, '0');
  const color = o.color !== undefined ? o.color : rng() < 0.15 ? null : pick(rng, COLORS);
  return {
    id: o.id ?? `${hex}${index.toString(16).padStart(6, '0')}`,
    camera: o.camera ?? pick(rng, CAMERAS),
    trackId: index,
    label: o.label ?? pick(rng, LABELS),
    score: Math.round((0.3 + 0.7 * rng()) * 1000) / 1000,
    firstSeen: { ptsMs: index * 40, wallMs: first },
    lastSeen: { ptsMs: index * 40 + duration * 1000, wallMs: last },
    durationSeconds: duration,
    frames: Math.max(1, Math.round(duration * 5)),
    box: [10, 20, 40 + (index % 50), 60],
    size: { width: 30, height: 40, areaFraction: 0.0012 },
    color,
    colorFraction: color === null ? 0 : 0.5,
    speedPxPerSecond: Math.round(rng() * 200),
    headingDegrees: rng() < 0.1 ? null : Math.round(rng() * 360),
    trajectory: [{ ptsMs: index * 40, x: 25, y: 40 }],
    zones: o.zones ?? ZONES.filter(() => rng() < 0.25),
    lines: [],
    rules: o.rules ?? RULES.filter(() => rng() < 0.08),
    final: true,
    version: o.version ?? 1,
  };
}

const VEHICLE_TYPES: Record<string, readonly VehicleType[]> = {
  car: ['car', 'suv_van'], truck: ['light_goods', 'heavy_goods'], bus: ['bus'], motorcycle: ['motorcycle'], bicycle: ['bicycle'],
};
const CARRIED: readonly (readonly CarriedItem[])[] = [[], ['backpack'], ['handbag'], ['backpack', 'suitcase'], []];

/**
 * The event with the video-structuring attributes it gets in the dataset, derived from `index` and
 * its label alone (no random draw, so every other field is as before): most vehicles a vehicle type,
 * one in three cars, trucks and buses a plate (PLATES in turn), most people clothing colours, some a
 * bag or a ride.
 */
export function withAttributes(e: ObjectEvent, index: number): ObjectEvent {
  const types = VEHICLE_TYPES[e.label];
  if (types) {
    const vehicleType = index % 5 === 4 ? undefined : types[index % types.length];
    const plate = e.label !== 'motorcycle' && e.label !== 'bicycle' && index % 3 === 1 ? plateInfo(PLATES[Math.floor(index / 3) % PLATES.length]) : undefined;
    return { ...e, ...(vehicleType ? { vehicleType } : {}), ...(plate ? { plate } : {}) };
  }
  if (e.label !== 'person' || index % 4 === 3) return e;
  const person: PersonAttributes = {
    upperColor: index % 7 === 0 ? null : UPPER_COLORS[index % UPPER_COLORS.length],
    lowerColor: index % 9 === 0 ? null : LOWER_COLORS[Math.floor(index / 2) % LOWER_COLORS.length],
    carrying: CARRIED[index % CARRIED.length],
    riding: index % 6 === 0 ? 'bicycle' : index % 6 === 1 ? 'motorcycle' : null,
  };
  return { ...e, person };
}

export function plateInfo(text: string): PlateInfo {
  return { text, confidence: 0.93, colour: text.startsWith('沪') ? 'green' : 'blue', layers: 1, kind: /^[A-Za-z]/.test(text) ? 'latin' : 'mainland', candidates: [{ text, confidence: 0.93, votes: 4 }] };
}

export interface Planted {
  readonly query: Float32Array;
  /** Event ids in expected order, with the cosine similarity each was planted at. */
  readonly neighbours: ReadonlyArray<{ id: string; score: number }>;
}

export interface Dataset {
  readonly records: EventRecord[];
  readonly planted: Planted[];
}

export const PLANTED_SCORES = [0.99, 0.97, 0.95, 0.93, 0.9];

/** `n` events, about 5% without an embedding, and `queries` queries with neighbours planted at PLANTED_SCORES. */
export function makeDataset(seed: number, n: number, dimension: number, queries = 6): Dataset {
  const rng = prng(seed);
  const records: EventRecord[] = [];
  for (let i = 0; i < n; i++) {
    const event = withAttributes(makeEvent(rng, i), i);
    records.push(rng() < 0.05 ? { event } : { event, embedding: randomUnit(rng, dimension) });
  }
  const planted: Planted[] = [];
  for (let q = 0; q < queries; q++) {
    const query = randomUnit(rng, dimension);
    const neighbours = PLANTED_SCORES.map((score, j) => {
      const at = (q * PLANTED_SCORES.length + j) * Math.floor(n / (queries * PLANTED_SCORES.length + 1)) + 3;
      records[at] = { event: records[at].event, embedding: plantNear(rng, query, score) };
      return { id: records[at].event.id, score };
    });
    planted.push({ query, neighbours });
  }
  return { records, planted };
}

const given = (list: readonly string[] | undefined): list is readonly string[] => list !== undefined && list.length > 0;

/** The EventFilter semantics, stated once: AND across fields, OR within a list, an empty list is no constraint. */
export function matches(e: ObjectEvent, f: EventFilter): boolean {
  if (given(f.cameras) && !f.cameras.includes(e.camera)) return false;
  if (given(f.labels) && !f.labels.includes(e.label)) return false;
  if (given(f.colors) && (e.color === null || !f.colors.includes(e.color))) return false;
  if (given(f.zones) && !e.zones.some((z) => f.zones!.includes(z))) return false;
  if (given(f.rules) && !e.rules.some((r) => f.rules!.includes(r))) return false;
  if (f.from !== undefined && e.lastSeen.wallMs < f.from) return false;
  if (f.to !== undefined && e.firstSeen.wallMs > f.to) return false;
  if (f.minDurationSeconds !== undefined && e.durationSeconds < f.minDurationSeconds) return false;
  if (f.minSpeedPxPerSecond !== undefined && e.speedPxPerSecond < f.minSpeedPxPerSecond) return false;
  if (f.minSpeedMetresPerSecond !== undefined && !(e.speedMetresPerSecond !== undefined && e.speedMetresPerSecond >= f.minSpeedMetresPerSecond)) return false;
  // The plate rules are plate-match.ts's (their own unit test and the suite's explicit plate cases pin them).
  if (f.plate !== undefined && !plateMatches(compilePlatePattern(f.plate, f.plateTolerant === true), e.plate?.text)) return false;
  const oneOf = (list: readonly string[] | undefined, value: string | null | undefined) => !given(list) || (value != null && list.includes(value));
  if (!oneOf(f.vehicleTypes, e.vehicleType) || !oneOf(f.upperColors, e.person?.upperColor) || !oneOf(f.lowerColors, e.person?.lowerColor) || !oneOf(f.riding, e.person?.riding)) return false;
  if (given(f.carrying) && !(e.person?.carrying ?? []).some((c) => f.carrying!.includes(c))) return false;
  return true;
}

export function byTime(order: 'asc' | 'desc'): (a: ObjectEvent, b: ObjectEvent) => number {
  const s = order === 'asc' ? 1 : -1;
  return (a, b) => s * (a.firstSeen.wallMs - b.firstSeen.wallMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function bruteList(records: readonly EventRecord[], f: EventFilter, order: 'asc' | 'desc'): string[] {
  return records.map((r) => r.event).filter((e) => matches(e, f)).sort(byTime(order)).map((e) => e.id);
}

export interface ExpectedHit { id: string; score: number }

export function bruteSimilar(records: readonly EventRecord[], vector: Float32Array, k: number, f: EventFilter = {}, excludeId?: string): ExpectedHit[] {
  const hits: ExpectedHit[] = [];
  for (const r of records) {
    if (!r.embedding || r.event.id === excludeId || !matches(r.event, f)) continue;
    hits.push({ id: r.event.id, score: dot(vector, r.embedding) });
  }
  return hits.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1)).slice(0, k);
}

/** Hits equal the oracle: same length, scores within 1e-4, ids equal except where two scores tie within 1e-5. */
export function sameHits(got: readonly SimilarHit[], want: readonly ExpectedHit[]): string | undefined {
  if (got.length !== want.length) return `got ${got.length} hits, expected ${want.length}`;
  for (let i = 0; i < want.length; i++) {
    const g = got[i];
    if (Math.abs(g.score - want[i].score) > 1e-4) return `hit ${i}: score ${g.score} (id ${g.event.id}), expected ${want[i].score} (id ${want[i].id})`;
    if (g.event.id !== want[i].id && !want.some((w) => w.id === g.event.id && Math.abs(w.score - want[i].score) < 1e-5)) {
      return `hit ${i}: id ${g.event.id}, expected ${want[i].id} (score ${want[i].score})`;
    }
    if (i > 0 && got[i - 1].score < g.score) return `hits not sorted by score at ${i}`;
  }
  return undefined;
}
