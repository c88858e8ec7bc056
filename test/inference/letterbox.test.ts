import t from 'tap';
import { boxToSource, preprocessInto } from '../../inference/preprocess/letterbox.js';
import type { PreprocessSpec } from '../../models/index.js';

const solid = (w: number, h: number, rgb: [number, number, number]) => {
  const data = new Uint8Array(w * h * 3);
  for (let i = 0; i < w * h; i++) data.set(rgb, i * 3);
  return { width: w, height: h, data };
};
const yolo: PreprocessSpec = { channelOrder: 'rgb', scale: 1 / 255, resize: 'letterbox', placement: 'top-left', padValue: 114 };

t.test('top-left letterbox keeps aspect, pads right/bottom with 114, scales to 0..1', async (t) => {
  const out = new Float32Array(3 * 8 * 8);
  const tr = preprocessInto(solid(16, 8, [255, 0, 51]), yolo, 8, 8, out);
  t.same([tr.scaleX, tr.scaleY, tr.padX, tr.padY], [0.5, 0.5, 0, 0]);
  t.equal(out[0], 1, 'R plane, image area');
  t.equal(out[64], 0, 'G plane, image area');
  t.ok(Math.abs(out[128] - 0.2) < 1e-6, 'B plane');
  t.ok(Math.abs(out[4 * 8] - 114 / 255) < 1e-6, 'row 4 is padding');
  t.same(boxToSource([0, 0, 8, 4], tr), [0, 0, 16, 8]);
});

t.test('centred placement splits the padding and maps boxes back', async (t) => {
  const out = new Float32Array(3 * 10 * 10);
  const tr = preprocessInto(solid(10, 4, [10, 20, 30]), { ...yolo, placement: 'center', padValue: 0 }, 10, 10, out);
  t.equal(tr.padY, 3);
  t.equal(out[0], 0, 'top row padded with 0');
  t.ok(Math.abs(out[3 * 10] - 10 / 255) < 1e-6, 'first image row');
  t.same(boxToSource([0, 3, 10, 7], tr), [0, 0, 10, 4]);
  t.same(boxToSource([-5, -5, 50, 50], tr), [0, 0, 10, 4], 'boxes are clipped to the image');
});

t.test('BGR order, mean and std follow the network channel order', async (t) => {
  const out = new Float32Array(3 * 4 * 4);
  preprocessInto(solid(4, 4, [200, 100, 50]), { channelOrder: 'bgr', scale: 1, mean: [50, 100, 200], std: [2, 4, 5], resize: 'stretch' }, 4, 4, out);
  t.equal(out[0], 0, 'plane 0 = blue: (50 - 50) / 2');
  t.equal(out[16], 0, 'plane 1 = green');
  t.equal(out[32], 0, 'plane 2 = red: (200 - 200) / 5');
});

t.test('bilinear resize of a gradient stays monotonic and in range', async (t) => {
  const img = { width: 100, height: 1, data: new Uint8Array(300) };
  for (let x = 0; x < 100; x++) img.data.set([x * 2, x * 2, x * 2], x * 3);
  const out = new Float32Array(3 * 50 * 50);
  preprocessInto(img, { channelOrder: 'rgb', scale: 1, resize: 'stretch' }, 50, 50, out);
  for (let x = 1; x < 50; x++) t.ok(out[x] >= out[x - 1], `x=${x} monotonic`);
  t.ok(out[0] >= 0 && out[49] <= 198);
});
