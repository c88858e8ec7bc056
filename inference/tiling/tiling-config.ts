// The bounds and defaults of sliced inference, defined once: the TypeBox schema of a camera's
// `tiling` entry (serve config), the `analyze --tile/--tile-overlap` flags and resolveTilingOptions
// all read them from here.
import { Type, type Static } from '@sinclair/typebox';

/** Slice size in frame pixels and overlap fraction: default and inclusive bounds. */
export const TILING_LIMITS = Object.freeze({
  tileSize: Object.freeze({ default: 640, minimum: 32, maximum: 8192 }),
  overlap: Object.freeze({ default: 0.2, minimum: 0, maximum: 0.9 }),
});

/**
 * A camera's sliced (SAHI-style) inference: square slices of `tileSize` frame pixels (after the
 * camera's `maxWidth` scaling) overlapping by `overlap`, plus the full frame, merged by NMS on IoS.
 * Each frame costs one inference per slice plus one for the full frame.
 */
export const TilingConfigSchema = Type.Object({
  tileSize: Type.Integer({ description: 'slice width and height in frame pixels, after maxWidth scaling; a frame no larger than one slice is detected whole', ...TILING_LIMITS.tileSize }),
  overlap: Type.Number({ description: 'overlap between neighbouring slices, as a fraction of the slice size', ...TILING_LIMITS.overlap }),
}, { additionalProperties: false, description: 'sliced inference for small and distant objects: slices with overlap plus the full frame, merged by NMS; costs about one inference per slice' });

export type TilingConfig = Static<typeof TilingConfigSchema>;
