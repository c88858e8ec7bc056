// Embedding throughput on real object crops: crops/s for each fixture embedding model at several
// batch sizes (median of runs), plus the cost of crop preprocessing alone. Crops are the yolov8n
// detections (score >= 0.3) of a few frames of a fixture clip. Prints a table and writes JSON to
// benchmarks/results/. Usage:
//   node --import tsx benchmarks/inference/embed-throughput.ts [--models a,b] [--batches 1,8,16] [--crops 64] [--runs 7] [--sessions 1]
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Detector, Embedder, preprocessCropInto, type EmbedCrop } from '../../inference/index.js';
import { FfmpegFrameSource } from '../../ingest/index.js';
import { machineInfo, median } from '../machine-info.js';

const root = resolve(import.meta.dirname, '..', '..');
const { values } = parseArgs({ options: {
  video: { type: 'string', default: resolve(root, '..', 'shared', 'fixtures', 'videos', 'highway.mp4') },
  models: { type: 'string', default: 'osnet-x0.25-msmt17,mobilenetv2-int8' },
  batches: { type: 'string', default: '1,8,16' },
  crops: { type: 'string', default: '64' },
  runs: { type: 'string', default: '7' },
  sessions: { type: 'string', default: '1' },
  threads: { type: 'string' },
} });
const models = values.models.split(',');
const batches = values.batches.split(',').map(Number);
const cropCount = Number(values.crops), runs = Number(values.runs), sessions = Number(values.sessions);
const threads = values.threads === undefined ? Math.max(1, Math.floor(availableParallelism() / sessions)) : Number(values.threads);

/** Detections of the first frames of the clip, cycled up to `cropCount` crops. */
async function realCrops(): Promise<EmbedCrop[]> {
  const detector = await Detector.create({ model: 'yolov8n-int8', runner: 'in-thread', confidence: 0.3 });
  const crops: EmbedCrop[] = [];
  const source = new FfmpegFrameSource({ url: values.video, fps: 2 });
  try {
    for await (const frame of source) {
      for (const d of await detector.detect(frame)) crops.push({ image: frame, box: d.box });
      if (crops.length >= cropCount) break;
    }
  } finally {
    await source.close();
    await detector.close();
  }
  if (crops.length === 0) throw new Error(`no detections in ${values.video}`);
  return Array.from({ length: cropCount }, (_, i) => crops[i % crops.length]);
}

/** Median crops/s of `runs` calls of embed() on all crops, after one warm-up call. */
async function throughput(model: string, maxBatch: number, crops: EmbedCrop[]) {
  const embedder = await Embedder.create({ model, maxBatch, sessions, intraOpThreads: threads });
  try {
    await embedder.embed(crops);
    const rates: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await embedder.embed(crops);
      rates.push(crops.length / ((performance.now() - t0) / 1000));
    }
    return { model, maxBatch, dimension: embedder.dimension, medianCropsPerSecond: median(rates), rates };
  } finally {
    await embedder.close();
  }
}

/** Preprocessing alone (crop + resize + normalise into the tensor), ms per crop, on this thread. */
async function preprocessMs(model: string, crops: EmbedCrop[]): Promise<number> {
  const embedder = await Embedder.create({ model, runner: 'in-thread' });
  const { inputWidth: w, inputHeight: h, preprocess } = embedder.info;
  await embedder.close();
  const out = new Float32Array(3 * w * h);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    for (const c of crops) preprocessCropInto(c.image, c.box, preprocess, w, h, out);
    times.push((performance.now() - t0) / crops.length);
  }
  return median(times);
}

const machine = machineInfo();
console.error(`machine: ${machine.cpu}, ${machine.cores} cores, node ${machine.node}, onnxruntime-node ${machine.onnxruntime}; ${sessions} session(s) x ${threads} thread(s)`);
const crops = await realCrops();
const results: Array<Awaited<ReturnType<typeof throughput>> & { preprocessMsPerCrop: number }> = [];
for (const model of models) {
  const prep = await preprocessMs(model, crops);
  for (const b of batches) {
    const r = await throughput(model, b, crops);
    results.push({ ...r, preprocessMsPerCrop: prep });
    console.error(`${model} batch ${b}: ${r.medianCropsPerSecond.toFixed(1)} crops/s`);
  }
}

const base = (model: string) => results.find((r) => r.model === model && r.maxBatch === batches[0])!.medianCropsPerSecond;
const table = [
  `| model | dim | max batch | median crops/s | vs batch ${batches[0]} | preprocess ms/crop |`,
  '| --- | ---: | ---: | ---: | ---: | ---: |',
  ...results.map((r) => `| ${r.model} | ${r.dimension} | ${r.maxBatch} | ${r.medianCropsPerSecond.toFixed(1)} | ${(r.medianCropsPerSecond / base(r.model)).toFixed(2)}x | ${r.preprocessMsPerCrop.toFixed(3)} |`),
].join('\n');
console.log(table);
const result = { benchmark: 'embed-throughput', machine, video: values.video, crops: cropCount, runs, sessions, threads, results };
mkdirSync(join(root, 'benchmarks', 'results'), { recursive: true });
const file = join(root, 'benchmarks', 'results', `embed-throughput-${Date.now()}.json`);
writeFileSync(file, JSON.stringify(result, null, 2));
console.error(`wrote ${file}`);
