// Detection options for small and distant objects (issue 9 c): slice geometry, crops, the merge of
// sliced detections (IoU and IoS), sliced inference on a real fixture frame finding at least as many
// small vehicles as one full-frame pass, and `inputSize` refused on models with a fixed input.
import t from 'tap';
import type { Box, Detection, RgbImage } from '../../core/index.js';
import { boxOverlap, cropImage, Detector, mergeTiledDetections, resolveTilingOptions, tileGrid } from '../../inference/index.js';
import { FfmpegFrameSource } from '../../ingest/index.js';
import { MODEL_DIR, video } from '../helpers/fixtures.js';

t.test('tiles cover the frame with the asked overlap, the last one flush with the edge, then the full frame', async (t) => {
  const o = resolveTilingOptions({ tileSize: 640, overlap: 0.2 });
  const tiles = tileGrid(1280, 720, o);
  t.same(tiles, [[0, 0, 640, 640], [512, 0, 640, 640], [640, 0, 640, 640], [0, 80, 640, 640], [512, 80, 640, 640], [640, 80, 640, 640], [0, 0, 1280, 720]]);
  // Every pixel is in some slice, and neighbours overlap by at least 20 %.
  for (const [w, h, size, overlap] of [[1920, 1080, 512, 0.25], [1000, 333, 320, 0.1], [641, 641, 640, 0]] as const) {
    const g = tileGrid(w, h, resolveTilingOptions({ tileSize: size, overlap, includeFullFrame: false }));
    const covered = new Uint8Array(w * h);
    for (const [x, y, tw, th] of g) {
      t.ok(x >= 0 && y >= 0 && x + tw <= w && y + th <= h, `slice [${x},${y},${tw},${th}] inside ${w}x${h}`);
      for (let yy = y; yy < y + th; yy++) covered.fill(1, yy * w + x, yy * w + x + tw);
    }
    t.ok(covered.every((c) => c === 1), `${w}x${h} in ${size} px slices: every pixel covered`);
    const xs = [...new Set(g.map((s) => s[0]))].sort((a, b) => a - b);
    for (let i = 1; i < xs.length; i++) t.ok(xs[i - 1] + size - xs[i] >= Math.floor(size * overlap), `columns ${xs[i - 1]} and ${xs[i]} overlap`);
  }
  t.same(tileGrid(400, 300, o), [[0, 0, 400, 300]], 'a frame smaller than a slice is just the full frame');
  t.same(tileGrid(1280, 300, o).slice(0, 3), [[0, 0, 640, 300], [512, 0, 640, 300], [640, 0, 640, 300]], 'slices are cut to a short frame');
  t.throws(() => resolveTilingOptions({ tileSize: 10 }), { code: 'E_CONFIG_INVALID', message: /tileSize/ });
  t.throws(() => resolveTilingOptions({ overlap: 1 }), { code: 'E_CONFIG_INVALID', message: /overlap/ });
  t.throws(() => resolveTilingOptions({ matchMetric: 'dice' as 'iou' }), { code: 'E_CONFIG_INVALID', message: /matchMetric/ });
});

t.test('cropImage copies the right pixels', async (t) => {
  const img: RgbImage = { width: 4, height: 3, data: Uint8Array.from({ length: 36 }, (_, i) => i) };
  const c = cropImage(img, [1, 1, 2, 2]);
  t.same([c.width, c.height, [...c.data]], [2, 2, [15, 16, 17, 18, 19, 20, 27, 28, 29, 30, 31, 32]]);
  t.equal(cropImage(img, [0, 0, 4, 3]), img, 'the full frame is not copied');
});

const d = (classId: number, score: number, box: Box): Detection => ({ label: classId === 2 ? 'car' : 'person', classId, score, box });

t.test('merge: boxes moved to frame pixels, duplicates across slices removed per class, IoS joins a cut part with the whole', async (t) => {
  const tiles = [[0, 0, 640, 640], [512, 0, 640, 640], [0, 0, 1280, 720]] as const;
  // One car seen whole in slice 0 and slice 1, and once more in the full frame; a person at the
  // same place is another class and stays.
  const found = [[d(2, 0.8, [540, 100, 600, 140]), d(0, 0.7, [540, 100, 600, 140])], [d(2, 0.85, [29, 101, 89, 141])], [d(2, 0.6, [541, 99, 601, 139])]];
  const merged = mergeTiledDetections(tiles, found, 'iou', 0.5);
  // Greedy merging (SAHI's GREEDYNMM): the best score, and the union of the matched boxes.
  t.same(merged.map((x) => [x.label, x.score, x.box]), [['car', 0.85, [540, 99, 601, 141]], ['person', 0.7, [540, 100, 600, 140]]]);
  // A bus cut by the slice edge (its left part in slice 0) and whole in the full frame.
  const cut = [[d(2, 0.9, [500, 200, 640, 300])], [], [d(2, 0.7, [500, 200, 900, 300])]];
  t.equal(mergeTiledDetections(tiles, cut, 'iou', 0.5).length, 2, 'IoU keeps the part and the whole (IoU 0.35)');
  t.same(mergeTiledDetections(tiles, cut, 'ios', 0.5).map((x) => [x.score, x.box]), [[0.9, [500, 200, 900, 300]]], 'IoS joins them into the whole box (the better-scored part lies inside it)');
  // A car cut in two by a slice edge, both halves scoring above the full-frame box: one whole car.
  const halves = [[d(2, 0.9, [560, 200, 640, 300])], [d(2, 0.8, [128, 205, 200, 295])], [d(2, 0.6, [562, 198, 708, 302])]];
  t.same(mergeTiledDetections(tiles, halves, 'ios', 0.5).map((x) => x.box), [[560, 198, 712, 302]], 'both halves and the whole come out as one car');
  t.equal(boxOverlap([0, 0, 10, 10], [0, 0, 10, 40], 'ios'), 1);
  t.equal(boxOverlap([0, 0, 10, 10], [20, 20, 30, 30], 'iou'), 0);
});

/** The first `n` frames of a clip sampled at 1 fps (real source frames, so the check is not about one picture). */
async function framesOf(clip: string, n: number): Promise<RgbImage[]> {
  const src = new FfmpegFrameSource({ url: video(clip), fps: 1 });
  const frames: RgbImage[] = [];
  try {
    for await (const f of src) if (frames.push(f) >= n) break;
  } finally { await src.close(); }
  return frames;
}

t.test('sliced inference on real frames finds at least as many small vehicles as one full-frame pass', async (t) => {
  const frames = await framesOf('highway.mp4', 4); // 1280x720, cars down to the horizon
  const plain = await Detector.create({ model: 'yolov8n-int8', modelDir: MODEL_DIR, runner: 'in-thread' });
  t.teardown(() => plain.close());
  const tiled = await Detector.create({ model: 'yolov8n-int8', modelDir: MODEL_DIR, runner: 'in-thread', tiling: { tileSize: 640, overlap: 0.2 } });
  t.teardown(() => tiled.close());
  t.match(tiled.info.tiling, { tileWidth: 640, overlap: 0.2, includeFullFrame: true, matchMetric: 'ios' });
  t.equal(tiled.batchCapacity, 1);
  const vehicles = (ds: Detection[]) => ds.filter((x) => ['car', 'truck', 'bus'].includes(x.label) && x.score >= 0.25);
  const small = (ds: Detection[]) => vehicles(ds).filter((x) => (x.box[2] - x.box[0]) * (x.box[3] - x.box[1]) < 0.01 * 1280 * 720);
  const totals = { plain: 0, tiled: 0, plainSmall: 0, tiledSmall: 0 };
  for (const [k, frame] of frames.entries()) {
    const a = await plain.detect(frame), b = await tiled.detect(frame);
    t.comment(`frame ${k}: full frame ${vehicles(a).length} vehicles (${small(a).length} small); sliced ${vehicles(b).length} (${small(b).length} small)`);
    totals.plain += vehicles(a).length; totals.tiled += vehicles(b).length;
    totals.plainSmall += small(a).length; totals.tiledSmall += small(b).length;
    t.ok(b.every((x) => x.box[0] >= -1 && x.box[1] >= -1 && x.box[2] <= 1281 && x.box[3] <= 721), `frame ${k}: boxes in frame pixels`);
    // Each big car of the full-frame pass is still found once (no duplicate from the slices).
    for (const big of vehicles(a).filter((x) => (x.box[2] - x.box[0]) > 150)) {
      const same = vehicles(b).filter((x) => boxOverlap(x.box, big.box, 'ios') > 0.5 && x.classId === big.classId);
      t.equal(same.length, 1, `frame ${k}: car at [${big.box.map(Math.round)}] found once: ${JSON.stringify(same.map((x) => [x.label, +x.score.toFixed(2), x.box.map(Math.round)]))}`);
    }
  }
  t.ok(totals.tiledSmall >= totals.plainSmall, `at least as many small vehicles over ${frames.length} frames (${totals.tiledSmall} vs ${totals.plainSmall})`);
  t.ok(totals.tiled > totals.plain, `more vehicles in all (${totals.tiled} vs ${totals.plain}): slices give distant cars more model pixels`);
});

t.test('inputSize: refused with a clear message on a model with a fixed input', async (t) => {
  for (const model of ['yolov8n-int8', 'yolox-nano']) {
    await t.rejects(Detector.create({ model, modelDir: MODEL_DIR, runner: 'in-thread', inputSize: 960 }), { code: 'E_CONFIG_INVALID', message: /has a fixed \d+x\d+ input, so inputSize 960x960 cannot be used/ });
  }
  const fixed = await Detector.create({ model: 'yolov8n-int8', modelDir: MODEL_DIR, runner: 'in-thread' });
  t.equal(fixed.info.dynamicInput, false);
  await fixed.close();
});
