// The accuracy benchmark's scoring: TrackEval (run through mot_eval.py in the test Python
// environment) on tiny synthetic sequences whose HOTA, MOTA, IDF1 and ID switches are known by hand,
// and the count/alert scoring and tracker-row mapping on synthetic analyze output.
import t from 'tap';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trackEval } from '../../benchmarks/accuracy/mot-eval.js';
import { scoreRun, trackerRows, motText, type AnalyzeLine } from '../../benchmarks/accuracy/score.js';
import type { ClipTruth } from '../../benchmarks/accuracy/truth.js';

const dir = mkdtempSync(join(tmpdir(), 'sharpeye-accuracy-score-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (text: string): string => { const f = join(dir, `f${n++}.txt`); writeFileSync(f, text); return f; };
const box = (frame: number, id: number, x: number, cls = 3): string => `${frame},${id},${x},100,40,40,1,${cls},1\n`;

t.test('a perfect tracker scores 1 everywhere', async (t) => {
  const gt = file(box(1, 1, 10) + box(2, 1, 20) + box(3, 1, 30) + box(1, 2, 200) + box(2, 2, 210));
  const tr = file(box(1, 7, 10) + box(2, 7, 20) + box(3, 7, 30) + box(1, 9, 200) + box(2, 9, 210));
  const m = trackEval(gt, tr, 3, 3, []);
  t.match(m, { HOTA: 1, DetA: 1, AssA: 1, MOTA: 1, IDF1: 1, IDSW: 0, FP: 0, FN: 0, TP: 5, gtIds: 2, trackerIds: 2 });
  t.match(m.trackeval, /^1\.3\./);
});

t.test('one identity switch: MOTA 0.75, IDF1 0.5, AssA 0.5, HOTA sqrt(0.5)', async (t) => {
  // One object over 4 frames, boxes exact; the tracker changes its id after frame 2.
  const gt = file(box(1, 1, 10) + box(2, 1, 20) + box(3, 1, 30) + box(4, 1, 40));
  const tr = file(box(1, 5, 10) + box(2, 5, 20) + box(3, 6, 30) + box(4, 6, 40));
  const m = trackEval(gt, tr, 4, 3, []);
  t.equal(m.IDSW, 1);
  t.equal(m.MOTA, 0.75, 'MOTA = 1 - (FN + FP + IDSW) / GT = 1 - 1/4');
  t.equal(m.IDF1, 0.5, 'IDF1 = 2 IDTP / (2 IDTP + IDFP + IDFN) = 4 / 8');
  t.equal(m.DetA, 1);
  t.equal(m.AssA, 0.5, 'each match: TPA 2 / (TPA 2 + FNA 2 + FPA 0)');
  t.equal(m.HOTA, Math.round(Math.sqrt(0.5) * 1e4) / 1e4);
});

t.test('misses and false positives: MOTA 0.5; class filter and ignore regions apply', async (t) => {
  // Two objects over 2 frames (4 truth boxes); the tracker misses object 2 in frame 2 and adds a
  // false box far away in frame 1; a person box (class 1) must not count for class 3.
  const gt = file(box(1, 1, 10) + box(2, 1, 20) + box(1, 2, 200) + box(2, 2, 210));
  const tr = file(box(1, 1, 10) + box(2, 1, 20) + box(1, 2, 200) + box(1, 3, 400) + box(2, 4, 300, 1));
  const m = trackEval(gt, tr, 2, 3, []);
  t.match(m, { TP: 3, FN: 1, FP: 1, IDSW: 0, MOTA: 0.5 });
  t.ok(m.HOTA < 1 && m.HOTA > 0);
  // Ignoring the region of the false box (centre 420,120) removes the false positive.
  const ignored = trackEval(gt, tr, 2, 3, [[380, 80, 460, 160]]);
  t.match(ignored, { FP: 0, FN: 1, MOTA: 0.75 });
  // An ignore region works like a MOTChallenge distractor: truth inside is dropped, and so is a
  // tracker box overlapping that truth at IoU >= 0.5 even when its own centre is just outside.
  const edge = trackEval(file(box(1, 1, 10) + box(1, 2, 200)), file(box(1, 1, 10) + box(1, 2, 208)), 1, 3, [[150, 80, 226, 160]]);
  t.match(edge, { TP: 1, FN: 0, FP: 0, gtDets: 1, trackerDets: 1 }, 'truth centre 220 inside, tracker centre 228 outside but IoU 0.67');
  // A box at IoU below 0.5 is not a match for CLEAR: shift by 30 px of 40 -> IoU 10/70.
  const off = trackEval(file(box(1, 1, 10)), file(box(1, 1, 40)), 1, 3, []);
  t.match(off, { TP: 0, FN: 1, FP: 1, MOTA: -1 });
});

const truth: ClipTruth = {
  clip: 'synthetic.mp4', size: [640, 480], durationS: 10, method: ['synthetic'],
  lines: [{ id: 'L', points: [[0, 0.5], [1, 0.5]], labels: ['car'], expected: { forward: { count: 3, min: 2, max: 4 }, backward: { count: 0, min: 0, max: 0 } } }],
  parking: { seconds: 5, zones: [{ id: 'kerb', polygon: [[0, 0], [1, 0], [1, 1]], expected: { count: 1, min: 1, max: 1 } }] },
  heavyVehicles: { count: 1, min: 1, max: 1 },
  persons: { count: 0 },
  mot: { file: 'unused', fps: 5, startS: 0, frames: 3, classes: { '1': ['person'], '3': ['car', 'truck', 'bus'] }, ignoreRegions: [] },
};

t.test('scoreRun: counts per direction, alerts per rule, distinct heavy vehicles, single-frame objects, false persons', async (t) => {
  const out: AnalyzeLine[] = [
    { type: 'frame', frame: 0, pts: 0, tracks: [] },
    { type: 'crossing', rule: 'line.L', direction: 'forward', trackId: 1 },
    { type: 'crossing', rule: 'line.L', direction: 'forward', trackId: 2 },
    { type: 'crossing', rule: 'line.L', direction: 'backward', trackId: 3 },
    { type: 'crossing', rule: 'line.other', direction: 'forward', trackId: 4 },
    { type: 'alert', event: 'started', ruleId: 'park.kerb', objects: [5] },
    { type: 'alert', event: 'ended', ruleId: 'park.kerb', objects: [5] },
    { type: 'alert', event: 'started', ruleId: 'park.kerb', objects: [6] },
    { type: 'alert', event: 'started', ruleId: 'heavy', objects: [7] },
    { type: 'alert', event: 'started', ruleId: 'heavy', objects: [7] },
    { type: 'object', final: true, label: 'car', frames: 1 },
    { type: 'object', final: false, label: 'car', frames: 1 },
    { type: 'object', final: true, label: 'person', frames: 12 },
  ];
  const s = scoreRun(truth, out);
  t.match(s.lines, [
    { line: 'L', direction: 'forward', got: 2, absError: 1, pass: true },
    { line: 'L', direction: 'backward', got: 1, absError: 1, pass: false },
  ]);
  t.match(s.parking, [{ zone: 'kerb', got: 2, pass: false }]);
  t.match(s.heavy, { got: 1, pass: true }, 'two alerts for one object are one heavy vehicle');
  t.equal(s.singleFrameObjects, 1);
  t.equal(s.falsePersons, 1);
  t.same(s.objects, { car: 1, person: 1 });
  t.equal(s.frames, 1);
});

t.test('trackerRows: truth frame grid, labels to classes, boxes to x,y,w,h', async (t) => {
  const frames: AnalyzeLine[] = [0, 0.1, 0.2, 0.3, 0.4, 0.6].map((pts, i) => ({
    type: 'frame', frame: i, pts, tracks: [{ id: 3, label: 'truck', box: [10, 20, 50, 80] }, { id: 4, label: 'dog', box: [0, 0, 1, 1] }, { id: 5, label: 'person', box: [100, 100, 110, 130] }],
  }));
  const rows = trackerRows(truth, frames);
  t.same([...new Set(rows.map((r) => r.frame))], [1, 2, 3], 'a 10 fps run lands on every other frame; frames past the stretch are dropped');
  t.same(rows.filter((r) => r.frame === 1), [{ frame: 1, id: 3, x: 10, y: 20, w: 40, h: 60, cls: 3 }, { frame: 1, id: 5, x: 100, y: 100, w: 10, h: 30, cls: 1 }]);
  t.equal(motText(rows.slice(0, 1)), '1,3,10.0,20.0,40.0,60.0,1,3,1\n');
});

t.test('compareRuns flags every figure that got worse and matches runs by clip, model, fps and arguments', async (t) => {
  const { compareRuns } = await import('../../benchmarks/accuracy/compare.js');
  const score = (got: number, single: number) => scoreRun(truth, [
    ...Array.from({ length: got }, (_, i) => ({ type: 'crossing', rule: 'line.L', direction: 'forward', trackId: i })),
    ...Array.from({ length: single }, () => ({ type: 'object', final: true, label: 'car', frames: 1 })),
  ]);
  const metrics = (HOTA: number, IDSW: number) => ({ HOTA, DetA: 0.5, AssA: 0.5, MOTA: 0.5, MOTP: 0.8, IDF1: 0.6, IDSW, FP: 0, FN: 0, TP: 1, gtIds: 1, trackerIds: 1, gtDets: 1, trackerDets: 1, trackeval: '1.3.0' });
  const run = (got: number, single: number, HOTA: number, IDSW: number, fps = 5) => ({ clip: 'synthetic.mp4', model: 'm', fps, analyzeArgs: [], wallS: 1, score: score(got, single), tracking: { vehicle: metrics(HOTA, IDSW) } });
  const [c] = compareRuns([run(3, 0, 0.55, 2), run(3, 0, 0.9, 0, 10)], [run(2, 1, 0.6, 0)]);
  t.equal(c.fps, 5, 'the 10 fps run has no baseline');
  const byWhat = Object.fromEntries(c.deltas.map((d) => [d.what, d]));
  t.match(byWhat['line abs. error'], { before: 1, after: 0, worse: false });
  t.match(byWhat['single-frame objects'], { before: 1, after: 0, worse: false });
  t.match(byWhat['vehicle HOTA'], { before: 0.6, after: 0.55, worse: true });
  t.match(byWhat['vehicle ID switches'], { before: 0, after: 2, worse: true });
  t.equal(c.regressions, 2);
  t.same(compareRuns([run(3, 0, 0.55, 2)], []), [], 'nothing to compare without a baseline run');
});
