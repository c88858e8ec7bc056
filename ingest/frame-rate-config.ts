// The bounds and defaults of frame sampling and frame size, defined once: a camera's `fps` and
// `maxWidth` (serve config), `analyze --fps/--max-width` and the decoders' own option checks
// (ffmpeg, GStreamer) all read them from these schemas.
import { Type } from '@sinclair/typebox';
import { numberLimits } from '../core/index.js';

/**
 * Most frames per second a source passes on, sampled drop-only on the frames' own timestamps
 * (a 12.5 fps clip asked for 30 gives its own 12.5). 0.01 is one frame in 100 s; 240 is above any
 * camera's rate, so it means "every frame".
 */
export const FpsSchema = Type.Number({
  description: 'most frames per second taken for detection; frames are only dropped, never repeated (a 12.5 fps source at fps 30 gives its own 12.5)',
  default: 5, minimum: 0.01, maximum: 240,
});

/** Largest decoded frame width in pixels (aspect kept, never upscaled); 16384 is ffmpeg's and GStreamer's practical ceiling. */
export const MaxWidthSchema = Type.Integer({
  description: 'maximum decoded frame width in pixels (aspect kept, never upscaled)',
  minimum: 16, maximum: 16384,
});

/** `FpsSchema`'s default and bounds as numbers. */
export const FPS_LIMITS = numberLimits(FpsSchema);
/** `MaxWidthSchema`'s bounds as numbers (it has no default: a camera has its own, analyze keeps the source size). */
export const MAX_WIDTH_LIMITS = numberLimits(MaxWidthSchema);
