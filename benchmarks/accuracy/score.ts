// Scores one `sharpeye analyze --rules` run against a clip's truth (pure; no I/O): line counts per
// direction (absolute error against the hand count, pass when inside the truth's range), parking
// alerts per zone, distinct heavy vehicles, confirmed objects that lived a single frame, confirmed
// persons on clips that have none, and the confirmed tracks as MOTChallenge rows for TrackEval.
import type { ClipTruth, Expected, MotRow } from './truth.js';

/** One JSON line of `analyze` output (frame, object, alert, crossing, count). */
export type AnalyzeLine = Record<string, any>;

export interface RangeScore { expected: Expected; got: number; absError: number; pass: boolean }
export interface LineScore extends RangeScore { line: string; direction: 'forward' | 'backward' }
export interface ZoneScore extends RangeScore { zone: string }

export interface ClipScore {
  lines: LineScore[];
  parking: ZoneScore[];
  heavy: RangeScore;
  /** Confirmed objects (final object records) seen in one frame only: should be 0. */
  singleFrameObjects: number;
  /** Confirmed person objects on a clip whose truth has no persons; null when the clip has persons. */
  falsePersons: number | null;
  /** Final object records per label. */
  objects: Record<string, number>;
  frames: number;
}

export function rangeScore(expected: Expected, got: number): RangeScore {
  return { expected, got, absError: Math.abs(got - expected.count), pass: got >= expected.min && got <= expected.max };
}

/** Scores the parsed output lines of one run. */
export function scoreRun(t: ClipTruth, out: AnalyzeLine[]): ClipScore {
  const crossings = out.filter((l) => l.type === 'crossing');
  const lines = t.lines.flatMap((l) => (['forward', 'backward'] as const).map((direction): LineScore => ({
    line: l.id, direction,
    ...rangeScore(l.expected[direction], crossings.filter((c) => c.rule === `line.${l.id}` && c.direction === direction).length),
  })));
  const started = out.filter((l) => l.type === 'alert' && l.event === 'started');
  const parking = t.parking.zones.map((z): ZoneScore => ({ zone: z.id, ...rangeScore(z.expected, started.filter((a) => a.ruleId === `park.${z.id}`).length) }));
  const heavyObjects = new Set(started.filter((a) => a.ruleId === 'heavy').flatMap((a) => (a.objects ?? []) as number[]));
  const finals = out.filter((l) => l.type === 'object' && l.final);
  const objects: Record<string, number> = {};
  for (const o of finals) objects[o.label] = (objects[o.label] ?? 0) + 1;
  return {
    lines, parking,
    heavy: rangeScore(t.heavyVehicles, heavyObjects.size),
    singleFrameObjects: finals.filter((o) => (o.frames ?? 0) <= 1).length,
    falsePersons: t.persons?.count === 0 ? finals.filter((o) => o.label === 'person').length : null,
    objects,
    frames: out.filter((l) => l.type === 'frame').length,
  };
}

/**
 * The confirmed tracks of the run's frame lines as MOTChallenge rows on the truth's frame grid:
 * a frame at pts p is truth frame (p - startS) * mot.fps + 1 when that is a whole number in
 * 1..frames (so a 10 fps run is scored on every other frame); labels map to classes by mot.classes,
 * other labels are dropped. Boxes [x1, y1, x2, y2] become left, top, width, height.
 */
export function trackerRows(t: ClipTruth, out: AnalyzeLine[]): MotRow[] {
  const mot = t.mot;
  if (!mot) return [];
  const classOf = new Map<string, number>();
  for (const [cls, labels] of Object.entries(mot.classes)) for (const label of labels) classOf.set(label, Number(cls));
  const rows: MotRow[] = [];
  for (const l of out) {
    if (l.type !== 'frame' || !Array.isArray(l.tracks)) continue;
    const k = (l.pts - mot.startS) * mot.fps + 1;
    const frame = Math.round(k);
    if (Math.abs(k - frame) > 1e-3 || frame < 1 || frame > mot.frames) continue;
    for (const tr of l.tracks) {
      const cls = classOf.get(tr.label);
      if (cls === undefined) continue;
      const [x1, y1, x2, y2] = tr.box as number[];
      rows.push({ frame, id: tr.id, x: x1, y: y1, w: x2 - x1, h: y2 - y1, cls });
    }
  }
  return rows;
}

/** MOTChallenge text for rows (frame,id,x,y,w,h,conf,class,visibility). */
export function motText(rows: MotRow[]): string {
  return rows.map((r) => `${r.frame},${r.id},${r.x.toFixed(1)},${r.y.toFixed(1)},${r.w.toFixed(1)},${r.h.toFixed(1)},1,${r.cls},1\n`).join('');
}
