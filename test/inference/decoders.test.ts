// Decoder unit tests on synthetic tensors, one per family, including the two families with no
// real fixture model (YOLOv5 rows and end-to-end NMS exports).
import t from 'tap';
import { Yolov8Decoder } from '../../inference/decoders/yolov8-decoder.js';
import { Yolov5Decoder, YoloxDecoder } from '../../inference/decoders/anchor-row-decoder.js';
import { NanodetDecoder } from '../../inference/decoders/nanodet-decoder.js';
import { End2endDecoder } from '../../inference/decoders/end2end-decoder.js';
import { matchingFamilies } from '../../inference/decoders/decoder-registry.js';

const ctx = { inputWidth: 64, inputHeight: 64, numClasses: 3, confidence: 0.25, strides: [8, 16, 32], regMax: 7, batchIndex: 0 };
const cells = 64 + 16 + 4;

t.test('yolov8 channel-major head', async (t) => {
  const n = 10, data = new Float32Array((4 + 3) * n);
  const set = (row: number, a: number, v: number) => { data[row * n + a] = v; };
  set(0, 2, 20); set(1, 2, 30); set(2, 2, 10); set(3, 2, 6); set(4 + 1, 2, 0.9); set(4 + 2, 2, 0.3);
  set(4 + 0, 5, 0.1); // below threshold
  const c = new Yolov8Decoder().decode({ out: { dims: [1, 7, n], data } }, ctx);
  t.same(c.boxes, [15, 27, 25, 33]);
  t.same(c.classIds, [1]);
  t.ok(Math.abs(c.scores[0] - 0.9) < 1e-6);
});

t.test('yolov5 rows: score = objectness x class', async (t) => {
  const n = 3 * cells, w = 8, data = new Float32Array(n * w);
  data.set([32, 32, 8, 4, 0.8, 0.1, 0.5, 0.2], 7 * w);
  data.set([10, 10, 4, 4, 0.2, 0.9, 0.9, 0.9], 9 * w); // obj too low
  const c = new Yolov5Decoder().decode({ out: { dims: [1, n, w], data } }, ctx);
  t.same(c.boxes, [28, 30, 36, 34]);
  t.same(c.classIds, [1]);
  t.ok(Math.abs(c.scores[0] - 0.4) < 1e-6);
});

t.test('yolox grid decode: stride-16 cell (2, 1)', async (t) => {
  const w = 8, data = new Float32Array(cells * w);
  const anchor = 64 + 1 * 4 + 2; // stride 8 has 8x8 cells first, then stride 16 row-major
  data.set([0.5, 0.25, Math.log(2), 0, 0.9, 0.2, 0.1, 0.95], anchor * w);
  const c = new YoloxDecoder().decode({ out: { dims: [1, cells, w], data } }, ctx);
  // cx = (0.5 + 2) * 16 = 40, cy = (0.25 + 1) * 16 = 20, w = 2 * 16 = 32, h = 16
  [24, 12, 56, 28].forEach((v, i) => t.ok(Math.abs(c.boxes[i] - v) < 1e-4, `coord ${i}: ${c.boxes[i]} ~ ${v}`));
  t.same(c.classIds, [2]);
  t.ok(Math.abs(c.scores[0] - 0.855) < 1e-6);
});

t.test('nanodet distribution boxes measured from the cell centre', async (t) => {
  const outputs: Record<string, { dims: number[]; data: Float32Array }> = {};
  for (const s of [8, 16, 32]) {
    const n = (64 / s) ** 2;
    outputs[`cls${s}`] = { dims: [1, n, 3], data: new Float32Array(n * 3) };
    outputs[`reg${s}`] = { dims: [1, n, 32], data: new Float32Array(n * 32).fill(-50) };
  }
  // Stride 8, cell (1, 0): centre (8 + 3.5, 3.5). Sides l,t,r,b put all mass on bins 1,0,2,1.
  outputs.cls8.data[1 * 3 + 0] = 0.7;
  [1, 0, 2, 1].forEach((bin, side) => { outputs.reg8.data[1 * 32 + side * 8 + bin] = 50; });
  const c = new NanodetDecoder().decode(outputs, ctx);
  t.equal(c.scores.length, 1);
  const expected = [11.5 - 8, 3.5 - 0, 11.5 + 16, 3.5 + 8];
  c.boxes.forEach((v, i) => t.ok(Math.abs(v - expected[i]) < 1e-3, `coord ${i}: ${v} ~ ${expected[i]}`));
});

t.test('end2end rows pass through above the threshold', async (t) => {
  const data = Float32Array.from([1, 2, 3, 4, 0.9, 2, 5, 6, 7, 8, 0.1, 0]);
  const c = new End2endDecoder().decode({ out: { dims: [1, 2, 6], data } }, ctx);
  t.same(c.boxes, [1, 2, 3, 4]);
  t.same(c.classIds, [2]);
});

t.test('family detection from output shapes', async (t) => {
  const shape = { inputWidth: 640, inputHeight: 640, numClasses: 80, strides: [8, 16, 32], regMax: 7 };
  t.same(matchingFamilies([{ name: 'o', dims: [1, 84, 8400] }], shape), ['yolov8']);
  t.same(matchingFamilies([{ name: 'o', dims: [1, 25200, 85] }], shape), ['yolov5']);
  t.same(matchingFamilies([{ name: 'o', dims: [1, 8400, 85] }], shape), ['yolox']);
  t.same(matchingFamilies([{ name: 'o', dims: [1, 300, 6] }], shape), ['end2end']);
  t.same(matchingFamilies([{ name: 'o', dims: ['batch', 512] }], shape), []);
  t.same(matchingFamilies([{ name: 'o', dims: [1, 84, 8400] }, { name: 'p', dims: [1, 1] }], shape), []);
});
