// Which sightings of a vehicle track are worth a plate read: reading costs a plate-detector and a
// recogniser run (about 50 ms on a 2-core CPU), so a track gets a few reads on its best views, not
// one per frame. Pure: one policy per track, fed the sighting's box, time and sharpness.
import type { Box } from '../../core/index.js';
import type { PlateVote } from './plate-vote.js';

/**
 * Plate width (source px) under which a read is not worth trying: the recogniser reads a 168 x 48 crop
 * (inference/plates), and with 7 symbols in 440 mm (GA 36-2018 single-layer plate, 440 x 140 mm)
 * 48 px gives each symbol about 6 px, the least the fixture plates still read at when scaled down.
 */
export const MIN_PLATE_WIDTH_PX = 48;
/** A plate's width over the vehicle's width head-on: 440 mm over a typical 1.8 m car. */
export const PLATE_TO_VEHICLE_WIDTH = 0.44 / 1.8;
/** Vehicle box width (px) under which its plate cannot be readable: MIN_PLATE_WIDTH_PX / PLATE_TO_VEHICLE_WIDTH, rounded up to 200. */
export const MIN_VEHICLE_BOX_WIDTH_PX = Math.ceil(MIN_PLATE_WIDTH_PX / PLATE_TO_VEHICLE_WIDTH / 10) * 10;

export interface PlateFramePolicyOptions {
  /** Narrowest vehicle box worth a read, px. @defaultValue MIN_VEHICLE_BOX_WIDTH_PX (200) */
  minBoxWidthPx?: number;
  /** Reads per track at most. @defaultValue 4 */
  maxReads?: number;
  /** Stream time between two reads of one track, unless the new view is clearly better. @defaultValue 500 */
  minIntervalMs?: number;
  /** Box width growth over the last read's that counts as a better view sooner. @defaultValue 1.25 */
  betterWidthRatio?: number;
  /** Sharpness (Laplacian variance) growth over the last read's that counts as a better view sooner. @defaultValue 1.5 */
  betterSharpnessRatio?: number;
  /** The vote is settled (no more reads) at this confidence with at least 2 agreeing reads. @defaultValue 0.85 */
  settledConfidence?: number;
}

/** One sighting of the vehicle track. */
export interface PlateSighting {
  readonly ptsMs: number;
  readonly box: Box;
  readonly frameWidth: number;
  readonly frameHeight: number;
  /** Laplacian variance of the box (analytics laplacianVariance), when the caller measured it. */
  readonly sharpness?: number;
}

/**
 * Per-track decision. A sighting is read when: the vote is not settled (top text with 2+ reads and
 * confidence >= settledConfidence), fewer than maxReads reads were made, the box is at least
 * minBoxWidthPx wide and does not touch the frame edge (the plate may be cut off), and either no read
 * was made yet, minIntervalMs passed since the last one, or the view is clearly better (box
 * betterWidthRatio wider or betterSharpnessRatio sharper than at the last read).
 */
export class PlateFramePolicy {
  readonly #o: Required<PlateFramePolicyOptions>;
  #reads = 0;
  #last: { ptsMs: number; width: number; sharpness: number } | undefined;

  constructor(options: PlateFramePolicyOptions = {}) {
    this.#o = {
      minBoxWidthPx: MIN_VEHICLE_BOX_WIDTH_PX, maxReads: 4, minIntervalMs: 500, betterWidthRatio: 1.25,
      betterSharpnessRatio: 1.5, settledConfidence: 0.85, ...options,
    };
  }

  /** Reads recorded so far. */
  get reads(): number {
    return this.#reads;
  }

  /** Whether this sighting is worth a read, given the track's vote so far. */
  wants(s: PlateSighting, vote?: PlateVote): boolean {
    if (this.#reads >= this.#o.maxReads) return false;
    if (vote && settled(vote, this.#o.settledConfidence)) return false;
    const width = s.box[2] - s.box[0];
    if (width < this.#o.minBoxWidthPx) return false;
    if (s.box[0] <= 2 || s.box[1] <= 2 || s.box[2] >= s.frameWidth - 2 || s.box[3] >= s.frameHeight - 2) return false;
    const last = this.#last;
    if (!last) return true;
    if (s.ptsMs - last.ptsMs >= this.#o.minIntervalMs) return true;
    if (width >= this.#o.betterWidthRatio * last.width) return true;
    return s.sharpness !== undefined && last.sharpness > 0 && s.sharpness >= this.#o.betterSharpnessRatio * last.sharpness;
  }

  /** Records that the sighting was read (whether or not a plate was found). */
  recordRead(s: PlateSighting): void {
    this.#reads++;
    this.#last = { ptsMs: s.ptsMs, width: s.box[2] - s.box[0], sharpness: s.sharpness ?? 0 };
  }
}

function settled(vote: PlateVote, confidence: number): boolean {
  const r = vote.result();
  return r !== undefined && r.candidates[0].votes >= 2 && r.confidence >= confidence;
}
