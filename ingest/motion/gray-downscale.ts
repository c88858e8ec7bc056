// Turns a packed RGB24 picture into a small grayscale one for motion analysis: one pass over the
// source pixels, each adding its luma into the cell it falls in (box averaging), then a separable
// box blur. Everything lives in typed arrays sized once per resolution.

/** How source pixels map onto analysis cells; computed once per source resolution. */
export interface DownscaleLayout {
  readonly sourceWidth: number;
  readonly sourceHeight: number;
  readonly width: number;
  readonly height: number;
  /** Source column where cell column i starts; `xStart[width] === sourceWidth`. */
  readonly xStart: Int32Array;
  /** Source row where cell row j starts; `yStart[height] === sourceHeight`. */
  readonly yStart: Int32Array;
  /** Cell column of each source column. */
  readonly cellOfX: Int32Array;
}

/** The layout for a source of `sourceWidth` x `sourceHeight` at `analysisWidth` (never upscaled, aspect kept). */
export function downscaleLayout(sourceWidth: number, sourceHeight: number, analysisWidth: number): DownscaleLayout {
  const width = Math.min(analysisWidth, sourceWidth);
  const height = Math.min(sourceHeight, Math.max(1, Math.round((sourceHeight * width) / sourceWidth)));
  const starts = (cells: number, source: number) => Int32Array.from({ length: cells + 1 }, (_, i) => Math.floor((i * source) / cells));
  const xStart = starts(width, sourceWidth);
  const yStart = starts(height, sourceHeight);
  const cellOfX = new Int32Array(sourceWidth);
  for (let i = 0; i < width; i++) cellOfX.fill(i, xStart[i], xStart[i + 1]);
  return { sourceWidth, sourceHeight, width, height, xStart, yStart, cellOfX };
}

/**
 * Writes the box-averaged luma (BT.601 weights, 0..255) of `rgb` into `out` (`width * height`
 * cells). `rowSums` is scratch of `layout.width` entries.
 */
export function downscaleToGray(rgb: Uint8Array, layout: DownscaleLayout, out: Float32Array, rowSums: Uint32Array): void {
  const { sourceWidth, width, height, xStart, yStart, cellOfX } = layout;
  const stride = sourceWidth * 3;
  for (let cy = 0; cy < height; cy++) {
    rowSums.fill(0);
    const y0 = yStart[cy], y1 = yStart[cy + 1];
    for (let y = y0; y < y1; y++) {
      // Integer weights summing to 256 keep the inner loop in integer arithmetic.
      for (let x = 0, p = y * stride; x < sourceWidth; x++, p += 3) {
        rowSums[cellOfX[x]] += 77 * rgb[p] + 150 * rgb[p + 1] + 29 * rgb[p + 2];
      }
    }
    const rows = y1 - y0, base = cy * width;
    for (let cx = 0; cx < width; cx++) out[base + cx] = rowSums[cx] / (256 * rows * (xStart[cx + 1] - xStart[cx]));
  }
}

/**
 * Box blur of `radius` cells in place (edges clamped), as two 1-D passes through `scratch`.
 * Softens compression noise and single-pixel flicker before differencing.
 */
export function boxBlur(img: Float32Array, width: number, height: number, radius: number, scratch: Float32Array): void {
  if (radius <= 0) return;
  blurPass(img, scratch, width, height, radius, 1, width);
  blurPass(scratch, img, height, width, radius, width, 1);
}

/** One 1-D running-sum blur along lines of `length` samples `step` apart; `lines` lines `lineStep` apart. */
function blurPass(src: Float32Array, dst: Float32Array, length: number, lines: number, radius: number, step: number, lineStep: number): void {
  const span = 2 * radius + 1;
  const last = length - 1;
  for (let line = 0; line < lines; line++) {
    const base = line * lineStep;
    const at = (i: number) => src[base + (i < 0 ? 0 : i > last ? last : i) * step];
    let sum = 0;
    for (let i = -radius; i <= radius; i++) sum += at(i);
    for (let i = 0; i < length; i++) {
      dst[base + i * step] = sum / span;
      sum += at(i + radius + 1) - at(i - radius);
    }
  }
}
