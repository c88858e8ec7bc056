// Real appearance embeddings for the vector-search benchmarks: objects detected in the fixture
// videos (yolov8n-int8, score >= 0.4, every few frames) and embedded with the default embedder
// (OSNet x0.25, 512-d, L2-normalised), people included. Consecutive sightings of one object are
// near-duplicates, as in a real store. Writes DIM-float32 rows to OUT.f32 and their labels to
// OUT.json. Usage:
//   node --import tsx benchmarks/indexer/real-embeddings.ts [--out /tmp/sharpeye-real-embeddings] [--fps 2] [--max-frames 150]
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Detector, EmbedderSet } from '../../inference/index.js';
import { FfmpegFrameSource } from '../../ingest/index.js';
import { MODEL_DIR, video } from '../../test/helpers/fixtures.js';

const { values } = parseArgs({ options: {
  out: { type: 'string', default: '/tmp/sharpeye-real-embeddings' },
  fps: { type: 'string', default: '2' },
  'max-frames': { type: 'string', default: '150' },
} });
const VIDEOS = ['highway.mp4', 'intersection.mp4', 'pedestrian_street.mp4', 'parking_lot_topdown.mp4', 'a12_tunnel_bidir.mp4'];
const CLASSES = ['car', 'person', 'truck', 'bus', 'bicycle', 'motorcycle'];

const keepAlive = setInterval(() => undefined, 1000);
const detector = await Detector.create({ model: 'yolov8n-int8', modelDir: MODEL_DIR, confidence: 0.4, classes: CLASSES, runner: 'in-thread' });
const embedders = await EmbedderSet.create({ classes: CLASSES }, { modelDir: MODEL_DIR });
const vectors: Float32Array[] = [];
const labels: string[] = [];
try {
  for (const name of VIDEOS) {
    let frames = 0;
    for await (const f of new FfmpegFrameSource({ url: video(name), fps: Number(values.fps) })) {
      const dets = (await detector.detect(f)).filter((d) => (d.box[2] - d.box[0]) * (d.box[3] - d.box[1]) >= 24 * 24);
      const vs = await embedders.embed(dets.map((d) => ({ label: d.label, image: f, box: d.box })));
      vs.forEach((v, i) => { if (v) { vectors.push(v); labels.push(dets[i]!.label); } });
      if (++frames >= Number(values['max-frames'])) break;
    }
    console.log(`${name}: ${vectors.length} vectors so far`);
  }
} finally {
  await detector.close?.();
  await embedders.close?.();
  clearInterval(keepAlive);
}
const dim = vectors[0]?.length ?? 0;
const all = new Float32Array(vectors.length * dim);
vectors.forEach((v, i) => all.set(v, i * dim));
writeFileSync(`${values.out}.f32`, Buffer.from(all.buffer));
writeFileSync(`${values.out}.json`, JSON.stringify({ dimension: dim, count: vectors.length, labels }));
console.log(`wrote ${vectors.length} x ${dim} to ${values.out}.f32`);
