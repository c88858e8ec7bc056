// Dominant colour of the object inside a box, not of the road or wall behind it. Samples in the box
// are weighted by an ellipse centred on the box (objects fill the middle, background the corners)
// and discounted when their colour is common in a ring of pixels just outside the box.
import { SharpeyeError, type Box, type RgbImage } from '../../core/index.js';
import { PALETTE_COLOURS, paletteIndexOfRgb, type PaletteColour } from './colour-palette.js';

export interface DominantColourOptions {
  /** Most samples read along each side of the box; larger boxes are sampled on a strided grid. @defaultValue 96 */
  maxSamplesPerSide?: number;
  /** Width of the background ring outside the box, as a fraction of the box's shorter side (at least 2 px). @defaultValue 0.15 */
  ringFraction?: number;
  /**
   * Share of ring samples near a colour at which object samples of that colour count as background
   * and get no weight; below it the weight falls linearly. @defaultValue 0.2
   */
  backgroundShare?: number;
  /**
   * When the background discount keeps at least this share of the weight in the centre of the box
   * (the inner half of the ellipse, where the object is), the discounted histogram is used as is.
   * @defaultValue 0.6
   */
  keepDiscountAbove?: number;
  /**
   * When the discount keeps less than this share of the centre, the object has the background's colour
   * (grey car on grey road) and the undiscounted histogram is used; in between the two are blended
   * linearly, so the answer does not jump on a small change of the crop. @defaultValue 0.35
   */
  dropDiscountBelow?: number;
}

export interface ColourShare {
  readonly colour: PaletteColour;
  /** Share of the object's weighted samples, 0..1; the shares of `ranked` sum to 1. */
  readonly fraction: number;
}

export interface DominantColour {
  /** The top of `ranked`. */
  readonly colour: PaletteColour;
  readonly fraction: number;
  /** Every palette colour seen on the object, largest share first. */
  readonly ranked: ColourShare[];
}

/** Quantisation of the background colour histogram: 16 levels per channel, 4096 cells. */
const LEVEL_SHIFT = 4;
const LEVELS = 256 >> LEVEL_SHIFT;
const MIN_RING_SAMPLES = 16;
const MAX_RING_SAMPLES = 4096;

interface PixelRect { x0: number; y0: number; x1: number; y1: number }

/**
 * Dominant palette colour of the object in `box` (source pixels; clipped to the image).
 * @throws SharpeyeError `E_INTERNAL` when the box has no pixel inside the image (a caller bug: lost
 * tracks can predict boxes off-frame, so check overlap before asking for a colour).
 */
export function dominantColour(image: RgbImage, box: Box, options: DominantColourOptions = {}): DominantColour {
  const rect = clipBox(image, box);
  if (rect.x1 <= rect.x0 || rect.y1 <= rect.y0) {
    throw new SharpeyeError('E_INTERNAL', `box [${box.join(', ')}] has no pixel inside the ${image.width}x${image.height} image; only ask for the colour of boxes that overlap the frame`, { details: { box, width: image.width, height: image.height } });
  }
  const background = backgroundDensity(image, rect, options.ringFraction ?? 0.15);
  const kept = new Float64Array(PALETTE_COLOURS.length);
  const all = new Float64Array(PALETTE_COLOURS.length);
  const centreKeptShare = accumulateObject(image, rect, background, options.backgroundShare ?? 0.2, options.maxSamplesPerSide ?? 96, kept, all);
  if (background !== null) blendDiscount(kept, all, centreKeptShare, options.dropDiscountBelow ?? 0.35, options.keepDiscountAbove ?? 0.6);
  const hist = background !== null ? kept : all;
  return rank(hist);
}

/** Replaces `kept` by a blend of `kept` and `all` weighted by how much of the centre the discount kept. */
function blendDiscount(kept: Float64Array, all: Float64Array, keptShare: number, low: number, high: number): void {
  const alpha = high > low ? Math.min(1, Math.max(0, (keptShare - low) / (high - low))) : keptShare >= high ? 1 : 0;
  for (let i = 0; i < kept.length; i++) kept[i] = alpha * kept[i] + (1 - alpha) * all[i];
}

function clipBox(image: RgbImage, box: Box): PixelRect {
  return {
    x0: Math.max(0, Math.floor(box[0])),
    y0: Math.max(0, Math.floor(box[1])),
    x1: Math.min(image.width, Math.ceil(box[2])),
    y1: Math.min(image.height, Math.ceil(box[3])),
  };
}

/**
 * Adds each sample's ellipse weight to `all` and its background-discounted weight to `kept`, by palette
 * index. Weight is 1 - d^2 inside the ellipse inscribed in the box (d = normalised distance from the
 * centre), 0 outside it. Returns the share of the weight inside d < 0.5 that the discount kept.
 */
function accumulateObject(
  image: RgbImage, rect: PixelRect, background: Float32Array | null, backgroundShare: number,
  maxSamples: number, kept: Float64Array, all: Float64Array,
): number {
  let centreAll = 0, centreKept = 0;
  const { data, width } = image;
  const w = rect.x1 - rect.x0, h = rect.y1 - rect.y0;
  const nx = Math.min(w, maxSamples), ny = Math.min(h, maxSamples);
  for (let j = 0; j < ny; j++) {
    const v = ((j + 0.5) / ny) * 2 - 1;
    const y = rect.y0 + Math.floor(((j + 0.5) * h) / ny);
    for (let i = 0; i < nx; i++) {
      const u = ((i + 0.5) / nx) * 2 - 1;
      const d2 = u * u + v * v;
      if (d2 >= 1) continue;
      const weight = 1 - d2;
      const p = (y * width + rect.x0 + Math.floor(((i + 0.5) * w) / nx)) * 3;
      const r = data[p], g = data[p + 1], b = data[p + 2];
      const idx = paletteIndexOfRgb(r, g, b);
      all[idx] += weight;
      if (background === null) continue;
      const share = background[cellOf(r, g, b)];
      const discount = share >= backgroundShare ? 0 : 1 - share / backgroundShare;
      kept[idx] += weight * discount;
      if (d2 < 0.25) {
        centreAll += weight;
        centreKept += weight * discount;
      }
    }
  }
  return centreAll > 0 ? centreKept / centreAll : 1;
}

/**
 * Share of ring samples whose colour lies within one cell (about +-16 levels per channel) of each
 * colour cell: a 3x3x3 box-filtered histogram of the ring just outside the box. Falls back to the box
 * corners outside the inscribed ellipse when the box fills the frame. Null when neither has samples.
 */
function backgroundDensity(image: RgbImage, rect: PixelRect, ringFraction: number): Float32Array | null {
  const hist = new Float32Array(LEVELS * LEVELS * LEVELS);
  let count = sampleOuterRing(image, rect, ringFraction, hist);
  if (count < MIN_RING_SAMPLES) {
    hist.fill(0);
    count = sampleBoxCorners(image, rect, hist);
  }
  if (count < MIN_RING_SAMPLES) return null;
  const smoothed = boxFilter3d(hist);
  for (let i = 0; i < smoothed.length; i++) smoothed[i] /= count;
  return smoothed;
}

function sampleOuterRing(image: RgbImage, rect: PixelRect, ringFraction: number, hist: Float32Array): number {
  const band = Math.max(2, Math.round(ringFraction * Math.min(rect.x1 - rect.x0, rect.y1 - rect.y0)));
  const outer: PixelRect = {
    x0: Math.max(0, rect.x0 - band), y0: Math.max(0, rect.y0 - band),
    x1: Math.min(image.width, rect.x1 + band), y1: Math.min(image.height, rect.y1 + band),
  };
  const ringArea = (outer.x1 - outer.x0) * (outer.y1 - outer.y0) - (rect.x1 - rect.x0) * (rect.y1 - rect.y0);
  const stride = Math.max(1, Math.floor(Math.sqrt(ringArea / MAX_RING_SAMPLES)));
  const { data, width } = image;
  let count = 0;
  for (let y = outer.y0; y < outer.y1; y += stride) {
    const insideRows = y >= rect.y0 && y < rect.y1;
    for (let x = outer.x0; x < outer.x1; x += stride) {
      if (insideRows && x >= rect.x0 && x < rect.x1) continue;
      const p = (y * width + x) * 3;
      hist[cellOf(data[p], data[p + 1], data[p + 2])] += 1;
      count++;
    }
  }
  return count;
}

function sampleBoxCorners(image: RgbImage, rect: PixelRect, hist: Float32Array): number {
  const { data, width } = image;
  const w = rect.x1 - rect.x0, h = rect.y1 - rect.y0;
  const stride = Math.max(1, Math.floor(Math.sqrt((w * h) / MAX_RING_SAMPLES)));
  let count = 0;
  for (let y = rect.y0; y < rect.y1; y += stride) {
    const v = ((y - rect.y0 + 0.5) / h) * 2 - 1;
    for (let x = rect.x0; x < rect.x1; x += stride) {
      const u = ((x - rect.x0 + 0.5) / w) * 2 - 1;
      if (u * u + v * v < 1.2) continue;
      const p = (y * width + x) * 3;
      hist[cellOf(data[p], data[p + 1], data[p + 2])] += 1;
      count++;
    }
  }
  return count;
}

function cellOf(r: number, g: number, b: number): number {
  return ((r >> LEVEL_SHIFT) * LEVELS + (g >> LEVEL_SHIFT)) * LEVELS + (b >> LEVEL_SHIFT);
}

/** Separable 3-tap sum along each of the three colour axes. */
function boxFilter3d(src: Float32Array): Float32Array {
  let a = src;
  for (const stride of [1, LEVELS, LEVELS * LEVELS]) {
    const out = new Float32Array(a.length);
    for (let i = 0; i < a.length; i++) {
      const level = Math.floor(i / stride) % LEVELS;
      let s = a[i];
      if (level > 0) s += a[i - stride];
      if (level < LEVELS - 1) s += a[i + stride];
      out[i] = s;
    }
    a = out;
  }
  return a;
}

function sum(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

function rank(hist: Float64Array): DominantColour {
  const total = sum(hist);
  const ranked: ColourShare[] = [];
  for (let i = 0; i < hist.length; i++) {
    if (hist[i] > 0) ranked.push({ colour: PALETTE_COLOURS[i], fraction: hist[i] / total });
  }
  // Ties keep palette order, so equal shares give the same answer on every run.
  ranked.sort((a, b) => b.fraction - a.fraction || PALETTE_COLOURS.indexOf(a.colour) - PALETTE_COLOURS.indexOf(b.colour));
  return { colour: ranked[0].colour, fraction: ranked[0].fraction, ranked };
}
