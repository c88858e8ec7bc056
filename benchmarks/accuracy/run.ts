// Accuracy benchmark: runs `sharpeye analyze --rules` (the real CLI, as a user does) over every clip
// with hand-made truth × model × fps, and scores line counts per direction, parking alerts, heavy
// vehicles, single-frame objects, false persons and, where the clip has per-frame boxes, tracking
// with TrackEval (HOTA, MOTA, IDF1, ID switches). Prints one table per run and a summary, and writes
// JSON with the machine description to benchmarks/results/. Usage:
//   node --import tsx benchmarks/accuracy/run.ts [--clips a,b] [--models yolov8n-int8,yolox-nano]
//     [--fps 5,10] [--analyze-args "--conf 0.3"] [--python .venv-test/bin/python] [--keep DIR [--reuse]] [--results DIR]
// --reuse scores the analyze output already in the --keep DIR instead of running analyze again
// (e.g. after a truth correction). --baseline FILE compares with an earlier results JSON (e.g.
// benchmarks/accuracy/baseline-main-9f1a554.json) and lists every figure that got worse.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { machineInfo } from '../machine-info.js';
import { compareRuns, type RunResult } from './compare.js';
import { DEFAULT_PYTHON, evaluateTracks } from './mot-eval.js';
import { rulesYamlFor } from './rules-from-truth.js';
import { scoreRun, trackerRows, type AnalyzeLine, type RangeScore } from './score.js';
import { loadTruth, truthClips, type ClipTruth } from './truth.js';

const root = resolve(import.meta.dirname, '..', '..');
const fixtures = resolve(process.env.SHARPEYE_FIXTURES_DIR ?? join(root, '..', 'shared', 'fixtures'));
const { values } = parseArgs({ options: {
  clips: { type: 'string' },
  models: { type: 'string', default: 'yolov8n-int8' },
  fps: { type: 'string', default: '5' },
  'analyze-args': { type: 'string', default: '' },
  'video-dir': { type: 'string', default: join(fixtures, 'videos') },
  'model-dir': { type: 'string', default: process.env.SHARPEYE_MODEL_DIR ?? join(fixtures, 'models') },
  python: { type: 'string', default: DEFAULT_PYTHON },
  keep: { type: 'string' },
  reuse: { type: 'boolean', default: false },
  baseline: { type: 'string' },
  results: { type: 'string', default: join(root, 'benchmarks', 'results') },
} });
const list = (s: string | undefined): string[] => (s ?? '').split(',').map((v) => v.trim()).filter(Boolean);
const clips = values.clips ? list(values.clips).map((c) => c.replace(/\.mp4$/, '')) : truthClips();
const models = list(values.models);
const fpsList = list(values.fps).map(Number);
const extraArgs = values['analyze-args']!.split(/\s+/).filter(Boolean);


/** One `sharpeye analyze --rules` run; returns its JSON lines and wall time. */
function analyze(t: ClipTruth, model: string, fps: number, dir: string): { lines: AnalyzeLine[]; wallS: number | null } {
  const out = join(dir, `${t.clip}.${model}.${fps}.jsonl`);
  const read = (): AnalyzeLine[] => readFileSync(out, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as AnalyzeLine);
  if (values.reuse && existsSync(out)) return { lines: read(), wallS: null };
  const rules = join(dir, `${t.clip}.rules.yaml`);
  writeFileSync(rules, rulesYamlFor(t));
  const args = [join(root, 'bin', 'sharpeye.mjs'), 'analyze', join(values['video-dir']!, t.clip), '--fps', String(fps), '--model', model,
    '--rules', rules, '--out', out, '--summary', 'json', '--start-time', '2026-01-01T00:00:00Z', ...extraArgs];
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', env: { ...process.env, SHARPEYE_MODEL_DIR: values['model-dir'] }, maxBuffer: 64 << 20 });
  const wallS = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`sharpeye analyze exited ${r.status}: ${r.stderr.trim().split('\n').slice(-2).join(' | ')}`);
  return { lines: read(), wallS };
}

const mark = (ok: boolean): string => (ok ? 'pass' : 'FAIL');
const range = (r: RangeScore): string => (r.expected.min === r.expected.max ? `${r.expected.count}` : `${r.expected.count} (${r.expected.min}-${r.expected.max})`);
const pad = (s: string | number, n: number): string => String(s).padEnd(n);
const f3 = (v: number): string => v.toFixed(3);

function printRun(r: RunResult): void {
  console.log(`\n== ${r.clip} · ${r.model} · ${r.fps} fps${r.analyzeArgs.length ? ` · ${r.analyzeArgs.join(' ')}` : ''} (${r.score.frames} frames, ${r.wallS === null ? 'reused output' : `${r.wallS.toFixed(1)} s`}) ==`);
  console.log(`${pad('check', 34)}${pad('truth', 12)}${pad('got', 6)}${pad('|err|', 7)}result`);
  for (const l of r.score.lines) console.log(`${pad(`line ${l.line} ${l.direction}`, 34)}${pad(range(l), 12)}${pad(l.got, 6)}${pad(l.absError, 7)}${mark(l.pass)}`);
  for (const z of r.score.parking) console.log(`${pad(`parking alerts in ${z.zone}`, 34)}${pad(range(z), 12)}${pad(z.got, 6)}${pad(z.absError, 7)}${mark(z.pass)}`);
  const h = r.score.heavy;
  console.log(`${pad('heavy vehicles', 34)}${pad(range(h), 12)}${pad(h.got, 6)}${pad(h.absError, 7)}${mark(h.pass)}`);
  console.log(`${pad('single-frame confirmed objects', 34)}${pad(0, 12)}${pad(r.score.singleFrameObjects, 13)}${mark(r.score.singleFrameObjects === 0)}`);
  if (r.score.falsePersons !== null) console.log(`${pad('confirmed persons (none in clip)', 34)}${pad(0, 12)}${pad(r.score.falsePersons, 13)}${mark(r.score.falsePersons === 0)}`);
  console.log(`objects: ${Object.entries(r.score.objects).map(([k, v]) => `${k}=${v}`).join(' ') || 'none'}`);
  if (r.tracking) {
    console.log(`${pad('tracking (TrackEval)', 22)}${['HOTA', 'DetA', 'AssA', 'MOTA', 'IDF1', 'IDSW', 'FP', 'FN', 'gt ids', 'trk ids'].map((c) => pad(c, 8)).join('')}`);
    for (const [cls, m] of Object.entries(r.tracking)) {
      console.log(`${pad(cls, 22)}${[f3(m.HOTA), f3(m.DetA), f3(m.AssA), f3(m.MOTA), f3(m.IDF1), m.IDSW, m.FP, m.FN, m.gtIds, m.trackerIds].map((c) => pad(c, 8)).join('')}`);
    }
  }
}

function printSummary(results: RunResult[]): void {
  console.log('\n== summary ==');
  console.log(['clip', 'model', 'fps', 'lines ok', 'line |err|', 'parking ok', 'heavy', '1-frame', 'HOTA veh', 'IDF1 veh', 'IDSW veh', 'HOTA per'].map((c, i) => pad(c, i === 0 ? 25 : i === 1 ? 14 : 11)).join(''));
  for (const r of results) {
    if (r.error) { console.log(`${pad(r.clip, 25)}${pad(r.model, 14)}${pad(r.fps, 11)}error: ${r.error}`); continue; }
    const s = r.score, v = r.tracking?.vehicle, p = r.tracking?.person;
    const cells = [`${s.lines.filter((l) => l.pass).length}/${s.lines.length}`, s.lines.reduce((a, l) => a + l.absError, 0), `${s.parking.filter((z) => z.pass).length}/${s.parking.length}`,
      `${s.heavy.got} ${mark(s.heavy.pass)}`, s.singleFrameObjects, v ? f3(v.HOTA) : '-', v ? f3(v.IDF1) : '-', v ? v.IDSW : '-', p ? f3(p.HOTA) : '-'];
    console.log(`${pad(r.clip, 25)}${pad(r.model, 14)}${pad(r.fps, 11)}${cells.map((c) => pad(c, 11)).join('')}`);
  }
}

const work = values.keep ? resolve(values.keep) : mkdtempSync(join(tmpdir(), 'sharpeye-accuracy-'));
mkdirSync(work, { recursive: true });
const results: RunResult[] = [];
for (const stem of clips) {
  const t = loadTruth(stem);
  for (const model of models) {
    for (const fps of fpsList) {
      try {
        const { lines, wallS } = analyze(t, model, fps, work);
        const score = scoreRun(t, lines);
        const tracking = t.mot ? evaluateTracks(t, trackerRows(t, lines), join(work, `${t.clip}.${model}.${fps}.tracker.txt`), values.python) : null;
        results.push({ clip: t.clip, model, fps, analyzeArgs: extraArgs, wallS, score, tracking });
      } catch (e) {
        results.push({ clip: t.clip, model, fps, analyzeArgs: extraArgs, wallS: 0, score: scoreRun(t, []), tracking: null, error: (e as Error).message });
        console.error(`${t.clip} ${model} ${fps} fps: ${(e as Error).message}`);
        continue;
      }
      printRun(results[results.length - 1]);
    }
  }
}
printSummary(results);
const comparison = values.baseline ? compareRuns(results, (JSON.parse(readFileSync(values.baseline, 'utf8')) as { results: RunResult[] }).results) : null;
if (comparison) {
  console.log(`\n== against ${values.baseline} ==`);
  for (const c of comparison) {
    const changed = c.deltas.filter((d) => d.before !== d.after);
    console.log(`${pad(`${c.clip} ${c.model} ${c.fps} fps`, 45)}${c.regressions ? `${c.regressions} worse` : 'nothing worse'}: ${changed.map((d) => `${d.what} ${d.before} -> ${d.after}${d.worse ? ' (WORSE)' : ''}`).join('; ') || 'no change'}`);
  }
}
if (!values.keep) rmSync(work, { recursive: true, force: true });
const resultsDir = resolve(values.results!);
mkdirSync(resultsDir, { recursive: true });
const file = join(resultsDir, `accuracy-${Date.now()}.json`);
writeFileSync(file, JSON.stringify({ benchmark: 'accuracy', machine: machineInfo(), clips, models, fps: fpsList, analyzeArgs: extraArgs, results, comparison }, null, 2));
console.log(`\nwrote ${file}`);
if (results.some((r) => r.error)) process.exitCode = 1;
