// How good a frame is as the picture of a track: bigger, sharper, confidently detected and not cut
// off by the frame edge. The score only ranks candidates of one track, so its scale is arbitrary.
import type { Box } from '../../core/index.js';

export interface SnapshotScoreOptions {
  /** Laplacian variance at which the sharpness factor reaches one half. @defaultValue 100 */
  sharpnessHalf?: number;
  /** A box side within this many pixels of the frame edge counts as truncated. @defaultValue 2 */
  edgeMarginPx?: number;
  /** Factor applied to truncated boxes. @defaultValue 0.4 */
  truncatedFactor?: number;
}

export interface SnapshotScoreInput {
  readonly box: Box;
  /** Detection score, 0..1. */
  readonly score: number;
  /** Size of the frame the box is in. */
  readonly frameWidth: number;
  readonly frameHeight: number;
  /** Laplacian variance of the crop (see laplacianVariance); leave out for an upper bound. */
  readonly sharpness?: number;
}

export interface SnapshotScore {
  /** sqrt(areaFraction) * score * sharpnessFactor * (truncated ? truncatedFactor : 1). */
  readonly quality: number;
  /** Box area over frame area, 0..1. */
  readonly areaFraction: number;
  /** sharpness / (sharpness + sharpnessHalf), 0..1; 1 when sharpness was not given. */
  readonly sharpnessFactor: number;
  readonly truncated: boolean;
}

/**
 * Scores one snapshot candidate. Area enters as its square root (a linear size), so a box twice as
 * wide is worth twice as much and sharpness or a truncated edge can still outweigh size.
 */
export function snapshotScore(input: SnapshotScoreInput, options: SnapshotScoreOptions = {}): SnapshotScore {
  const [x1, y1, x2, y2] = input.box;
  const area = Math.max(0, Math.min(x2, input.frameWidth) - Math.max(x1, 0)) * Math.max(0, Math.min(y2, input.frameHeight) - Math.max(y1, 0));
  const areaFraction = Math.min(1, area / (input.frameWidth * input.frameHeight));
  const half = options.sharpnessHalf ?? 100;
  const sharpnessFactor = input.sharpness === undefined ? 1 : input.sharpness / (input.sharpness + half);
  const truncated = isTruncated(input.box, input.frameWidth, input.frameHeight, options.edgeMarginPx ?? 2);
  const edgeFactor = truncated ? (options.truncatedFactor ?? 0.4) : 1;
  const score = Math.min(1, Math.max(0, input.score));
  return { quality: Math.sqrt(areaFraction) * score * sharpnessFactor * edgeFactor, areaFraction, sharpnessFactor, truncated };
}

/** Whether a box touches (within `marginPx`) any edge of a width x height frame. */
export function isTruncated(box: Box, width: number, height: number, marginPx = 2): boolean {
  return box[0] <= marginPx || box[1] <= marginPx || box[2] >= width - marginPx || box[3] >= height - marginPx;
}
