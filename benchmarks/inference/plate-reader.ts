// Plate reading cost per stage on the fixture plate images: the plate detector at 320 and 640
// (on the whole picture and on the vehicle's box), rectification, the Chinese recogniser, the Latin
// OCR, and a whole OnnxPlateReader.read inside the vehicle box (what a track's best frame costs).
// Vehicle boxes are yolov8n's largest car/truck/bus. Medians over --runs per image, then the median
// over images. Prints a table and writes JSON to benchmarks/results/. Usage:
//   node --import tsx benchmarks/inference/plate-reader.ts [--runs 15] [--threads N]
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Box, RgbImage } from '../../core/index.js';
import { cropImage, Detector, LatinPlateOcr, OnnxPlateReader, PlateDetector, PlateRecogniser, quadCropSize, rectifyQuad } from '../../inference/index.js';
import { readImageFile } from '../../ingest/index.js';
import { machineInfo, median } from '../machine-info.js';

const root = resolve(import.meta.dirname, '..', '..');
const { values } = parseArgs({ options: {
  images: { type: 'string', default: resolve(root, '..', 'shared', 'fixtures', 'images', 'plates') },
  runs: { type: 'string', default: '15' },
  threads: { type: 'string' },
} });
const runs = Number(values.runs);
const threads = values.threads === undefined ? availableParallelism() : Number(values.threads);
const session = { runner: 'in-thread' as const, intraOpThreads: threads };

/** Median ms of `runs` calls of `fn` after one warm-up call. */
async function timeMs(fn: () => Promise<unknown> | unknown): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

interface Sample { name: string; picture: RgbImage; vehicle: Box; vehicleCrop: RgbImage }

async function samples(): Promise<Sample[]> {
  const detector = await Detector.create({ model: 'yolov8n-int8', runner: 'in-thread', classes: ['car', 'truck', 'bus'] });
  const out: Sample[] = [];
  for (const name of readdirSync(values.images).filter((f) => f.endsWith('.jpg')).sort()) {
    const picture = await readImageFile(join(values.images, name));
    const area = (b: Box) => (b[2] - b[0]) * (b[3] - b[1]);
    const [best] = (await detector.detect(picture)).sort((a, b) => area(b.box) - area(a.box));
    const vehicle: Box = best ? best.box : [0, 0, picture.width, picture.height];
    const [x, y] = [Math.floor(vehicle[0]), Math.floor(vehicle[1])];
    const vehicleCrop = cropImage(picture, [x, y, Math.ceil(vehicle[2]) - x, Math.ceil(vehicle[3]) - y]);
    out.push({ name, picture, vehicle, vehicleCrop });
  }
  await detector.close();
  return out;
}

const machine = machineInfo();
console.error(`machine: ${machine.cpu}, ${machine.cores} cores, node ${machine.node}, onnxruntime-node ${machine.onnxruntime}; ${threads} intra-op thread(s), in-thread sessions`);
const list = await samples();
const stages: Record<string, number[]> = {};
const add = (stage: string, ms: number) => (stages[stage] ??= []).push(ms);

const det320 = await PlateDetector.create({ ...session, size: 320 });
const det640 = await PlateDetector.create({ ...session, size: 640 });
const recogniser = await PlateRecogniser.create(session);
const ocr = await LatinPlateOcr.create(session);
const reader320 = await OnnxPlateReader.create({ ...session, detectorSize: 320 });
const reader640 = await OnnxPlateReader.create({ ...session, detectorSize: 640 });
for (const s of list) {
  add('detector 320, whole picture', await timeMs(() => det320.detect(s.picture)));
  add('detector 320, vehicle box', await timeMs(() => det320.detect(s.vehicleCrop)));
  add('detector 640, whole picture', await timeMs(() => det640.detect(s.picture)));
  add('detector 640, vehicle box', await timeMs(() => det640.detect(s.vehicleCrop)));
  const [plate] = await det320.detect(s.picture);
  if (plate) {
    const size = quadCropSize(plate.corners);
    add('rectify (4 corners -> crop)', await timeMs(() => rectifyQuad(s.picture, plate.corners, size.width, size.height)));
    const crop = rectifyQuad(s.picture, plate.corners, size.width, size.height)!;
    add('recogniser plate_rec_color', await timeMs(() => recogniser.recognise(crop, plate.layers)));
    add('Latin OCR cct_xs_v1_global', await timeMs(() => ocr.read(crop)));
  }
  add('read() in vehicle box, detector 320', await timeMs(() => reader320.read(s.picture, s.vehicle)));
  add('read() in vehicle box, detector 640', await timeMs(() => reader640.read(s.picture, s.vehicle)));
  console.error(`${s.name}: vehicle [${s.vehicle.map(Math.round).join(', ')}], plates ${(await reader320.read(s.picture, s.vehicle)).map((r) => r.text).join(', ') || 'none'}`);
}
await Promise.all([det320.close(), det640.close(), recogniser.close(), ocr.close(), reader320.close(), reader640.close()]);

const rows = Object.entries(stages).map(([stage, ms]) => ({ stage, images: ms.length, medianMs: median(ms), minMs: Math.min(...ms), maxMs: Math.max(...ms) }));
console.log([
  '| stage | images | median ms | min–max of per-image medians |',
  '| --- | ---: | ---: | --- |',
  ...rows.map((r) => `| ${r.stage} | ${r.images} | ${r.medianMs.toFixed(1)} | ${r.minMs.toFixed(1)}–${r.maxMs.toFixed(1)} |`),
].join('\n'));
mkdirSync(join(root, 'benchmarks', 'results'), { recursive: true });
const file = join(root, 'benchmarks', 'results', `plate-reader-${Date.now()}.json`);
writeFileSync(file, JSON.stringify({ benchmark: 'plate-reader', machine, runs, threads, images: list.map((s) => ({ name: s.name, vehicle: s.vehicle })), results: rows }, null, 2));
console.error(`wrote ${file}`);
