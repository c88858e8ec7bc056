// Crop preprocessing against an independent, deliberately naive reference: crop by slicing into a
// new image, then sample every output pixel with its own bilinear lookup. No model involved.
import t from 'tap';
import { cropRegion, l2Normalized, cosineSimilarity, preprocessCropInto, type EmbedPreprocess } from '../../../inference/index.js';
import type { Box, RgbImage } from '../../../core/index.js';

const IMAGENET: EmbedPreprocess = { channelOrder: 'rgb', scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], resize: 'stretch' };

const solid = (w: number, h: number, rgb: [number, number, number]): RgbImage => {
  const data = new Uint8Array(w * h * 3);
  for (let i = 0; i < w * h; i++) data.set(rgb, i * 3);
  return { width: w, height: h, data };
};

/** Deterministic noise-like picture so every tap matters. */
function pattern(w: number, h: number): RgbImage {
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const i = (y * w + x) * 3;
    data[i] = (x * 37 + y * 11) % 256;
    data[i + 1] = (x * 5 + y * 53 + ((x * y) % 7)) % 256;
    data[i + 2] = (255 - x * 3 + y * 17) & 255;
  }
  return { width: w, height: h, data };
}

/** The reference: integer crop copied out, then per-pixel bilinear sampling (half-pixel centres). */
function reference(image: RgbImage, box: Box, spec: EmbedPreprocess, inW: number, inH: number): Float64Array {
  const x1 = Math.max(0, Math.floor(box[0])), y1 = Math.max(0, Math.floor(box[1]));
  const x2 = Math.min(image.width, Math.ceil(box[2])), y2 = Math.min(image.height, Math.ceil(box[3]));
  const cw = x2 - x1, ch = y2 - y1;
  const crop: number[][][] = [];
  for (let y = 0; y < ch; y++) {
    crop.push([]);
    for (let x = 0; x < cw; x++) {
      const i = ((y + y1) * image.width + (x + x1)) * 3;
      crop[y].push([image.data[i], image.data[i + 1], image.data[i + 2]]);
    }
  }
  const sample = (sx: number, sy: number, c: number) => {
    sx = Math.min(Math.max(sx, 0), cw - 1);
    sy = Math.min(Math.max(sy, 0), ch - 1);
    const xa = Math.floor(sx), ya = Math.floor(sy), xb = Math.min(xa + 1, cw - 1), yb = Math.min(ya + 1, ch - 1);
    const fx = sx - xa, fy = sy - ya;
    const top = crop[ya][xa][c] * (1 - fx) + crop[ya][xb][c] * fx;
    const bottom = crop[yb][xa][c] * (1 - fx) + crop[yb][xb][c] * fx;
    return top * (1 - fy) + bottom * fy;
  };
  const out = new Float64Array(3 * inW * inH);
  const mean = spec.mean ?? [0, 0, 0], std = spec.std ?? [1, 1, 1];
  // Geometry per mode: output rectangle [ox, ox+ow) x [oy, oy+oh), source = start + (o + 0.5) * step - 0.5.
  let ox = 0, oy = 0, ow = inW, oh = inH, stepX = cw / inW, stepY = ch / inH, startX = 0, startY = 0;
  if (spec.resize === 'letterbox') {
    const r = Math.min(inW / cw, inH / ch);
    ow = Math.round(cw * r); oh = Math.round(ch * r);
    if (spec.placement === 'center') { ox = Math.floor((inW - ow) / 2); oy = Math.floor((inH - oh) / 2); }
    stepX = cw / ow; stepY = ch / oh;
  } else if (spec.resize === 'center-crop') {
    const r = Math.max(inW / cw, inH / ch);
    stepX = stepY = 1 / r;
    startX = (cw - inW / r) / 2; startY = (ch - inH / r) / 2;
  }
  for (let k = 0; k < 3; k++) {
    const src = spec.channelOrder === 'bgr' ? 2 - k : k;
    for (let y = 0; y < inH; y++) for (let x = 0; x < inW; x++) {
      const inside = x >= ox && x < ox + ow && y >= oy && y < oy + oh;
      const v = inside ? sample(startX + (x - ox + 0.5) * stepX - 0.5, startY + (y - oy + 0.5) * stepY - 0.5, src) : (spec.padValue ?? 114);
      out[k * inW * inH + y * inW + x] = (v * spec.scale - mean[k]) / std[k];
    }
  }
  return out;
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

t.test('a constant image gives exactly the manifest normalisation per channel', async (t) => {
  const out = new Float32Array(3 * 128 * 256);
  preprocessCropInto(solid(300, 200, [200, 100, 50]), [10, 20, 150, 190], IMAGENET, 128, 256, out);
  const expected = [200, 100, 50].map((v, k) => (v / 255 - IMAGENET.mean![k]) / IMAGENET.std![k]);
  for (let k = 0; k < 3; k++) {
    const plane = out.subarray(k * 128 * 256, (k + 1) * 128 * 256);
    t.ok(maxDiff(plane, new Float32Array(plane.length).fill(expected[k])) < 1e-5, `channel ${k} = ${expected[k].toFixed(4)}`);
  }
});

t.test('stretch, letterbox and center-crop, RGB and BGR, match the naive reference', async (t) => {
  const image = pattern(97, 61);
  const cases: Array<[string, EmbedPreprocess, Box, number, number]> = [
    ['stretch down, osnet shape', IMAGENET, [12.4, 5.7, 80.2, 58.9], 16, 32],
    ['stretch up (small crop)', IMAGENET, [40, 30, 47, 34], 24, 24],
    ['stretch bgr raw', { channelOrder: 'bgr', scale: 1, resize: 'stretch' }, [0, 0, 97, 61], 20, 20],
    ['letterbox top-left', { ...IMAGENET, resize: 'letterbox', placement: 'top-left', padValue: 114 }, [3, 3, 90, 40], 32, 32],
    ['letterbox centred, pad 0', { ...IMAGENET, resize: 'letterbox', placement: 'center', padValue: 0 }, [3, 3, 30, 60], 32, 32],
    ['center-crop wide crop', { ...IMAGENET, resize: 'center-crop' }, [0, 10, 97, 50], 24, 24],
    ['center-crop tall crop', { ...IMAGENET, resize: 'center-crop' }, [30, 0, 50, 61], 16, 16],
  ];
  for (const [name, spec, box, w, h] of cases) {
    const out = new Float32Array(3 * w * h + 5).fill(NaN);
    preprocessCropInto(image, box, spec, w, h, out, 5);
    t.ok(Number.isNaN(out[4]), `${name}: nothing written before the offset`);
    t.ok(maxDiff(out.subarray(5), reference(image, box, spec, w, h)) < 1e-4, `${name}: matches the reference`);
  }
});

t.test('crop regions: partial pixels included, clipped to the frame, never empty', async (t) => {
  const image = solid(100, 50, [0, 0, 0]);
  t.same(cropRegion(image), { x: 0, y: 0, width: 100, height: 50 });
  t.same(cropRegion(image, [10.2, 5.5, 20.1, 9]), { x: 10, y: 5, width: 11, height: 4 });
  t.same(cropRegion(image, [-20, -5, 500, 80]), { x: 0, y: 0, width: 100, height: 50 });
  t.same(cropRegion(image, [30, 30, 30, 30]), { x: 30, y: 30, width: 1, height: 1 }, 'zero-size box');
  t.same(cropRegion(image, [120, 70, 130, 90]), { x: 99, y: 49, width: 1, height: 1 }, 'box outside the frame');
  t.throws(() => cropRegion(image, [0, 0, NaN, 5]), { code: 'E_INTERNAL' });
  t.throws(() => cropRegion({ width: 10, height: 10, data: new Uint8Array(10) }), { code: 'E_INTERNAL' });
});

t.test('L2 normalisation: unit length, zero stays zero and is flagged, NaN is flagged', async (t) => {
  const v = l2Normalized(new Float32Array([9, 3, 4, 0]), 1, 3);
  t.ok(maxDiff(v.vector, [0.6, 0.8, 0]) < 1e-7);
  t.equal(v.rawNorm, 5);
  t.equal(v.zero, false);
  const z = l2Normalized(new Float32Array(4), 0, 4);
  t.same([z.zero, z.rawNorm, Array.from(z.vector)], [true, 0, [0, 0, 0, 0]]);
  const n = l2Normalized(new Float32Array([1, NaN]), 0, 2);
  t.same([n.zero, Array.from(n.vector)], [true, [0, 0]]);
  t.ok(Number.isNaN(n.rawNorm));
  t.ok(Math.abs(cosineSimilarity(v.vector, new Float32Array([3, 4, 0])) - 1) < 1e-7);
  t.equal(cosineSimilarity(z.vector, new Float32Array([1, 0, 0, 0])), 0, 'a zero vector is similar to nothing');
  t.throws(() => cosineSimilarity(z.vector, v.vector), { code: 'E_INTERNAL' });
});
