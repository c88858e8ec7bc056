// The building blocks of MotionDetector: box-averaged grayscale downscaling, the box blur and
// ignore-region rasterisation, checked against values worked out by hand.
import t from 'tap';
import { boxBlur, downscaleLayout, downscaleToGray } from '../../../ingest/motion/gray-downscale.js';
import { rasterizeRegions } from '../../../ingest/motion/region-mask.js';

const gray = (rgb: number[], width: number, height: number, analysisWidth: number) => {
  const layout = downscaleLayout(width, height, analysisWidth);
  const out = new Float32Array(layout.width * layout.height);
  downscaleToGray(Uint8Array.from(rgb), layout, out, new Uint32Array(layout.width));
  return { layout, values: [...out].map((v) => Math.round(v * 100) / 100) };
};

t.test('each cell is the mean luma of the source pixels it covers', async (t) => {
  // 4x2 -> 2x1: left cell = 2 white + 2 black pixels, right cell = 4 pure red pixels.
  const W = [255, 255, 255], K = [0, 0, 0], R = [255, 0, 0];
  const { layout, values } = gray([...W, ...K, ...R, ...R, ...K, ...W, ...R, ...R], 4, 2, 2);
  t.same([layout.width, layout.height], [2, 1]);
  t.same(values, [127.5, Math.round(((77 * 255) / 256) * 100) / 100]);
});

t.test('uneven cells: every source pixel lands in exactly one cell', async (t) => {
  const layout = downscaleLayout(1001, 333, 160);
  t.same([layout.width, layout.height], [160, 53]);
  t.equal(layout.xStart[0], 0);
  t.equal(layout.xStart[160], 1001);
  t.equal(layout.yStart[53], 333);
  t.ok(layout.cellOfX.every((c, x) => x >= layout.xStart[c] && x < layout.xStart[c + 1]));
  const { values } = gray(new Array(1001 * 333 * 3).fill(200), 1001, 333, 160);
  t.ok(values.every((v) => v === 200), 'a flat picture stays flat');
});

t.test('box blur spreads a spike evenly and keeps the total', async (t) => {
  const img = new Float32Array(25);
  img[12] = 90;
  boxBlur(img, 5, 5, 1, new Float32Array(25));
  t.same([...img].map((v) => Math.round(v)), [0, 0, 0, 0, 0, 0, 10, 10, 10, 0, 0, 10, 10, 10, 0, 0, 10, 10, 10, 0, 0, 0, 0, 0, 0]);
});

t.test('polygons are rasterised by cell centre, and grown on request', async (t) => {
  const square = rasterizeRegions([[[0.25, 0.25], [0.75, 0.25], [0.75, 0.75], [0.25, 0.75]]], 4, 4);
  t.same([...square], [0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0]);
  const grown = rasterizeRegions([[[0.45, 0.45], [0.55, 0.45], [0.55, 0.55], [0.45, 0.55]]], 5, 5, 1);
  t.same([...grown], [0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
  t.same([...rasterizeRegions([], 3, 3)], new Array(9).fill(0));
});
