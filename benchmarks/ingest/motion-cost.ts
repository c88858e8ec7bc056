// Motion gating, what it costs and what it saves:
//  (a) ms per frame of MotionDetector.update on real decoded frames at 640x480 (intersection.mp4)
//      and 1280x720 (highway.mp4), median over runs;
//  (b) the share of frames a MotionGate skips on each fixture clip, twice: seeing no objects
//      (motion and heartbeat only, the most it can save) and fed by the real detector on the
//      frames it admits (objects hold the gate open, as in `sharpeye serve`).
// Prints a table and writes JSON to benchmarks/results/. Usage:
//   node --import tsx benchmarks/ingest/motion-cost.ts [--videos DIR] [--fps 5] [--runs 7] [--frames 30]
//     [--analysis-width 160] [--model yolov8n-int8 | none] [--model-dir DIR] [--watch person,car,...] [--min-score 0.5]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Frame } from '../../core/index.js';
import { Detector } from '../../inference/index.js';
import { FfmpegFrameSource, MotionDetector, MotionGate, type MotionGateOptions, type MotionGateStats } from '../../ingest/index.js';
import { machineInfo, median } from '../machine-info.js';

const root = resolve(import.meta.dirname, '..', '..');
const fixtures = resolve(process.env.SHARPEYE_FIXTURES_DIR ?? join(root, '..', 'shared', 'fixtures'));
const { values } = parseArgs({ options: {
  videos: { type: 'string', default: join(fixtures, 'videos') },
  fps: { type: 'string', default: '5' },
  runs: { type: 'string', default: '7' },
  frames: { type: 'string', default: '30' },
  'analysis-width': { type: 'string', default: '160' },
  model: { type: 'string', default: 'yolov8n-int8' },
  'model-dir': { type: 'string', default: process.env.SHARPEYE_MODEL_DIR ?? join(fixtures, 'models') },
  watch: { type: 'string', default: 'person,bicycle,car,motorcycle,bus,truck' },
  'min-score': { type: 'string', default: '0.5' },
} });
const fps = Number(values.fps), runs = Number(values.runs), frameCount = Number(values.frames);
const analysisWidth = Number(values['analysis-width']);
const CLIPS = ['intersection.mp4', 'highway.mp4', 'pedestrian_street.mp4', 'parking_lot_topdown.mp4'];
const COST_CLIPS = [{ clip: 'intersection.mp4', size: '640x480' }, { clip: 'highway.mp4', size: '1280x720' }];

async function decode(clip: string, limit = Infinity): Promise<Frame[]> {
  const frames: Frame[] = [];
  for await (const f of new FfmpegFrameSource({ url: join(values.videos, clip), fps })) {
    frames.push(f);
    if (frames.length >= limit) break;
  }
  return frames;
}

/** (a) Median over runs of the mean ms per update, each run on a fresh detector over the same frames. */
async function updateCost(clip: string) {
  const frames = await decode(clip, frameCount);
  const warm = new MotionDetector({ analysisWidth });
  for (let i = 0; i < 3; i++) for (const f of frames) warm.update(f);
  const perRun: number[] = [];
  for (let r = 0; r < runs; r++) {
    const detector = new MotionDetector({ analysisWidth });
    const t0 = performance.now();
    for (const f of frames) detector.update(f);
    perRun.push((performance.now() - t0) / frames.length);
  }
  return { clip, width: frames[0].width, height: frames[0].height, frames: frames.length, medianMs: median(perRun), runsMs: perRun };
}

/** (b) One gate over the clip; with a detector, admitted frames are inferred and observed. */
async function gateSavings(frames: readonly Frame[], detector: Detector | undefined): Promise<MotionGateStats> {
  const options: MotionGateOptions = { analysisWidth, watchLabels: values.watch.split(',').filter(Boolean), minScore: Number(values['min-score']) };
  const gate = new MotionGate(options);
  for (const f of frames) {
    if (!gate.admit(f) || !detector) continue;
    const [detections] = await detector.infer(detector.prepare([f]));
    gate.observe(detections, f);
  }
  return gate.stats;
}

const machine = machineInfo();
console.error(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, node ${machine.node}`);
const cost = [];
for (const { clip } of COST_CLIPS) {
  cost.push(await updateCost(clip));
  console.error(`update cost ${clip}: ${cost.at(-1)!.medianMs.toFixed(3)} ms/frame`);
}
const detector = values.model === 'none' ? undefined : await Detector.create({ model: values.model, modelDir: values['model-dir'] });
const savings = [];
for (const clip of CLIPS) {
  const frames = await decode(clip);
  const motionOnly = await gateSavings(frames, undefined);
  const withObjects = detector ? await gateSavings(frames, detector) : null;
  savings.push({ clip, frames: frames.length, motionOnly, withObjects });
  console.error(`gate ${clip}: motion only saves ${(motionOnly.savedFraction * 100).toFixed(1)}%${withObjects ? `, with ${values.model} ${(withObjects.savedFraction * 100).toFixed(1)}%` : ''}`);
}
await detector?.close();

const pct = (s: MotionGateStats | null) => (s ? `${(s.savedFraction * 100).toFixed(1)}% (${s.skipped}/${s.framesSeen})` : 'skipped');
const reasons = (s: MotionGateStats | null) => (s ? Object.entries(s.admittedBy).map(([k, v]) => `${k} ${v}`).join(', ') : '');
const table = [
  `MotionDetector.update, analysisWidth ${analysisWidth}, ${frameCount} real frames x ${runs} runs`,
  '| source | frame size | median ms/frame | min | max |',
  '| --- | --- | ---: | ---: | ---: |',
  ...cost.map((c) => `| ${c.clip} | ${c.width}x${c.height} | ${c.medianMs.toFixed(3)} | ${Math.min(...c.runsMs).toFixed(3)} | ${Math.max(...c.runsMs).toFixed(3)} |`),
  '',
  `MotionGate at ${fps} fps (holdMs 2000, maxSkipMs 10000; objects: ${values.model}, labels ${values.watch}, score >= ${values['min-score']})`,
  '| clip | frames | saved, motion only | saved, with objects | admitted by (with objects) |',
  '| --- | ---: | ---: | ---: | --- |',
  ...savings.map((s) => `| ${s.clip} | ${s.frames} | ${pct(s.motionOnly)} | ${pct(s.withObjects)} | ${reasons(s.withObjects)} |`),
].join('\n');
console.log(table);
const result = { benchmark: 'motion-cost', machine, fps, runs, frames: frameCount, analysisWidth, model: values.model, watch: values.watch, minScore: Number(values['min-score']), cost, savings };
mkdirSync(join(root, 'benchmarks', 'results'), { recursive: true });
const file = join(root, 'benchmarks', 'results', `motion-cost-${Date.now()}.json`);
writeFileSync(file, JSON.stringify(result, null, 2));
console.error(`wrote ${file}`);
