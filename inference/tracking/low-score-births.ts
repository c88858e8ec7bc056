// Birth path for objects a detector only ever sees at a low score (a car parked at the kerb found
// at 0.26-0.46 every frame). ByteTrack starts tracks from high-score detections only, so such an
// object never gets a track. Here a detection left over after association becomes a candidate; a
// candidate that is detected again at the same place (IoU with its first box >= `iou`) in `hits`
// of `window` consecutive frames becomes a track. "Same place" is what keeps moving traffic out:
// a passing car leaves its first box within a frame or two. A detection seen once never gets past
// a candidate, so single-frame detections never become objects.
import type { Box, Detection } from '../../core/index.js';
import { boxIou } from './iou-matrix.js';

/** A persistent low-score object ready to become a track. */
export interface LowScoreBirth {
  /** The latest detection (the track starts from it). */
  detection: Detection;
  /** First detection's box and pts: the track's first position. */
  firstBox: Box;
  firstPtsMs: number;
  hits: number;
}

interface Candidate {
  group: string;
  firstBox: Box;
  firstPtsMs: number;
  firstFrame: number;
  last: Detection;
  hits: number;
  lastHitFrame: number;
}

export class LowScoreBirths {
  #candidates: Candidate[] = [];

  /**
   * @param hits detections at the same place needed for a birth (>= 2)
   * @param window frames, counted from the candidate's first, in which they must come
   * @param iou least IoU of a detection with the candidate's first box
   */
  constructor(private readonly hits: number, private readonly window: number, private readonly iou: number) {}

  /**
   * One frame's leftover detections (not matched to any track, not starting a normal track).
   * `occupied` are the boxes of live tracks: a detection overlapping one (IoU >= `iou`) is a
   * duplicate of a tracked object, not a new one. Returns the candidates that became births.
   */
  update(frame: number, ptsMs: number, leftovers: readonly Detection[], groupOf: (label: string) => string, occupied: readonly Box[]): LowScoreBirth[] {
    const free = leftovers.filter((d) => !occupied.some((b) => boxIou(b, d.box) >= this.iou));
    const taken = new Set<Detection>();
    // Greedy by best IoU: few candidates, and they sit still by definition.
    for (const c of this.#candidates) {
      let best: Detection | undefined, bestIou = this.iou;
      for (const d of free) {
        if (taken.has(d) || groupOf(d.label) !== c.group) continue;
        const v = boxIou(c.firstBox, d.box);
        if (v >= bestIou) { best = d; bestIou = v; }
      }
      if (!best) continue;
      taken.add(best);
      c.last = best;
      c.hits++;
      c.lastHitFrame = frame;
    }
    const births: LowScoreBirth[] = [];
    const keep: Candidate[] = [];
    for (const c of this.#candidates) {
      if (c.hits >= this.hits) births.push({ detection: c.last, firstBox: c.firstBox, firstPtsMs: c.firstPtsMs, hits: c.hits });
      else if (frame - c.firstFrame + 1 - c.hits <= this.window - this.hits) keep.push(c); // can still make it
    }
    for (const d of free) {
      if (!taken.has(d)) keep.push({ group: groupOf(d.label), firstBox: d.box, firstPtsMs: ptsMs, firstFrame: frame, last: d, hits: 1, lastHitFrame: frame });
    }
    this.#candidates = keep;
    return births;
  }

  /** Forgets every candidate (end of stream). */
  clear(): void {
    this.#candidates = [];
  }
}
