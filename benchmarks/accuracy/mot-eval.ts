// Runs TrackEval (benchmarks/accuracy/mot_eval.py in the Python test environment) on one truth
// box file and one tracker box file, per MOTChallenge class, and returns its metrics.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadMot, TRUTH_DIR, type ClipTruth, type MotRow } from './truth.js';
import { motText } from './score.js';

export interface MotMetrics {
  HOTA: number; DetA: number; AssA: number; MOTA: number; MOTP: number; IDF1: number;
  IDSW: number; FP: number; FN: number; TP: number; gtIds: number; trackerIds: number; gtDets: number; trackerDets: number; trackeval: string;
}

export const DEFAULT_PYTHON = resolve(import.meta.dirname, '..', '..', '.venv-test', 'bin', 'python');
const SCRIPT = join(import.meta.dirname, 'mot_eval.py');

/**
 * TrackEval on explicit files: `frames` evaluated, rows of class `cls` only, `ignore` boxes in
 * source pixels. Throws with TrackEval's stderr when the script fails (e.g. trackeval missing:
 * run scripts/setup.sh).
 */
export function trackEval(gtFile: string, trackerFile: string, frames: number, cls: number, ignore: number[][], python = DEFAULT_PYTHON): MotMetrics {
  const args = [SCRIPT, '--gt', gtFile, '--tracker', trackerFile, '--frames', String(frames), '--class', String(cls)];
  for (const b of ignore) args.push('--ignore', b.join(','));
  const r = spawnSync(python, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`mot_eval.py failed (${r.error?.message ?? `exit ${r.status}`}): ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return JSON.parse(r.stdout) as MotMetrics;
}

/** Scores `rows` against the clip's truth boxes for every class that has truth, writing them to `trackerFile` first. */
export function evaluateTracks(t: ClipTruth, rows: MotRow[], trackerFile: string, python = DEFAULT_PYTHON): Record<string, MotMetrics> {
  const mot = t.mot!;
  writeFileSync(trackerFile, motText(rows));
  const [w, h] = t.size;
  const ignore = mot.ignoreRegions.map((r) => [r.box[0] * w, r.box[1] * h, r.box[2] * w, r.box[3] * h]);
  const present = new Set(loadMot(mot).map((r) => r.cls));
  const out: Record<string, MotMetrics> = {};
  for (const [cls, labels] of Object.entries(mot.classes)) {
    if (!present.has(Number(cls))) continue;
    out[labels[0] === 'person' ? 'person' : 'vehicle'] = trackEval(join(TRUTH_DIR, mot.file), trackerFile, mot.frames, Number(cls), ignore, python);
  }
  return out;
}
