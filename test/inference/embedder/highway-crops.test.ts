// The fixtures MANIFEST's embedding check on real crops: cars detected by yolov8n-int8 in
// highway.mp4 at 1.0 s and 1.2 s. The same car (IoU > 0.5 between the frames: cars move little in
// 0.2 s) must be the nearest neighbour across frames, and same-object cosines must beat
// different-object ones (IoU < 0.1) on average. Ranking and means, no fixed threshold.
import t from 'tap';
import { cosineSimilarity, Detector, Embedder } from '../../../inference/index.js';
import { FfmpegFrameSource } from '../../../ingest/index.js';
import type { Detection, Frame } from '../../../core/index.js';
import { MODEL_DIR, video } from '../../helpers/fixtures.js';
import { iou } from '../../helpers/reference.js';

async function framesAt(clip: string, ptsMs: number[]): Promise<Frame[]> {
  const wanted = new Map<number, Frame>();
  const source = new FfmpegFrameSource({ url: video(clip), fps: 10 });
  try {
    for await (const f of source) {
      for (const p of ptsMs) if (Math.abs(f.ptsMs - p) < 50) wanted.set(p, f);
      if (f.ptsMs > Math.max(...ptsMs) + 100) break;
    }
  } finally {
    await source.close();
  }
  return ptsMs.map((p) => {
    const f = wanted.get(p);
    if (!f) throw new Error(`no frame of ${clip} at ${p} ms`);
    return f;
  });
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

let frames: Frame[];
let cars: [Detection[], Detection[]];

t.before(async () => {
  frames = await framesAt('highway.mp4', [1000, 1200]);
  const detector = await Detector.create({ model: 'yolov8n-int8', modelDir: MODEL_DIR, runner: 'in-thread', confidence: 0.5, classes: ['car'] });
  try {
    cars = [await detector.detect(frames[0]), await detector.detect(frames[1])];
  } finally {
    await detector.close();
  }
});

for (const model of ['osnet-x0.25-msmt17', 'mobilenetv2-int8']) {
  t.test(`${model}: the same car is the nearest neighbour across 0.2 s`, async (t) => {
    const [a, b] = cars;
    t.ok(a.length >= 4 && b.length >= 4, `cars in both frames (${a.length}, ${b.length})`);
    const embedder = await Embedder.create({ model, modelDir: MODEL_DIR });
    t.teardown(() => embedder.close());
    const va = await embedder.embed(a.map((d) => ({ image: frames[0], box: d.box })));
    const vb = await embedder.embed(b.map((d) => ({ image: frames[1], box: d.box })));

    const same: number[] = [], different: number[] = [];
    let pairs = 0, nearest = 0;
    a.forEach((da, i) => {
      const overlaps = b.map((db) => iou(da.box, db.box));
      const cos = vb.map((v) => cosineSimilarity(va[i], v));
      overlaps.forEach((o, j) => { if (o < 0.1) different.push(cos[j]); });
      const match = overlaps.indexOf(Math.max(...overlaps));
      if (overlaps[match] <= 0.5) return;
      pairs++;
      same.push(cos[match]);
      if (cos.indexOf(Math.max(...cos)) === match) nearest++;
    });
    t.ok(pairs >= 4, `${pairs} cars matched across the frames by IoU > 0.5`);
    t.ok(nearest >= pairs - 1, `nearest neighbour is the same car for ${nearest}/${pairs}`);
    t.ok(mean(same) > mean(different) + 0.05,
      `mean same-object cosine ${mean(same).toFixed(3)} (min ${Math.min(...same).toFixed(3)}) > different-object ${mean(different).toFixed(3)} (max ${Math.max(...different).toFixed(3)}, ${different.length} pairs)`);
  });
}
