// Cost per frame of the RuleEngine: 50 tracks in seeded synthetic motion (walkers, cars driving
// through, cars parking, a few lost frames), against the example rules and against those
// plus one rule of every type. Median over runs; prints a table and writes JSON to
// benchmarks/results/. Usage:
//   node --import tsx benchmarks/analytics/rules-cost.ts [--tracks 50] [--frames 3000] [--runs 7] [--seed 1]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { RuleEngine, parseRulesYaml } from '../../analytics/index.js';
import type { FrameTracks, Track } from '../../core/index.js';
import { machineInfo, median } from '../machine-info.js';
import { seededRandom as prng } from '../../test/helpers/seeded-random.js';

const root = resolve(import.meta.dirname, '..', '..');
const { values } = parseArgs({ options: {
  tracks: { type: 'string', default: '50' },
  frames: { type: 'string', default: '3000' },
  runs: { type: 'string', default: '7' },
  seed: { type: 'string', default: '1' },
} });
const nTracks = Number(values.tracks), nFrames = Number(values.frames), runs = Number(values.runs);
const W = 1920, H = 1080, STEP_MS = 100;

const EXAMPLE = `zones:
  - id: nopark
    polygon: [[0.05, 0.6], [0.45, 0.6], [0.45, 0.95], [0.05, 0.95]]
lines:
  - id: L1
    points: [[0.5, 0.0], [0.5, 1.0]]
rules:
  - { id: flow, type: line_crossing, line: L1, labels: [car, truck, bus, motorcycle] }
  - { id: park, type: illegal_parking, zone: nopark, labels: [car, truck], seconds: 60 }
`;
const ALL_TYPES = `timezone: Europe/Rome
zones:
  - id: nopark
    polygon: [[0.05, 0.6], [0.45, 0.6], [0.45, 0.95], [0.05, 0.95]]
  - id: plaza
    polygon: [[0.55, 0.1], [0.95, 0.1], [0.95, 0.5], [0.75, 0.6], [0.55, 0.5]]
  - id: road
    polygon: [[0.0, 0.55], [1.0, 0.55], [1.0, 1.0], [0.0, 1.0]]
lines:
  - id: L1
    points: [[0.5, 0.0], [0.5, 1.0]]
  - id: L2
    points: [[0.55, 0.3], [0.95, 0.3]]
rules:
  - { id: flow, type: line_crossing, line: L1, labels: [car, truck, bus, motorcycle] }
  - { id: park, type: illegal_parking, zone: nopark, labels: [car, truck], seconds: 60 }
  - { id: intr, type: zone_intrusion, zone: plaza, schedule: [{ from: '22:00', to: '06:00' }] }
  - { id: walk, type: line_crossing, line: L2, labels: [person] }
  - { id: loit, type: loitering, zone: plaza, seconds: 30 }
  - { id: vend, type: street_occupation, zone: plaza, seconds: 60 }
  - { id: crowd, type: crowding, zone: plaza, minCount: 8 }
  - { id: jam, type: congestion, zone: road, measure: occupancy, busy: 0.2, congested: 0.4, windowSeconds: 30 }
  - { id: hv, type: heavy_vehicle, zone: road, schedule: [{ days: [mon, tue, wed, thu, fri], from: '07:00', to: '09:30' }] }
`;


interface Mover { id: number; label: string; x: number; y: number; vx: number; vy: number; w: number; h: number; stopAt: number }

/** The scene: a third walkers, the rest vehicles; some vehicles park for a while; 3% lost frames. */
function makeFrames(seed: number): FrameTracks[] {
  const rnd = prng(seed);
  const labels = ['person', 'person', 'car', 'car', 'truck', 'bus', 'motorcycle'];
  const movers: Mover[] = Array.from({ length: nTracks }, (_, i) => {
    const label = labels[Math.floor(rnd() * labels.length)];
    const person = label === 'person';
    return {
      id: i + 1, label, x: rnd() * W, y: (person ? 0.15 + rnd() * 0.4 : 0.6 + rnd() * 0.35) * H,
      vx: (rnd() - 0.5) * (person ? 60 : 400), vy: (rnd() - 0.5) * (person ? 40 : 20),
      w: person ? 40 : label === 'bus' || label === 'truck' ? 220 : 120, h: person ? 100 : label === 'bus' || label === 'truck' ? 140 : 70,
      stopAt: rnd() < 0.2 ? Math.floor(rnd() * nFrames) : -1,
    };
  });
  const frames: FrameTracks[] = [];
  const wall0 = Date.UTC(2024, 0, 1, 6, 0);
  for (let f = 0; f < nFrames; f++) {
    const tracks: Track[] = [];
    for (const m of movers) {
      const parked = m.stopAt >= 0 && f >= m.stopAt && f < m.stopAt + 900;
      if (!parked) {
        m.x += (m.vx * STEP_MS) / 1000 + (rnd() - 0.5) * 2;
        m.y += (m.vy * STEP_MS) / 1000 + (rnd() - 0.5) * 2;
        if (m.x < 0 || m.x > W) m.vx = -m.vx;
        if (m.y < 0.1 * H || m.y > H) m.vy = -m.vy;
      }
      if (rnd() < 0.03) continue; // missed by the tracker for this frame
      const jitter = (rnd() - 0.5) * 3;
      tracks.push({
        id: m.id, label: m.label, classId: 0, box: [m.x - m.w / 2 + jitter, m.y - m.h, m.x + m.w / 2 + jitter, m.y], score: 0.8,
        state: 'confirmed', hits: f + 1, timeSinceUpdate: 0, firstPtsMs: 0, lastPtsMs: f * STEP_MS, velocity: [m.vx, m.vy],
      });
    }
    frames.push({ sourceId: 'bench', frameIndex: f, ptsMs: f * STEP_MS, wallMs: wall0 + f * STEP_MS, width: W, height: H, tracks });
  }
  return frames;
}

interface Row { rules: string; ruleCount: number; tracks: number; frames: number; medianUsPerFrame: number; minUsPerFrame: number; maxUsPerFrame: number; framesPerSecond: number; alerts: number; crossings: number }

function measure(name: string, yaml: string, frames: FrameTracks[]): Row {
  const config = parseRulesYaml(yaml, name);
  const perFrameUs: number[] = [];
  let alerts = 0, crossings = 0;
  for (let r = 0; r < runs + 1; r++) {
    const engine = new RuleEngine(config);
    let a = 0, c = 0;
    const t0 = performance.now();
    for (const f of frames) {
      const out = engine.update(f);
      a += out.alerts.length;
      c += out.crossings.length;
    }
    const us = ((performance.now() - t0) * 1000) / frames.length;
    if (r > 0) perFrameUs.push(us); // the first run warms the JIT
    alerts = a;
    crossings = c;
  }
  const med = median(perFrameUs);
  return {
    rules: name, ruleCount: config.rules.length, tracks: nTracks, frames: frames.length,
    medianUsPerFrame: round(med), minUsPerFrame: round(Math.min(...perFrameUs)), maxUsPerFrame: round(Math.max(...perFrameUs)),
    framesPerSecond: Math.round(1e6 / med), alerts, crossings,
  };
}
const round = (x: number) => Math.round(x * 100) / 100;

const frames = makeFrames(Number(values.seed));
const rows = [measure('issue example', EXAMPLE, frames), measure('example + one of each type', ALL_TYPES, frames)];

console.log(`RuleEngine cost per frame: ${nTracks} tracks, ${nFrames} frames at ${1000 / STEP_MS} fps, median of ${runs} runs\n`);
console.log('| rules | rule count | median µs/frame | min | max | frames/s (one core) | alerts | crossings |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) console.log(`| ${r.rules} | ${r.ruleCount} | ${r.medianUsPerFrame} | ${r.minUsPerFrame} | ${r.maxUsPerFrame} | ${r.framesPerSecond} | ${r.alerts} | ${r.crossings} |`);

mkdirSync(join(root, 'benchmarks', 'results'), { recursive: true });
const file = join(root, 'benchmarks', 'results', `rules-cost-${Date.now()}.json`);
writeFileSync(file, JSON.stringify({ benchmark: 'analytics/rules-cost', params: { tracks: nTracks, frames: nFrames, runs, seed: Number(values.seed), fps: 1000 / STEP_MS, width: W, height: H }, machine: machineInfo(), rows }, null, 2));
console.log(`\nwrote ${file}`);
