// Compares accuracy runs with an earlier result file (e.g. benchmarks/accuracy/baseline-*.json):
// per clip × model × fps, the change in line checks passed, line abs. error, parking and heavy
// checks, single-frame objects and tracking HOTA/IDF1/ID switches, flagging every change for the
// worse. Pure; run.ts prints the rows.
import type { MotMetrics } from './mot-eval.js';
import type { ClipScore } from './score.js';

export interface RunResult {
  clip: string; model: string; fps: number; analyzeArgs: string[]; wallS: number | null;
  score: ClipScore; tracking: Record<string, MotMetrics> | null; error?: string;
}

export interface Delta { what: string; before: number; after: number; worse: boolean }
export interface Comparison { clip: string; model: string; fps: number; deltas: Delta[]; regressions: number }

/** Scalar figures of one run; `higherIsBetter` decides what counts as a regression. */
function figures(r: RunResult): Array<{ what: string; value: number; higherIsBetter: boolean }> {
  const s = r.score;
  const out = [
    { what: 'line checks passed', value: s.lines.filter((l) => l.pass).length, higherIsBetter: true },
    { what: 'line abs. error', value: s.lines.reduce((a, l) => a + l.absError, 0), higherIsBetter: false },
    { what: 'parking checks passed', value: s.parking.filter((z) => z.pass).length, higherIsBetter: true },
    { what: 'heavy abs. error', value: s.heavy.absError, higherIsBetter: false },
    { what: 'single-frame objects', value: s.singleFrameObjects, higherIsBetter: false },
    { what: 'false persons', value: s.falsePersons ?? 0, higherIsBetter: false },
  ];
  for (const [cls, m] of Object.entries(r.tracking ?? {})) {
    out.push({ what: `${cls} HOTA`, value: m.HOTA, higherIsBetter: true }, { what: `${cls} IDF1`, value: m.IDF1, higherIsBetter: true },
      { what: `${cls} MOTA`, value: m.MOTA, higherIsBetter: true }, { what: `${cls} ID switches`, value: m.IDSW, higherIsBetter: false });
  }
  return out;
}

/** One comparison per current run that the baseline also has (same clip, model, fps and analyze arguments). */
export function compareRuns(current: RunResult[], baseline: RunResult[]): Comparison[] {
  const key = (r: RunResult): string => `${r.clip}|${r.model}|${r.fps}|${r.analyzeArgs.join(' ')}`;
  const base = new Map(baseline.filter((r) => !r.error).map((r) => [key(r), r]));
  const out: Comparison[] = [];
  for (const r of current) {
    const b = base.get(key(r));
    if (!b || r.error) continue;
    const before = new Map(figures(b).map((f) => [f.what, f.value]));
    const deltas = figures(r).filter((f) => before.has(f.what)).map((f): Delta => {
      const was = before.get(f.what)!;
      return { what: f.what, before: was, after: f.value, worse: f.higherIsBetter ? f.value < was - 1e-9 : f.value > was + 1e-9 };
    });
    out.push({ clip: r.clip, model: r.model, fps: r.fps, deltas, regressions: deltas.filter((d) => d.worse).length });
  }
  return out;
}
