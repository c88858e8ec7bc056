// Detection throughput on one fixture clip and one model, three ways, measured side by side:
//  (a) raw onnxruntime inference on pre-made input tensors (the ceiling),
//  (b) sharpeye's analyze pipeline end to end (ffmpeg decode, preprocess, inference, decode, NMS),
//  (c) the same loop written with Python onnxruntime + OpenCV (benchmarks/peers/).
// Prints a table and writes JSON to benchmarks/results/. Usage:
//   node --import tsx benchmarks/inference/detect-throughput.ts [--video V] [--model NAME] [--fps 5] [--runs 5]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Detector } from '../../inference/index.js';
import { FfmpegFrameSource } from '../../ingest/index.js';
import { resolveModel } from '../../models/index.js';
import { acquireRunner, toOrtSessionOptions } from '../../inference/runtime/index.js';
import { DetectionPipeline } from '../../worker/index.js';
import { machineInfo, median } from '../machine-info.js';

const root = resolve(import.meta.dirname, '..', '..');
const { values } = parseArgs({ options: {
  video: { type: 'string', default: resolve(root, '..', 'shared', 'fixtures', 'videos', 'intersection.mp4') },
  model: { type: 'string', default: 'yolov8n-int8' },
  fps: { type: 'string', default: '5' },
  runs: { type: 'string', default: '5' },
  'raw-iterations': { type: 'string', default: '60' },
  python: { type: 'string', default: join(root, 'benchmarks', 'peers', '.venv', 'bin', 'python') },
} });
const fps = Number(values.fps), runs = Number(values.runs);

/** Input tensors preprocessed beforehand from real frames of the clip. */
async function premadeTensors(): Promise<{ tensors: Float32Array[]; w: number; h: number }> {
  const detector = await Detector.create({ model: values.model, runner: 'in-thread' });
  const frames = [];
  for await (const f of new FfmpegFrameSource({ url: values.video, fps })) { frames.push(f); if (frames.length >= 20) break; }
  const tensors = frames.map((f) => detector.prepare([f]).tensor);
  const { inputWidth: w, inputHeight: h } = detector.info;
  await detector.close();
  return { tensors, w, h };
}

/**
 * (a) Raw inference: runs on pre-made tensors, nothing else, with `sessions` runs in flight, in
 * the same runner configuration as the pipeline (worker-thread sessions), so b/a is the cost of
 * everything around the model.
 */
async function rawInference(sessions: number, threads: number, mode: 'worker' | 'in-thread'): Promise<{ sessions: number; threads: number; mode: string; fps: number; msPerInference: number }> {
  const { tensors, w, h } = await premadeTensors();
  const resolved = await resolveModel(values.model);
  const lease = await acquireRunner(resolved.path, toOrtSessionOptions({ intraOpThreads: threads }, threads), mode, sessions);
  const runner = lease.runner;
  const name = runner.io.inputs[0].name;
  // Transferring to a worker detaches the buffer, so each run gets a fresh copy (made outside the timing).
  const feed = (i: number) => ({ [name]: { dims: [1, 3, h, w], data: tensors[i % tensors.length].slice() } });
  for (let i = 0; i < 4 * sessions; i++) await runner.run(feed(i));
  const iterations = Number(values['raw-iterations']);
  const feeds = Array.from({ length: iterations }, (_, i) => feed(i));
  const inFlight: Promise<unknown>[] = [];
  const t0 = performance.now();
  for (const f of feeds) {
    inFlight.push(runner.run(f));
    if (inFlight.length > sessions) await inFlight.shift();
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - t0) / 1000;
  await lease.release();
  return { sessions, threads, mode, fps: iterations / seconds, msPerInference: (seconds * 1000 * sessions) / iterations };
}

/** (b) The analyze pipeline, exactly as `sharpeye analyze` wires it; model load excluded. */
async function sharpeyeRun(detector: Detector) {
  const source = new FfmpegFrameSource({ url: values.video, fps });
  const pipeline = new DetectionPipeline(source, detector);
  let detections = 0;
  for await (const r of pipeline.run()) detections += r.detections.length;
  const s = pipeline.stats;
  const seconds = (s.endedAtMs - s.startedAtMs) / 1000;
  return { frames: s.frames, seconds, fps: s.frames / seconds, detections, decodeWaitMs: s.decodeWaitMs / s.frames, preprocessMs: s.preprocessMs / s.frames, inferenceMs: s.inferenceMs / s.frames };
}

/** (c) The Python peer, one process per run; it reports its own loop time (model load excluded). */
function pythonRun(modelPath: string) {
  const r = spawnSync(values.python, [join(root, 'benchmarks', 'peers', 'python_analyze.py'), '--video', values.video, '--model', modelPath, '--fps', String(fps), '--json'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python peer failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as { frames: number; wallSeconds: number; fps: number; stages: Record<string, { medianMs: number; meanMs: number }> };
}

const machine = machineInfo();
console.error(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, node ${machine.node}, onnxruntime-node ${machine.onnxruntime}`);
const cores = availableParallelism();
// The pipeline's configuration (one single-threaded session per core) and, for reference, the
// classic single session using every core on the calling thread.
const raw = await rawInference(cores, 1, 'worker');
const rawSingle = await rawInference(1, cores, 'in-thread');
console.error(`(a) raw inference, ${cores} sessions x 1 thread: ${raw.fps.toFixed(2)} inferences/s; 1 session x ${cores} threads: ${rawSingle.fps.toFixed(2)} inferences/s`);
const modelPath = (await resolveModel(values.model)).path;
const hasPython = existsSync(values.python);
if (!hasPython) console.error(`(c) skipped: ${values.python} not found; run benchmarks/peers/setup.sh`);
const detector = await Detector.create({ model: values.model, sessions: cores });
const ours: Awaited<ReturnType<typeof sharpeyeRun>>[] = [];
const peer: ReturnType<typeof pythonRun>[] = [];
for (let i = 0; i < runs; i++) {
  ours.push(await sharpeyeRun(detector));
  console.error(`run ${i + 1}/${runs}: sharpeye ${ours.at(-1)!.fps.toFixed(2)} fps (${ours.at(-1)!.frames} frames)`);
  if (hasPython) {
    peer.push(pythonRun(modelPath));
    console.error(`run ${i + 1}/${runs}: python   ${peer.at(-1)!.fps.toFixed(2)} fps (${peer.at(-1)!.frames} frames)`);
  }
}
await detector.close();

const b = median(ours.map((r) => r.fps));
const c = hasPython ? median(peer.map((r) => r.fps)) : NaN;
const result = {
  benchmark: 'detect-throughput', machine, video: values.video, model: values.model, fps, runs,
  raw, rawSingleSession: rawSingle, sharpeye: { medianFps: b, runs: ours }, python: hasPython ? { medianFps: c, runs: peer } : null,
  ratios: { bOverA: b / raw.fps, bOverASingle: b / rawSingle.fps, bOverC: b / c },
};
const table = [
  '| measurement | median throughput (frames/s) | per-frame stages (median of run means, ms) |',
  '| --- | ---: | --- |',
  `| (a) raw onnxruntime, ${cores} sessions x 1 thread (pipeline config) | ${raw.fps.toFixed(2)} | inference ${raw.msPerInference.toFixed(1)} per session |`,
  `| (a') raw onnxruntime, 1 session x ${cores} threads (reference) | ${rawSingle.fps.toFixed(2)} | inference ${rawSingle.msPerInference.toFixed(1)} |`,
  `| (b) sharpeye analyze pipeline | ${b.toFixed(2)} | decode wait ${median(ours.map((r) => r.decodeWaitMs)).toFixed(1)}, preprocess ${median(ours.map((r) => r.preprocessMs)).toFixed(1)}, inference+postprocess (queued) ${median(ours.map((r) => r.inferenceMs)).toFixed(1)} |`,
  hasPython ? `| (c) Python onnxruntime + OpenCV | ${c.toFixed(2)} | ${Object.entries(peer[0].stages).map(([k]) => `${k} ${median(peer.map((p) => p.stages[k].meanMs)).toFixed(1)}`).join(', ')} |` : '| (c) Python peer | skipped | |',
  '',
  `b/a = ${(b / raw.fps).toFixed(3)}   b/a' = ${(b / rawSingle.fps).toFixed(3)}   b/c = ${(b / c).toFixed(3)}`,
].join('\n');
console.log(table);
mkdirSync(join(root, 'benchmarks', 'results'), { recursive: true });
const file = join(root, 'benchmarks', 'results', `detect-throughput-${Date.now()}.json`);
writeFileSync(file, JSON.stringify(result, null, 2));
console.error(`wrote ${file}`);
