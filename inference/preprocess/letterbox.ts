// Fused preprocessing: resize (aspect-preserving letterbox or stretch) + channel order + scale/
// mean/std + HWC->CHW, written straight into the model's float32 input. One pass over the output
// pixels with precomputed column taps; no intermediate images.
import type { RgbImage } from '../../core/index.js';
import type { PreprocessSpec } from '../../models/index.js';

/** How source pixels map into the network input: input = source * scale + pad. */
export interface InputTransform {
  scaleX: number;
  scaleY: number;
  padX: number;
  padY: number;
  srcWidth: number;
  srcHeight: number;
}

interface Placement { newW: number; newH: number; padX: number; padY: number; scaleX: number; scaleY: number }

function placement(w: number, h: number, inW: number, inH: number, spec: PreprocessSpec): Placement {
  if (spec.resize === 'stretch') return { newW: inW, newH: inH, padX: 0, padY: 0, scaleX: inW / w, scaleY: inH / h };
  const r = Math.min(inW / w, inH / h);
  const newW = Math.min(inW, Math.max(1, Math.round(w * r)));
  const newH = Math.min(inH, Math.max(1, Math.round(h * r)));
  const centered = spec.placement === 'center';
  const padX = centered ? Math.floor((inW - newW) / 2) : 0;
  const padY = centered ? Math.floor((inH - newH) / 2) : 0;
  return { newW, newH, padX, padY, scaleX: newW / w, scaleY: newH / h };
}

/** Source sample positions for each output coordinate (half-pixel centres, edge-clamped). */
function taps(outSize: number, srcSize: number): { i0: Int32Array; i1: Int32Array; f: Float32Array } {
  const i0 = new Int32Array(outSize), i1 = new Int32Array(outSize), f = new Float32Array(outSize);
  const ratio = srcSize / outSize;
  for (let o = 0; o < outSize; o++) {
    const s = Math.min(Math.max((o + 0.5) * ratio - 0.5, 0), srcSize - 1);
    const lo = Math.floor(s);
    i0[o] = lo;
    i1[o] = Math.min(lo + 1, srcSize - 1);
    f[o] = s - lo;
  }
  return { i0, i1, f };
}

/** Where each source channel (R, G, B) lands and its affine normalisation value * a + b. */
interface ChannelMap { planeOffset: [number, number, number]; a: [number, number, number]; b: [number, number, number] }

function channelMap(spec: PreprocessSpec, offset: number, plane: number): ChannelMap {
  const mean = spec.mean ?? [0, 0, 0], std = spec.std ?? [1, 1, 1];
  // Network channel k reads source channel order[k]; invert that to index by source channel.
  const order = spec.channelOrder === 'bgr' ? [2, 1, 0] : [0, 1, 2];
  const net = [0, 1, 2].map((src) => order.indexOf(src));
  return {
    planeOffset: net.map((k) => offset + k * plane) as [number, number, number],
    a: net.map((k) => spec.scale / std[k]) as [number, number, number],
    b: net.map((k) => -mean[k] / std[k]) as [number, number, number],
  };
}

/**
 * Writes `image` into `out` (NCHW float32, one image of `inW x inH` at `offset`) and returns the
 * transform that maps network-input coordinates back to source pixels.
 */
export function preprocessInto(image: RgbImage, spec: PreprocessSpec, inW: number, inH: number, out: Float32Array, offset = 0): InputTransform {
  const { width: w, height: h } = image;
  const p = placement(w, h, inW, inH, spec);
  const plane = inW * inH;
  const ch = channelMap(spec, offset, plane);
  const pad = spec.padValue ?? 114;
  for (let c = 0; c < 3; c++) out.fill(pad * ch.a[c] + ch.b[c], ch.planeOffset[c], ch.planeOffset[c] + plane);
  if (p.newW === w && p.newH === h) copyInto(image, inW, p, out, ch);
  else resizeInto(image, inW, p, out, ch);
  return { scaleX: p.scaleX, scaleY: p.scaleY, padX: p.padX, padY: p.padY, srcWidth: w, srcHeight: h };
}

/** Same size in and out (e.g. a 640x480 camera into a 640x640 input): a straight copy. */
function copyInto({ width: w, height: h, data }: RgbImage, inW: number, p: Placement, out: Float32Array, ch: ChannelMap): void {
  const [o0, o1, o2] = ch.planeOffset, [a0, a1, a2] = ch.a, [b0, b1, b2] = ch.b;
  for (let y = 0; y < h; y++) {
    let s = y * w * 3;
    let o = (y + p.padY) * inW + p.padX;
    for (let x = 0; x < w; x++, o++, s += 3) {
      out[o0 + o] = data[s] * a0 + b0;
      out[o1 + o] = data[s + 1] * a1 + b1;
      out[o2 + o] = data[s + 2] * a2 + b2;
    }
  }
}

/** Bilinear resize with half-pixel centres, fused with normalisation and HWC->CHW. */
function resizeInto({ width: w, height: h, data }: RgbImage, inW: number, p: Placement, out: Float32Array, ch: ChannelMap): void {
  const [o0, o1, o2] = ch.planeOffset, [a0, a1, a2] = ch.a, [b0, b1, b2] = ch.b;
  const cols = taps(p.newW, w);
  const rows = taps(p.newH, h);
  const stride = w * 3;
  for (let y = 0; y < p.newH; y++) {
    const r0 = rows.i0[y] * stride, r1 = rows.i1[y] * stride, fy = rows.f[y];
    let o = (y + p.padY) * inW + p.padX;
    for (let x = 0; x < p.newW; x++, o++) {
      const c0 = cols.i0[x] * 3, c1 = cols.i1[x] * 3, fx = cols.f[x];
      const w00 = (1 - fx) * (1 - fy), w01 = fx * (1 - fy), w10 = (1 - fx) * fy, w11 = fx * fy;
      const p00 = r0 + c0, p01 = r0 + c1, p10 = r1 + c0, p11 = r1 + c1;
      const red = data[p00] * w00 + data[p01] * w01 + data[p10] * w10 + data[p11] * w11;
      const green = data[p00 + 1] * w00 + data[p01 + 1] * w01 + data[p10 + 1] * w10 + data[p11 + 1] * w11;
      const blue = data[p00 + 2] * w00 + data[p01 + 2] * w01 + data[p10 + 2] * w10 + data[p11 + 2] * w11;
      out[o0 + o] = red * a0 + b0;
      out[o1 + o] = green * a1 + b1;
      out[o2 + o] = blue * a2 + b2;
    }
  }
}

/** Maps a box from network-input pixels back to clipped source pixels, in place. */
export function boxToSource(box: [number, number, number, number], t: InputTransform): [number, number, number, number] {
  const clip = (v: number, max: number) => Math.min(Math.max(v, 0), max);
  box[0] = clip((box[0] - t.padX) / t.scaleX, t.srcWidth);
  box[1] = clip((box[1] - t.padY) / t.scaleY, t.srcHeight);
  box[2] = clip((box[2] - t.padX) / t.scaleX, t.srcWidth);
  box[3] = clip((box[3] - t.padY) / t.scaleY, t.srcHeight);
  return box;
}
