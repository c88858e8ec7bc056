// Keeps, per track, the best picture seen so far (see snapshotScore). Pixels are copied only when a
// candidate wins: the crop region of the frame and a small downscaled frame for context, never the
// whole frame. The caller takes a track's snapshot when the track ends, which frees it.
import type { Box, RgbImage, Track } from '../../core/index.js';
import { laplacianVariance, type SharpnessOptions } from './laplacian-sharpness.js';
import { cropRegion, cropRgb } from './rgb-crop.js';
import { downscaleRgb } from './rgb-downscale.js';
import { snapshotScore, type SnapshotScore, type SnapshotScoreOptions } from './snapshot-score.js';

export interface BestSnapshotOptions extends SnapshotScoreOptions, SharpnessOptions {
  /** Context kept around the box in the crop, as a fraction of the box size per side. @defaultValue 0.1 */
  cropMarginFraction?: number;
  /** Width of the whole-frame context thumbnail kept with the winner. @defaultValue 320 */
  thumbnailWidth?: number;
}

/** The part of a Track that snapshot choice reads; a full Track fits. */
export interface SnapshotTrack {
  readonly id: number;
  readonly box: Box;
  readonly score: number;
  /** Frames since the last matched detection; predicted boxes (> 0) are never offered. */
  readonly timeSinceUpdate?: Track['timeSinceUpdate'];
}

export interface SnapshotCandidate {
  readonly trackId: number;
  readonly ptsMs: number;
  /** The track's box in source-frame pixels. */
  readonly box: Box;
  readonly score: number;
  /** Laplacian variance of the box (see laplacianVariance). */
  readonly sharpness: number;
  readonly rating: SnapshotScore;
  /** Copy of `cropBox` out of the frame: the box plus margin, clipped. */
  readonly crop: RgbImage;
  /** Integer rectangle of the frame that `crop` holds, in source-frame pixels. */
  readonly cropBox: Box;
  /** The whole frame, downscaled to `thumbnailWidth`. */
  readonly thumbnail: RgbImage;
  readonly frameWidth: number;
  readonly frameHeight: number;
}

/** The object's box inside the candidate's crop (the crop carries a margin around it). */
export function boxInCrop(c: Pick<SnapshotCandidate, 'box' | 'cropBox'>): Box {
  const [cx, cy] = c.cropBox;
  return [c.box[0] - cx, c.box[1] - cy, c.box[2] - cx, c.box[3] - cy];
}

export class BestSnapshot {
  readonly #best = new Map<number, SnapshotCandidate>();
  readonly #options: BestSnapshotOptions;

  constructor(options: BestSnapshotOptions = {}) {
    this.#options = { ...options };
  }

  /**
   * Offers this frame as the picture of `track`; returns true when it became the track's best.
   * Ties keep the earlier candidate. Sharpness is only measured when size, score and edge alone could win.
   */
  offer(frame: RgbImage, track: SnapshotTrack, ptsMs: number): boolean {
    if ((track.timeSinceUpdate ?? 0) > 0) return false;
    const current = this.#best.get(track.id);
    const base = { box: track.box, score: track.score, frameWidth: frame.width, frameHeight: frame.height };
    if (current !== undefined && snapshotScore(base, this.#options).quality <= current.rating.quality) return false;
    const sharpness = laplacianVariance(frame, track.box, this.#options);
    const rating = snapshotScore({ ...base, sharpness }, this.#options);
    if (rating.areaFraction === 0 || (current !== undefined && rating.quality <= current.rating.quality)) return false;
    const cropBox = cropRegion(frame, track.box, this.#options.cropMarginFraction ?? 0.1);
    this.#best.set(track.id, {
      trackId: track.id, ptsMs, box: [...track.box], score: track.score, sharpness, rating,
      crop: cropRgb(frame, cropBox), cropBox,
      thumbnail: downscaleRgb(frame, this.#options.thumbnailWidth ?? 320),
      frameWidth: frame.width, frameHeight: frame.height,
    });
    return true;
  }

  /** The best candidate so far for a track, if any. */
  get(trackId: number): SnapshotCandidate | undefined {
    return this.#best.get(trackId);
  }

  /** Returns the track's best candidate and forgets the track; call it when the track is removed. */
  take(trackId: number): SnapshotCandidate | undefined {
    const best = this.#best.get(trackId);
    this.#best.delete(trackId);
    return best;
  }

  /** Number of tracks holding a candidate. */
  get size(): number {
    return this.#best.size;
  }
}
