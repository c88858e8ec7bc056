// ByteTracker update cost per frame on synthetic scenes (seeded, so every run sees the same input):
// N objects moving on straight lines with box jitter, score changes, missed detections and 5%
// clutter, fed at a fixed frame rate. Times only `update`; building the detections is outside.
// Prints a table and writes JSON to benchmarks/results/. Usage:
//   node --import tsx benchmarks/inference/tracker-cost.ts [--objects 10,50,100] [--frames 300] [--runs 7] [--fps 10]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Box, Detection } from '../../core/index.js';
import { ByteTracker } from '../../inference/index.js';
import { machineInfo, median } from '../machine-info.js';
import { seededRandom as mulberry32 } from '../../test/helpers/seeded-random.js';

const root = resolve(import.meta.dirname, '..', '..');
const { values } = parseArgs({ options: {
  objects: { type: 'string', default: '10,50,100' },
  frames: { type: 'string', default: '300' },
  runs: { type: 'string', default: '7' },
  fps: { type: 'string', default: '10' },
  seed: { type: 'string', default: '1' },
} });
const objectCounts = values.objects.split(',').map(Number);
const frames = Number(values.frames), runs = Number(values.runs), fps = Number(values.fps), seed = Number(values.seed);

/** Detections per frame for `n` objects in a 1920x1080 view; objects wrap around at the edges. */
function scene(n: number): Detection[][] {
  const rand = mulberry32(seed * 1000 + n);
  const labels = ['car', 'person', 'truck', 'bicycle'];
  const objs = Array.from({ length: n }, () => ({
    label: labels[Math.floor(rand() * labels.length)], x: rand() * 1920, y: rand() * 1080,
    vx: (rand() - 0.5) * 300, vy: (rand() - 0.5) * 150, w: 30 + rand() * 150, h: 30 + rand() * 150,
  }));
  const out: Detection[][] = [];
  for (let f = 0; f < frames; f++) {
    const tS = f / fps, dets: Detection[] = [];
    for (const o of objs) {
      if (rand() < 0.05) continue; // missed detection
      const cx = ((o.x + o.vx * tS) % 1920 + 1920) % 1920 + (rand() - 0.5) * 4;
      const cy = ((o.y + o.vy * tS) % 1080 + 1080) % 1080 + (rand() - 0.5) * 4;
      const box: Box = [cx - o.w / 2, cy - o.h / 2, cx + o.w / 2, cy + o.h / 2];
      dets.push({ label: o.label, classId: labels.indexOf(o.label), score: rand() < 0.15 ? 0.15 + rand() * 0.35 : 0.5 + rand() * 0.5, box });
    }
    for (let k = 0; k < n / 20; k++) {
      const x = rand() * 1900, y = rand() * 1060;
      dets.push({ label: 'person', classId: 1, score: 0.1 + rand() * 0.7, box: [x, y, x + 20, y + 20] });
    }
    out.push(dets);
  }
  return out;
}

interface Row { objects: number; detectionsPerFrame: number; medianUs: number; p95Us: number; meanUs: number; tracksAtEnd: number; runMediansUs: number[] }

function measure(n: number): Row {
  const input = scene(n);
  const runMedians: number[] = [], all: number[] = [];
  let tracksAtEnd = 0;
  // One untimed pass lets the JIT settle before the timed runs.
  for (let r = -1; r < runs; r++) {
    const tracker = new ByteTracker();
    const times: number[] = [];
    input.forEach((dets, f) => {
      const t0 = performance.now();
      const tracks = tracker.update(dets, Math.round((f * 1000) / fps));
      times.push((performance.now() - t0) * 1000);
      tracksAtEnd = tracks.length;
    });
    if (r < 0) continue;
    runMedians.push(median(times));
    all.push(...times);
  }
  all.sort((a, b) => a - b);
  return {
    objects: n, detectionsPerFrame: input.reduce((s, d) => s + d.length, 0) / input.length, medianUs: median(runMedians),
    p95Us: all[Math.floor(all.length * 0.95)], meanUs: all.reduce((s, v) => s + v, 0) / all.length, tracksAtEnd, runMediansUs: runMedians,
  };
}

const machine = machineInfo();
console.error(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, node ${machine.node}`);
const rows = objectCounts.map(measure);
const table = [
  `ByteTracker.update per frame (${frames} frames at ${fps} fps, ${runs} runs; median = median of per-run medians)`,
  '| objects | detections/frame | median (µs) | p95 (µs) | mean (µs) | tracks at end |',
  '| ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map((r) => `| ${r.objects} | ${r.detectionsPerFrame.toFixed(1)} | ${r.medianUs.toFixed(1)} | ${r.p95Us.toFixed(1)} | ${r.meanUs.toFixed(1)} | ${r.tracksAtEnd} |`),
].join('\n');
console.log(table);
const result = { benchmark: 'tracker-cost', machine, frames, runs, fps, seed, rows };
mkdirSync(join(root, 'benchmarks', 'results'), { recursive: true });
const file = join(root, 'benchmarks', 'results', `tracker-cost-${Date.now()}.json`);
writeFileSync(file, JSON.stringify(result, null, 2));
console.error(`wrote ${file}`);
