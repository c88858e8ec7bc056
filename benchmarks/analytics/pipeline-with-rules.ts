// End-to-end analyze throughput with and without tracking + rules + object events (snapshots
// included), measured side by side in alternating runs on one fixture clip. Usage:
//   node --import tsx benchmarks/analytics/pipeline-with-rules.ts [--video V] [--fps 5] [--runs 3]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { machineInfo, median } from '../machine-info.js';

const root = resolve(import.meta.dirname, '..', '..');
const { values } = parseArgs({ options: {
  video: { type: 'string', default: resolve(root, '..', 'shared', 'fixtures', 'videos', 'intersection.mp4') },
  fps: { type: 'string', default: '5' },
  runs: { type: 'string', default: '3' },
} });
const dir = mkdtempSync(join(tmpdir(), 'sharpeye-bench-rules-'));
const rules = join(dir, 'rules.yaml');
writeFileSync(rules, `zones:
  - { id: nopark, polygon: [[0.05, 0.6], [0.45, 0.6], [0.45, 0.95], [0.05, 0.95]] }
  - { id: crossing, polygon: [[0.2, 0.3], [0.9, 0.3], [0.9, 0.8], [0.2, 0.8]] }
lines:
  - { id: L1, points: [[0.5, 0.0], [0.5, 1.0]] }
rules:
  - { id: flow, type: line_crossing, line: L1, labels: [car, truck, bus, motorcycle] }
  - { id: park, type: illegal_parking, zone: nopark, labels: [car, truck], seconds: 60 }
  - { id: walk, type: loitering, zone: crossing, labels: [person], seconds: 20 }
  - { id: jam, type: congestion, zone: crossing, measure: count, busy: 4, congested: 8 }
  - { id: crowd, type: crowding, zone: crossing, minCount: 5 }
`);

function run(withRules: boolean, i: number): number {
  const args = [join(root, 'bin', 'sharpeye.mjs'), 'analyze', values.video!, '--fps', values.fps!, '--out', join(dir, `out-${withRules}-${i}.jsonl`)];
  if (withRules) args.push('--rules', rules);
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', env: process.env });
  const m = /([\d.]+) frames\/s/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`analyze failed: ${r.stderr}`);
  return Number(m[1]);
}

const plain: number[] = [], ruled: number[] = [];
for (let i = 0; i < Number(values.runs); i++) {
  plain.push(run(false, i));
  ruled.push(run(true, i));
}
const result = { machine: machineInfo(), video: values.video, fps: Number(values.fps), detectOnly: { runs: plain, median: median(plain) }, withTrackingAndRules: { runs: ruled, median: median(ruled) }, ratio: median(ruled) / median(plain) };
console.table([{ pipeline: 'detect only', 'frames/s (median)': result.detectOnly.median, runs: plain.join(' / ') }, { pipeline: 'detect + track + 5 rules + events + snapshots', 'frames/s (median)': result.withTrackingAndRules.median, runs: ruled.join(' / ') }]);
console.log(`ratio ${result.ratio.toFixed(3)}`);
mkdirSync(join(root, 'benchmarks', 'results'), { recursive: true });
writeFileSync(join(root, 'benchmarks', 'results', `pipeline-with-rules-${Date.now()}.json`), JSON.stringify(result, null, 2));
