// Tile geometry for sliced (SAHI-style) inference: overlapping slices that cover a frame, the last
// slice of a row or column flush with the frame's edge, optionally plus the whole frame. Small and
// distant objects get more model pixels in a slice than in the downscaled frame; the full frame
// keeps large objects that no slice holds whole. Pure integer geometry.
import { SharpeyeError, type RgbImage } from '../../core/index.js';
import { TILING_LIMITS } from './tiling-config.js';

/** How a frame is sliced. */
export interface TilingOptions {
  /** Slice size in frame pixels, `[width, height]` or one number for squares. @defaultValue 640 */
  tileSize?: number | readonly [number, number];
  /** Overlap between neighbouring slices, as a fraction of the slice size, 0..0.9. @defaultValue 0.2 (SAHI's default) */
  overlap?: number;
  /** Also detect on the whole frame (SAHI's "standard prediction"). @defaultValue true */
  includeFullFrame?: boolean;
  /** Merge metric: 'iou', or 'ios' (intersection over the smaller box, which also joins an object
   * cut by a slice edge with its whole box from the full frame or a neighbour). @defaultValue 'ios' */
  matchMetric?: 'iou' | 'ios';
  /** Boxes of one class overlapping by more than this (in `matchMetric`) are one object. @defaultValue 0.5 */
  matchThreshold?: number;
}

export type ResolvedTilingOptions = Readonly<{ tileWidth: number; tileHeight: number; overlap: number; includeFullFrame: boolean; matchMetric: 'iou' | 'ios'; matchThreshold: number }>;

/** One region of the frame: `[x, y, width, height]` in frame pixels. */
export type Tile = readonly [number, number, number, number];

function invalid(option: string, expected: string, got: unknown): SharpeyeError {
  return new SharpeyeError('E_CONFIG_INVALID', `invalid tiling option '${option}': expected ${expected}, got ${JSON.stringify(got)}`, { details: { option, value: got } });
}

/** Defaults applied and checked; throws E_CONFIG_INVALID naming the option. */
export function resolveTilingOptions(o: TilingOptions = {}): ResolvedTilingOptions {
  const { tileSize: T, overlap: O } = TILING_LIMITS;
  const size = o.tileSize ?? T.default;
  const [tileWidth, tileHeight] = typeof size === 'number' ? [size, size] : size;
  for (const v of [tileWidth, tileHeight]) if (!(Number.isInteger(v) && v >= T.minimum && v <= T.maximum)) throw invalid('tileSize', `an integer from ${T.minimum} to ${T.maximum} (or [width, height])`, size);
  const overlap = o.overlap ?? O.default;
  if (typeof overlap !== 'number' || !(overlap >= O.minimum && overlap <= O.maximum)) throw invalid('overlap', `a fraction from ${O.minimum} to ${O.maximum}`, overlap);
  const matchMetric = o.matchMetric ?? 'ios';
  if (matchMetric !== 'iou' && matchMetric !== 'ios') throw invalid('matchMetric', "'iou' or 'ios'", matchMetric);
  const matchThreshold = o.matchThreshold ?? 0.5;
  if (typeof matchThreshold !== 'number' || !(matchThreshold > 0 && matchThreshold <= 1)) throw invalid('matchThreshold', 'a number in (0, 1]', matchThreshold);
  return Object.freeze({ tileWidth, tileHeight, overlap, includeFullFrame: o.includeFullFrame ?? true, matchMetric, matchThreshold });
}

/** Start offsets along one axis: step `size * (1 - overlap)`, the last one flush with the end. */
function starts(length: number, size: number, overlap: number): number[] {
  if (size >= length) return [0];
  const step = Math.max(1, Math.floor(size * (1 - overlap)));
  const out: number[] = [];
  for (let s = 0; s + size < length; s += step) out.push(s);
  out.push(length - size);
  return out;
}

/**
 * The slices of a `width` x `height` frame, row by row, then the full frame when asked for. A
 * frame no larger than one slice gives just the full frame (slicing it would add nothing).
 */
export function tileGrid(width: number, height: number, o: ResolvedTilingOptions): Tile[] {
  if (width <= o.tileWidth && height <= o.tileHeight) return [[0, 0, width, height]];
  const tiles: Tile[] = [];
  const w = Math.min(o.tileWidth, width), h = Math.min(o.tileHeight, height);
  for (const y of starts(height, h, o.overlap)) for (const x of starts(width, w, o.overlap)) tiles.push([x, y, w, h]);
  if (o.includeFullFrame) tiles.push([0, 0, width, height]);
  return tiles;
}

/** A copy of one region of an RGB image (the whole image itself when the tile covers it). */
export function cropImage(image: RgbImage, tile: Tile): RgbImage {
  const [x, y, w, h] = tile;
  if (x === 0 && y === 0 && w === image.width && h === image.height) return image;
  const data = new Uint8Array(w * h * 3);
  for (let row = 0; row < h; row++) {
    const from = ((y + row) * image.width + x) * 3;
    data.set(image.data.subarray(from, from + w * 3), row * w * 3);
  }
  return { width: w, height: h, data };
}
