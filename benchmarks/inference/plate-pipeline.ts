// A camera's capacity with licence plates off and on: the same clip through a footage run (decode,
// detect, track, object events; plates read on the frames the frame policy picks, at most
// `inFlight` reads at once, files wait for a slot) as fast as it goes, runs alternating off/on,
// medians of several runs. Two inputs: plate-gate clips (the six plate pictures, 4 s each, made
// by test/helpers/plate-clip.ts: a vehicle close up, as a checkpoint camera sees it, so every track
// is read; the worst case) and the first seconds of a traffic fixture (intersection.mp4: vehicles
// mostly too small to read). Also per vehicle track: reads, read latency and the extra wall time. Prints a table and
// writes JSON to benchmarks/results/. Usage:
//   SHARPEYE_MODEL_DIR=../shared/fixtures/models node --import tsx benchmarks/inference/plate-pipeline.ts [--runs 3] [--fps 5] [--model yolox-nano]
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { validateConfig } from '../../core/index.js';
import { Detector } from '../../inference/index.js';
import { nodePlateReaders, runFootage, type FootageLine, type ObjectLine } from '../../node/index.js';
import { PlatesConfigSchema } from '../../worker/index.js';
import { plateClip } from '../../test/helpers/plate-clip.js';
import { machineInfo, median } from '../machine-info.js';

const root = resolve(import.meta.dirname, '..', '..');
const fixtures = resolve(process.env.SHARPEYE_FIXTURES_DIR ?? join(root, '..', 'shared', 'fixtures'));
const { values } = parseArgs({ options: {
  runs: { type: 'string', default: '3' },
  fps: { type: 'string', default: '5' },
  model: { type: 'string', default: 'yolox-nano' },
  'in-flight': { type: 'string', default: '2' },
  'detector-size': { type: 'string', default: '320' },
} });
const runs = Number(values.runs), fps = Number(values.fps);
const VEHICLES = new Set(['car', 'truck', 'bus', 'motorcycle']);
const PLATES = ['we_single_green_huAF71017', 'we_single_yellow_wanK66666', 'we_double_yellow_jingEA5331', 'we_blue_wanAUJ299', 'we_hk_SN6497_yueZR066gang', 'openalpr_de_H786POJ'];

const dir = mkdtempSync(join(tmpdir(), 'sharpeye-plate-bench-'));
process.once('exit', () => rmSync(dir, { recursive: true, force: true }));

/** The six plate clips (4 s each), run one after the other as one input (each its own footage run). */
async function plateGateClips(): Promise<string[]> {
  const parts: string[] = [];
  for (const p of PLATES) parts.push(await plateClip(join(fixtures, 'images', 'plates', `${p}.jpg`)));
  return parts;
}

function trafficClip(): string[] {
  const out = join(dir, 'intersection-12s.mp4');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', join(fixtures, 'videos', 'intersection.mp4'), '-t', '12', '-an', '-c', 'copy', out]);
  return [out];
}

interface RunResult { framesPerSecond: number; seconds: number; frames: number; vehicleTracks: number; platedTracks: number; reads: number; readMs: number[] }

const detector = await Detector.create({ model: values.model });
const readers = nodePlateReaders({ inFlight: Number(values['in-flight']) });
const readMs: number[] = [];
let reads = 0;
readers.on('read', (_c, s) => { reads++; readMs.push(s * 1000); });
const plates = validateConfig(PlatesConfigSchema, { enabled: true, detectorSize: Number(values['detector-size']) }, '--detector-size');

async function once(inputs: readonly string[], on: boolean): Promise<RunResult> {
  const lines: FootageLine[] = [];
  const before = reads, latencyFrom = readMs.length;
  const start = performance.now();
  let frames = 0;
  for (const input of inputs) {
    const r = await runFootage({ input, fps, detector, track: true, camera: 'bench', ...(on ? { plates, plateReaders: readers } : {}) }, { line: (l) => { if (l.type === 'object') lines.push(l); } });
    frames += r.summary.frames;
  }
  const seconds = (performance.now() - start) / 1000;
  const finals = lines.filter((l): l is ObjectLine => l.type === 'object' && l.final && VEHICLES.has(l.label));
  return {
    framesPerSecond: frames / seconds, seconds, frames, vehicleTracks: finals.length,
    platedTracks: finals.filter((f) => f.plate).length, reads: reads - before, readMs: readMs.slice(latencyFrom),
  };
}

const clips = { 'plate gate (6 clips of 4 s)': await plateGateClips(), 'intersection.mp4 (first 12 s)': trafficClip() };
await readers.reader(plates); // model load outside the timings
await once(clips['plate gate (6 clips of 4 s)'].slice(0, 1), true); // warm-up: sessions, caches

const rows = [];
for (const [name, input] of Object.entries(clips)) {
  const off: RunResult[] = [], on: RunResult[] = [];
  for (let i = 0; i < runs; i++) { off.push(await once(input, false)); on.push(await once(input, true)); }
  const fOff = median(off.map((r) => r.framesPerSecond)), fOn = median(on.map((r) => r.framesPerSecond));
  const tracksRead = median(on.map((r) => r.vehicleTracks));
  const extraSeconds = median(on.map((r) => r.seconds)) - median(off.map((r) => r.seconds));
  rows.push({
    clip: name, frames: on[0].frames, offFps: fOff, onFps: fOn, ratio: fOn / fOff,
    offRuns: off.map((r) => r.framesPerSecond), onRuns: on.map((r) => r.framesPerSecond),
    vehicleTracks: tracksRead, platedTracks: median(on.map((r) => r.platedTracks)), readsPerRun: median(on.map((r) => r.reads)),
    readsPerTrack: median(on.map((r) => r.reads / Math.max(1, r.vehicleTracks))),
    readMsMedian: median(on.flatMap((r) => r.readMs)), extraMsPerVehicleTrack: (extraSeconds * 1000) / Math.max(1, tracksRead),
  });
}
await readers.close();
await detector.close();

const f = (x: number, d = 1) => x.toFixed(d);
console.log('| clip | frames | plates off fps | plates on fps | on/off | vehicle tracks (plated) | reads/track | read ms (median) | extra wall ms per vehicle track |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  console.log(`| ${r.clip} | ${r.frames} | ${f(r.offFps)} (${r.offRuns.map((x) => f(x)).join(', ')}) | ${f(r.onFps)} (${r.onRuns.map((x) => f(x)).join(', ')}) | ${f(r.ratio, 2)} | ${r.vehicleTracks} (${r.platedTracks}) | ${f(r.readsPerTrack)} | ${f(r.readMsMedian)} | ${f(r.extraMsPerVehicleTrack, 0)} |`);
}
mkdirSync(join(root, 'benchmarks', 'results'), { recursive: true });
const file = join(root, 'benchmarks', 'results', `plate-pipeline-${Date.now()}.json`);
writeFileSync(file, JSON.stringify({ machine: machineInfo(), options: { runs, fps, model: values.model, inFlight: Number(values['in-flight']), detectorSize: plates.detectorSize }, rows }, null, 2));
console.log(`wrote ${file}`);
