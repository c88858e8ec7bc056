// The homography solve and the perspective rectification on synthetic data: exact point
// correspondences, random (seeded) warps undone by rectification, an axis-aligned quad that must
// equal a plain crop, degenerate quads, and the double-layer split-and-merge layout.
import t from 'tap';
import type { RgbImage } from '../../../core/index.js';
import { applyHomography, quadCropSize, rectifyQuad, resizeRgb, solveHomography, splitMergeDoubleLayer, type Quad } from '../../../inference/index.js';
import { seededRandom } from '../../helpers/seeded-random.js';

const UNIT: Quad = [[0, 0], [1, 0], [1, 1], [0, 1]];

/** A smooth synthetic "plate": R and G ramps across and down, B a coarse checkerboard. */
function pattern(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      data[o] = Math.round((255 * x) / (width - 1));
      data[o + 1] = Math.round((255 * y) / (height - 1));
      data[o + 2] = ((Math.floor(x / 16) + Math.floor(y / 16)) % 2) * 200;
    }
  }
  return { width, height, data };
}

/** The source image a camera would see: `plate` warped so its corners land on `q`, grey elsewhere. */
function warpInto(plate: RgbImage, q: Quad, width: number, height: number): RgbImage {
  const rect: Quad = [[0, 0], [plate.width - 1, 0], [plate.width - 1, plate.height - 1], [0, plate.height - 1]];
  const toPlate = solveHomography(q, rect)!;
  const data = new Uint8Array(width * height * 3).fill(128);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [u, v] = applyHomography(toPlate, x, y);
      if (u < -0.5 || v < -0.5 || u > plate.width - 0.5 || v > plate.height - 0.5) continue;
      const pu = Math.min(plate.width - 1, Math.max(0, Math.round(u))), pv = Math.min(plate.height - 1, Math.max(0, Math.round(v)));
      for (let c = 0; c < 3; c++) data[(y * width + x) * 3 + c] = plate.data[(pv * plate.width + pu) * 3 + c];
    }
  }
  return { width, height, data };
}

t.test('the solved homography maps each corner onto its partner', async (t) => {
  const random = seededRandom(11);
  for (let k = 0; k < 50; k++) {
    const from: Quad = [[random() * 50, random() * 50], [100 + random() * 50, random() * 50], [100 + random() * 50, 100 + random() * 50], [random() * 50, 100 + random() * 50]];
    const to: Quad = [[200 + random() * 80, 100 + random() * 30], [420 + random() * 80, 90 + random() * 30], [430 + random() * 60, 200 + random() * 30], [210 + random() * 60, 210 + random() * 30]];
    const h = solveHomography(from, to);
    t.ok(h, `warp ${k} solved`);
    for (let i = 0; i < 4; i++) {
      const [x, y] = applyHomography(h!, from[i][0], from[i][1]);
      if (Math.abs(x - to[i][0]) > 1e-6 || Math.abs(y - to[i][1]) > 1e-6) t.fail(`warp ${k} corner ${i}: (${x}, ${y}) != (${to[i]})`);
    }
  }
  const affine = solveHomography(UNIT, [[10, 20], [30, 20], [30, 60], [10, 60]])!;
  t.same(Array.from(affine).map((v) => Math.round(v * 1e9) / 1e9), [20, 0, 10, 0, 40, 20, 0, 0, 1], 'a scale and shift has no projective part');
});

t.test('degenerate quads have no homography and no crop', async (t) => {
  const line: Quad = [[0, 0], [10, 0], [20, 0], [30, 0]];
  t.equal(solveHomography(UNIT, line), null, 'four points on a line');
  t.equal(solveHomography(UNIT, [[5, 5], [5, 5], [5, 5], [5, 5]]), null, 'one repeated point');
  t.equal(rectifyQuad(pattern(40, 20), line, 20, 10), null);
});

t.test('an axis-aligned quad on pixel centres rectifies to exactly that crop', async (t) => {
  const image = pattern(64, 48);
  const crop = rectifyQuad(image, [[10, 5], [41, 5], [41, 20], [10, 20]], 32, 16)!;
  const expected = new Uint8Array(32 * 16 * 3);
  for (let y = 0; y < 16; y++) expected.set(image.data.subarray(((5 + y) * 64 + 10) * 3, ((5 + y) * 64 + 42) * 3), y * 32 * 3);
  t.same([crop.width, crop.height], [32, 16]);
  t.ok(Buffer.from(crop.data).equals(Buffer.from(expected)), 'pixel for pixel');
});

t.test('rectification undoes a perspective warp (seeded random plates in the frame)', async (t) => {
  const plate = pattern(160, 48);
  const random = seededRandom(7);
  for (let k = 0; k < 8; k++) {
    const j = () => (random() - 0.5) * 24;
    const q: Quad = [[60 + j(), 40 + j()], [300 + j(), 55 + j()], [290 + j(), 140 + j()], [70 + j(), 120 + j()]];
    const frame = warpInto(plate, q, 360, 200);
    const back = rectifyQuad(frame, q, plate.width, plate.height)!;
    let err = 0;
    for (let i = 0; i < back.data.length; i++) err += Math.abs(back.data[i] - plate.data[i]);
    const mae = err / back.data.length;
    // Nearest-neighbour warping then bilinear sampling blurs the checkerboard edges; a wrong
    // corner order or an inverted mapping gives errors of 60 and more.
    t.ok(mae < 12, `warp ${k}: mean absolute error ${mae.toFixed(2)} per channel`);
  }
});

t.test('crop size follows the longer edges', async (t) => {
  t.same(quadCropSize([[0, 0], [100, 10], [100, 40], [0, 30]]), { width: 100, height: 30 });
  t.same(quadCropSize([[0, 0], [1, 0], [1, 1], [0, 1]]), { width: 2, height: 2 }, 'at least 2x2');
  t.same(quadCropSize([[0, 0], [5000, 0], [5000, 10], [0, 10]]), { width: 1024, height: 10 }, 'capped');
});

t.test('resize keeps a constant image constant and hits the requested size', async (t) => {
  const flat: RgbImage = { width: 7, height: 5, data: new Uint8Array(7 * 5 * 3).fill(77) };
  const r = resizeRgb(flat, 16, 9);
  t.same([r.width, r.height], [16, 9]);
  t.ok(r.data.every((v) => v === 77));
});

t.test('double-layer split-and-merge: top 5/12 beside the part from 1/3 down', async (t) => {
  // Rows 0..11 of a 12-row crop: top band red (rows 0-4), bottom band blue (rows 4-11).
  const w = 20, h = 12;
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[(y * w + x) * 3 + (y < 4 ? 0 : 2)] = 255;
  const merged = splitMergeDoubleLayer({ width: w, height: h, data });
  t.same([merged.width, merged.height], [2 * w, h - 4], 'two strips of the lower part\'s size side by side');
  const px = (x: number, y: number) => Array.from(merged.data.subarray((y * merged.width + x) * 3, (y * merged.width + x) * 3 + 3));
  t.same(px(5, 0), [255, 0, 0], 'left strip starts with the top row');
  t.same(px(w + 5, 0), [0, 0, 255], 'right strip is the lower part');
  t.same(px(w + 5, h - 5), [0, 0, 255]);
});
