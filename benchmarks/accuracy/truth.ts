// Hand-made ground truth for the accuracy benchmark: loads test/fixtures-truth/accuracy/<clip>.json
// and its MOTChallenge box file, and checks that a truth file is self-consistent (ranges that
// contain their count, lines and polygons inside the picture, box rows inside the frame, one box
// per identity per frame). The format is described in test/fixtures-truth/accuracy/README.md.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const TRUTH_DIR = resolve(import.meta.dirname, '..', '..', 'test', 'fixtures-truth', 'accuracy');

/** A hand count with its honest range: a result in [min, max] agrees with the truth. */
export interface Expected { count: number; min: number; max: number }

export interface TruthLine {
  id: string;
  /** Two points, normalised 0..1, origin top-left; direction as in README "Rules". */
  points: [[number, number], [number, number]];
  labels: string[];
  note?: string;
  expected: { forward: Expected; backward: Expected };
  events?: string[];
}

export interface TruthZone { id: string; polygon: Array<[number, number]>; expected: Expected; note?: string }

export interface MotTruth {
  /** Path relative to TRUTH_DIR. */
  file: string;
  fps: number;
  startS: number;
  frames: number;
  /** MOTChallenge class number -> sharpeye labels scored as that class. */
  classes: Record<string, string[]>;
  /** Normalised [x1, y1, x2, y2]: boxes whose centre is here are not scored. */
  ignoreRegions: Array<{ box: [number, number, number, number]; why?: string }>;
  method?: string[];
}

export interface ClipTruth {
  clip: string;
  /** Source picture size [w, h] in pixels. */
  size: [number, number];
  durationS: number;
  method: string[];
  lines: TruthLine[];
  parking: { seconds: number; zones: TruthZone[] };
  heavyVehicles: Expected & { vehicles?: string[] };
  persons?: { count: number | null; note?: string };
  mot?: MotTruth;
}

/** One MOTChallenge row: 1-based frame, identity, box in source pixels (left, top, width, height), class. */
export interface MotRow { frame: number; id: number; x: number; y: number; w: number; h: number; cls: number }

/** Clip stems that have a truth file, sorted. */
export function truthClips(dir = TRUTH_DIR): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
}

/** Reads `<dir>/<stem>.json`; throws with the file name when it is not valid JSON. */
export function loadTruth(stem: string, dir = TRUTH_DIR): ClipTruth {
  const file = join(dir, `${stem}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ClipTruth;
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message}`);
  }
}

/** Parses MOTChallenge text (frame,id,x,y,w,h,conf,class,...); a row without a class column gets `defaultClass`. */
export function parseMot(text: string, defaultClass = -1): MotRow[] {
  const rows: MotRow[] = [];
  for (const [n, line] of text.split('\n').entries()) {
    if (!line.trim()) continue;
    const p = line.split(',').map(Number);
    if (p.length < 6 || p.slice(0, 6).some((v) => !Number.isFinite(v))) throw new Error(`line ${n + 1}: expected frame,id,x,y,w,h,...: '${line}'`);
    rows.push({ frame: p[0], id: p[1], x: p[2], y: p[3], w: p[4], h: p[5], cls: p.length > 7 ? p[7] : defaultClass });
  }
  return rows;
}

export function loadMot(mot: MotTruth, dir = TRUTH_DIR): MotRow[] {
  return parseMot(readFileSync(join(dir, mot.file), 'utf8'));
}

const inUnit = (v: number): boolean => Number.isFinite(v) && v >= 0 && v <= 1;

function checkExpected(what: string, e: Expected | undefined, problems: string[]): void {
  if (!e || ![e.count, e.min, e.max].every((v) => Number.isInteger(v) && v >= 0)) problems.push(`${what}: count, min and max must be whole numbers >= 0`);
  else if (!(e.min <= e.count && e.count <= e.max)) problems.push(`${what}: need min <= count <= max, got ${e.min} <= ${e.count} <= ${e.max}`);
}

/** Every inconsistency in one clip's truth (empty when it is usable); `rows` are its MOT boxes, if any. */
export function truthProblems(t: ClipTruth, rows: MotRow[] = []): string[] {
  const problems: string[] = [];
  if (!t.clip || !Array.isArray(t.size) || t.size.length !== 2 || !(t.durationS > 0)) problems.push('clip, size [w, h] and durationS > 0 are required');
  if (!Array.isArray(t.method) || t.method.length === 0) problems.push('method: say how the truth was made');
  const ids = new Set<string>();
  for (const l of t.lines ?? []) {
    if (ids.has(l.id)) problems.push(`lines: duplicate id '${l.id}'`);
    ids.add(l.id);
    if (!/^[a-z0-9][a-z0-9_.-]*$/i.test(l.id)) problems.push(`line ${l.id}: id must be letters, digits, _ . -`);
    if (l.points?.length !== 2 || !l.points.flat().every(inUnit)) problems.push(`line ${l.id}: two points with coordinates in 0..1`);
    if (!l.labels?.length) problems.push(`line ${l.id}: labels required`);
    checkExpected(`line ${l.id} forward`, l.expected?.forward, problems);
    checkExpected(`line ${l.id} backward`, l.expected?.backward, problems);
  }
  if (!(t.parking?.seconds > 0)) problems.push('parking.seconds must be > 0');
  for (const z of t.parking?.zones ?? []) {
    if (ids.has(z.id)) problems.push(`zone ${z.id}: id also used by a line`);
    ids.add(z.id);
    if (!(z.polygon?.length >= 3) || !z.polygon.flat().every(inUnit)) problems.push(`zone ${z.id}: polygon of >= 3 points in 0..1`);
    checkExpected(`zone ${z.id}`, z.expected, problems);
  }
  checkExpected('heavyVehicles', t.heavyVehicles, problems);
  if (t.mot) problems.push(...motProblems(t, rows));
  return problems;
}

function motProblems(t: ClipTruth, rows: MotRow[]): string[] {
  const m = t.mot!, problems: string[] = [];
  const [w, h] = t.size;
  if (!(m.fps > 0) || !Number.isInteger(m.frames) || m.frames < 1) problems.push('mot: fps > 0 and frames >= 1 required');
  const span = m.frames / m.fps;
  if (span < 20 || span > 40) problems.push(`mot: the stretch is ${span.toFixed(1)} s; 20-40 s expected`);
  if (m.startS + (m.frames - 1) / m.fps > t.durationS) problems.push('mot: stretch runs past the end of the clip');
  if (rows.length === 0) problems.push('mot: no boxes');
  const seen = new Set<string>();
  for (const r of rows) {
    const at = `mot row frame ${r.frame} id ${r.id}`;
    if (!Number.isInteger(r.frame) || r.frame < 1 || r.frame > m.frames) problems.push(`${at}: frame outside 1..${m.frames}`);
    if (!(r.w > 0 && r.h > 0) || r.x < -1 || r.y < -1 || r.x + r.w > w + 1 || r.y + r.h > h + 1) problems.push(`${at}: box [${r.x},${r.y},${r.w},${r.h}] outside the ${w}x${h} picture`);
    if (!(String(r.cls) in m.classes)) problems.push(`${at}: class ${r.cls} not in mot.classes`);
    const key = `${r.frame}:${r.id}`;
    if (seen.has(key)) problems.push(`${at}: two boxes for one identity in one frame`);
    seen.add(key);
  }
  problems.push(...identityProblems(rows));
  for (const r of m.ignoreRegions ?? []) if (!r.box.every(inUnit) || r.box[0] >= r.box[2] || r.box[1] >= r.box[3]) problems.push('mot.ignoreRegions: [x1, y1, x2, y2] in 0..1 with x1 < x2, y1 < y2');
  return problems;
}

/** Largest believable move of a box centre between consecutive sampled frames, in pixels. */
export const MAX_STEP_PX = 80;

/** One class per identity, and no identity jumping across the picture between consecutive frames (a sign of swapped ids). */
function identityProblems(rows: MotRow[]): string[] {
  const problems: string[] = [];
  const byId = new Map<number, MotRow[]>();
  for (const r of rows) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
  for (const [id, rs] of byId) {
    if (new Set(rs.map((r) => r.cls)).size > 1) problems.push(`mot id ${id}: more than one class`);
    rs.sort((a, b) => a.frame - b.frame);
    for (let i = 1; i < rs.length; i++) {
      const a = rs[i - 1], b = rs[i];
      const step = Math.hypot(b.x + b.w / 2 - (a.x + a.w / 2), b.y + b.h / 2 - (a.y + a.h / 2)) / (b.frame - a.frame);
      if (step > MAX_STEP_PX) problems.push(`mot id ${id}: centre moves ${step.toFixed(0)} px per frame between frames ${a.frame} and ${b.frame}`);
    }
  }
  return problems;
}
