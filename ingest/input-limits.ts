// How big a picture sharpeye lets in. Memory must be bounded by configuration, not by the input:
// a 775 KB PNG or a 185 KB video can declare 16000x16000 pixels (768 MB per RGB frame), so sizes are
// checked against these limits before anything that large is decoded or allocated.
import { SharpeyeError } from '../core/index.js';

/**
 * Most pixels an input image or video frame may have before it is decoded: 40 MP covers 8K UHD
 * (7680x4320 = 33.2 MP), 12 MP fisheye and 24-36 MP photographs, and keeps one decoded RGB picture
 * under 120 MB. sharp's own default (268 MP, about 800 MB per picture) is far above this.
 */
export const DEFAULT_MAX_INPUT_PIXELS = 40_000_000;

/** Largest value a limit may be configured to (ffmpeg's `max_pixels` is an int). */
export const MAX_INPUT_PIXELS_CEILING = 2_147_483_647;

/**
 * Largest frame a decoder hands to Node when nothing smaller is configured: bigger sources are
 * scaled down (aspect kept) inside the decoder, so one frame is at most 3840x2160x3 = 24.9 MB.
 */
export const DEFAULT_MAX_FRAME_WIDTH = 3840;
export const DEFAULT_MAX_FRAME_HEIGHT = 2160;

/** The E_INPUT_TOO_LARGE error for `what` (e.g. "image a.png") of `width` x `height` pixels. */
export function inputTooLarge(what: string, width: number, height: number, limit: number, setting: string): SharpeyeError {
  const mp = (n: number) => `${(n / 1e6).toFixed(1)} MP`;
  return new SharpeyeError('E_INPUT_TOO_LARGE',
    `${what} is too large: ${width}x${height} = ${mp(width * height)}, over the limit of ${mp(limit)} (${limit} pixels); use a smaller picture or raise ${setting}`,
    { details: { width, height, pixels: width * height, limit } });
}

/** Throws E_CONFIG_INVALID unless `value` is a whole number of pixels in [1, MAX_INPUT_PIXELS_CEILING]. */
export function checkPixelLimit(name: string, value: number | undefined): void {
  if (value === undefined) return;
  if (!(Number.isInteger(value) && value >= 1 && value <= MAX_INPUT_PIXELS_CEILING)) {
    throw new SharpeyeError('E_CONFIG_INVALID', `${name} must be a whole number of pixels from 1 to ${MAX_INPUT_PIXELS_CEILING}, got ${String(value)}`, { details: { path: name, value } });
  }
}
