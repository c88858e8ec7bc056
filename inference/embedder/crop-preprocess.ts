// Crop preprocessing for embedders: addresses a box inside a packed-RGB frame (the frame is never
// copied) and resamples it, bilinear, straight into the model's NCHW float input with the model's
// channel order and normalisation, in one pass over the output pixels.
import { SharpeyeError, type Box, type RgbImage } from '../../core/index.js';
import type { PreprocessSpec } from '../../models/index.js';

/**
 * How a crop is fitted into the model input.
 * - `stretch`: both sides scaled independently (re-ID and ImageNet backbones; both fixtures).
 * - `letterbox`: aspect kept, the rest padded with `padValue`, placed by `placement`.
 * - `center-crop`: aspect kept, scaled until the shorter side fills the input, the centre kept
 *   (CLIP-style towers; bilinear here, where CLIP's reference code uses bicubic).
 */
export type EmbedResize = 'stretch' | 'letterbox' | 'center-crop';

/** The manifest's preprocessing fields, with the extra `center-crop` resize mode. */
export interface EmbedPreprocess extends Omit<PreprocessSpec, 'resize'> {
  resize: EmbedResize;
}

/** Integer pixel rectangle of a crop inside its frame; always at least 1x1 and inside the frame. */
export interface CropRegion { x: number; y: number; width: number; height: number }

const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);

/**
 * The pixels `box` covers (partly covered edge pixels included), clipped to the image. No box means
 * the whole image. A box outside the frame or of zero size still yields its nearest 1x1 pixel, so one
 * bad detection never fails a batch.
 */
export function cropRegion(image: RgbImage, box?: Box): CropRegion {
  const { width: w, height: h } = image;
  if (!(w >= 1 && h >= 1) || image.data.length !== w * h * 3) {
    throw new SharpeyeError('E_INTERNAL', `image of ${w}x${h} has ${image.data.length} bytes; packed RGB needs ${w * h * 3}`);
  }
  if (!box) return { x: 0, y: 0, width: w, height: h };
  if (!box.every(Number.isFinite)) throw new SharpeyeError('E_INTERNAL', `crop box [${box.join(', ')}] has a non-finite coordinate`);
  const x = clamp(Math.floor(Math.min(box[0], box[2])), 0, w - 1);
  const y = clamp(Math.floor(Math.min(box[1], box[3])), 0, h - 1);
  const x2 = clamp(Math.ceil(Math.max(box[0], box[2])), x + 1, w);
  const y2 = clamp(Math.ceil(Math.max(box[1], box[3])), y + 1, h);
  return { x, y, width: x2 - x, height: y2 - y };
}

/**
 * One axis of the mapping: output pixels `[start, start + length)` sample the crop at
 * `offset + (o + 0.5) * ratio - 0.5` (half-pixel centres, clamped to the crop's edges).
 */
interface AxisMap { start: number; length: number; offset: number; ratio: number }

function axes(crop: CropRegion, inW: number, inH: number, spec: EmbedPreprocess): [AxisMap, AxisMap] {
  const { width: cw, height: ch } = crop;
  if (spec.resize === 'stretch') {
    return [{ start: 0, length: inW, offset: 0, ratio: cw / inW }, { start: 0, length: inH, offset: 0, ratio: ch / inH }];
  }
  if (spec.resize === 'center-crop') {
    const r = Math.max(inW / cw, inH / ch);
    return [
      { start: 0, length: inW, offset: (cw - inW / r) / 2, ratio: 1 / r },
      { start: 0, length: inH, offset: (ch - inH / r) / 2, ratio: 1 / r },
    ];
  }
  const r = Math.min(inW / cw, inH / ch);
  const newW = clamp(Math.round(cw * r), 1, inW), newH = clamp(Math.round(ch * r), 1, inH);
  const centered = spec.placement === 'center';
  return [
    { start: centered ? Math.floor((inW - newW) / 2) : 0, length: newW, offset: 0, ratio: cw / newW },
    { start: centered ? Math.floor((inH - newH) / 2) : 0, length: newH, offset: 0, ratio: ch / newH },
  ];
}

/** Frame indices (times `step`) of the two taps and the weight of the second, per output pixel. */
function taps(axis: AxisMap, cropStart: number, cropLength: number, step: number): { i0: Int32Array; i1: Int32Array; f: Float32Array } {
  const i0 = new Int32Array(axis.length), i1 = new Int32Array(axis.length), f = new Float32Array(axis.length);
  for (let o = 0; o < axis.length; o++) {
    const s = clamp(axis.offset + (o + 0.5) * axis.ratio - 0.5, 0, cropLength - 1);
    const lo = Math.floor(s);
    i0[o] = (cropStart + lo) * step;
    i1[o] = (cropStart + Math.min(lo + 1, cropLength - 1)) * step;
    f[o] = s - lo;
  }
  return { i0, i1, f };
}

/** Per source channel (R, G, B): its output plane and the affine normalisation `v * a + b`. */
function channelMap(spec: EmbedPreprocess, offset: number, plane: number): { planes: number[]; a: number[]; b: number[] } {
  const mean = spec.mean ?? [0, 0, 0], std = spec.std ?? [1, 1, 1];
  // mean/std are given in the network's channel order; index them by source channel.
  const net = spec.channelOrder === 'bgr' ? [2, 1, 0] : [0, 1, 2];
  return {
    planes: net.map((k) => offset + k * plane),
    a: net.map((k) => spec.scale / std[k]),
    b: net.map((k) => -mean[k] / std[k]),
  };
}

/**
 * Writes the crop of `image` under `box` into `out` (NCHW float32; one `inW x inH` image starting
 * at element `offset`) and returns the pixel region it read.
 */
export function preprocessCropInto(image: RgbImage, box: Box | undefined, spec: EmbedPreprocess, inW: number, inH: number, out: Float32Array, offset = 0): CropRegion {
  const crop = cropRegion(image, box);
  const [ax, ay] = axes(crop, inW, inH, spec);
  const plane = inW * inH;
  const { planes: [o0, o1, o2], a: [a0, a1, a2], b: [b0, b1, b2] } = channelMap(spec, offset, plane);
  if (spec.resize === 'letterbox') {
    const pad = spec.padValue ?? 114;
    out.fill(pad * a0 + b0, o0, o0 + plane);
    out.fill(pad * a1 + b1, o1, o1 + plane);
    out.fill(pad * a2 + b2, o2, o2 + plane);
  }
  const cols = taps(ax, crop.x, crop.width, 3);
  const rows = taps(ay, crop.y, crop.height, image.width * 3);
  const data = image.data;
  for (let y = 0; y < ay.length; y++) {
    const r0 = rows.i0[y], r1 = rows.i1[y], fy = rows.f[y];
    let o = (y + ay.start) * inW + ax.start;
    for (let x = 0; x < ax.length; x++, o++) {
      const c0 = cols.i0[x], c1 = cols.i1[x], fx = cols.f[x];
      const w00 = (1 - fx) * (1 - fy), w01 = fx * (1 - fy), w10 = (1 - fx) * fy, w11 = fx * fy;
      const p00 = r0 + c0, p01 = r0 + c1, p10 = r1 + c0, p11 = r1 + c1;
      out[o0 + o] = (data[p00] * w00 + data[p01] * w01 + data[p10] * w10 + data[p11] * w11) * a0 + b0;
      out[o1 + o] = (data[p00 + 1] * w00 + data[p01 + 1] * w01 + data[p10 + 1] * w10 + data[p11 + 1] * w11) * a1 + b1;
      out[o2 + o] = (data[p00 + 2] * w00 + data[p01 + 2] * w01 + data[p10 + 2] * w10 + data[p11 + 2] * w11) * a2 + b2;
    }
  }
  return crop;
}
