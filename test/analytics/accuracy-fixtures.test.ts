// Issue 9 end to end: `sharpeye analyze` with the default model at 5 fps on the fixture clips,
// with lines, parking zones and a heavy_vehicle rule taken from the hand-made ground truth in
// test/fixtures-truth/accuracy/. Kind 1: the intersection's upper road is counted in full (the
// silver and red cars are confirmed only near the line). Kind 2: the dark car parked at the
// bottom-left corner, scored 0.25-0.45, raises its one parking alert, moving traffic none.
// Kind 3: the red SUV that yolov8n calls bus on some frames stays one car, and no heavy vehicle
// is reported where there is none. Only what the default model can see is asserted; what it
// cannot (lorries in the a12 tunnel clip, the top-down car park) is listed in README "Accuracy".
import t, { type Test } from 'tap';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { runSharpeye } from '../helpers/cli.js';
import { REPO_ROOT, video } from '../helpers/fixtures.js';

type Line = Record<string, any>;
interface Range { count: number; min: number; max: number }
interface Truth {
  clip: string;
  lines: Array<{ id: string; points: number[][]; labels: string[]; expected: { forward: Range; backward: Range } }>;
  parking?: { seconds: number; zones: Array<{ id: string; polygon: number[][]; expected: Range }> };
  heavyVehicles?: Range;
}

const dir = mkdtempSync(join(tmpdir(), 'sharpeye-accuracy-'));
const truthOf = (clip: string): Truth => JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'fixtures-truth', 'accuracy', `${clip}.json`), 'utf8'));

/** Runs analyze with the truth's lines, parking zones and a heavy_vehicle rule; returns summary and records. */
async function analyze(clip: string): Promise<{ truth: Truth; summary: Line; records: Line[] }> {
  const truth = truthOf(clip);
  const rules = {
    zones: (truth.parking?.zones ?? []).map((z) => ({ id: z.id, polygon: z.polygon })),
    lines: truth.lines.map((l) => ({ id: l.id, points: l.points })),
    rules: [
      ...truth.lines.map((l) => ({ id: l.id, type: 'line_crossing', line: l.id, labels: l.labels })),
      ...(truth.parking?.zones ?? []).map((z) => ({ id: `park-${z.id}`, type: 'illegal_parking', zone: z.id, seconds: truth.parking!.seconds })),
      { id: 'heavy', type: 'heavy_vehicle' },
    ],
  };
  const file = join(dir, `${clip}.yaml`), out = join(dir, `${clip}.jsonl`);
  writeFileSync(file, stringify(rules));
  const r = await runSharpeye(['analyze', video(truth.clip), '--fps', '5', '--rules', file, '--out', out, '--summary', 'json']);
  if (r.code !== 0) throw new Error(r.stderr);
  const records = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  return { truth, summary: JSON.parse(r.stdout.trim().split('\n').at(-1)!), records };
}

const within = (n: number, r: Range) => n >= r.min && n <= r.max;

function checkLines(t: Test, truth: Truth, summary: Line, only?: string[]) {
  for (const l of truth.lines.filter((x) => !only || only.includes(x.id))) {
    for (const dir of ['forward', 'backward'] as const) {
      const got = summary.counts[l.id]?.[dir] ?? 0;
      t.ok(within(got, l.expected[dir]), `${truth.clip} ${l.id} ${dir}: ${got} in [${l.expected[dir].min}, ${l.expected[dir].max}] (hand count ${l.expected[dir].count})`);
    }
  }
}

function checkParking(t: Test, truth: Truth, records: Line[]) {
  for (const z of truth.parking?.zones ?? []) {
    const n = records.filter((l) => l.type === 'alert' && l.event === 'started' && l.ruleId === `park-${z.id}`).length;
    t.ok(within(n, z.expected), `${truth.clip} ${z.id}: ${n} parking alerts in [${z.expected.min}, ${z.expected.max}]`);
  }
}

t.test('intersection: every counting line in its hand count, the low-score parked car alerted, nothing heavy', async (t) => {
  const { truth, summary, records } = await analyze('intersection');
  checkLines(t, truth, summary);
  checkParking(t, truth, records);
  const heavy = records.filter((l) => l.type === 'alert' && l.event === 'started' && l.ruleId === 'heavy').length;
  t.ok(within(heavy, truth.heavyVehicles!), `heavy vehicles: ${heavy} in [${truth.heavyVehicles!.min}, ${truth.heavyVehicles!.max}]`);
  const objects = records.filter((l) => l.type === 'object' && l.final);
  t.ok(objects.every((o) => o.frames >= 2), 'no object from a single frame');
});

t.test('highway: the line count, no parking, and the SUV called bus is not a heavy vehicle', async (t) => {
  const { truth, summary, records } = await analyze('highway');
  checkLines(t, truth, summary);
  checkParking(t, truth, records);
  const heavy = records.filter((l) => l.type === 'alert' && l.event === 'started' && l.ruleId === 'heavy');
  t.same(heavy.map((a) => a.labels), [], 'no heavy vehicle on this carriageway');
  t.ok(records.filter((l) => l.type === 'object' && l.final).every((o) => o.frames >= 2), 'no object from a single frame');
});

t.test('a12 tunnel: the carriageway moving away in its hand count, no parking alert for slow lorries', async (t) => {
  const { truth, summary, records } = await analyze('a12_tunnel_bidir');
  // left_towards (the lorry convoy) is beyond the default model: see README "Accuracy".
  checkLines(t, truth, summary, ['right_away']);
  checkParking(t, truth, records);
});
