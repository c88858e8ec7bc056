// The tracker's mutable record of one object: its Kalman filter, life-cycle state and label votes.
// Internal to ByteTracker; the outside world sees immutable `Track` snapshots made by `snapshot`.
import type { Box, Detection, Track, TrackState } from '../../core/index.js';
import { KalmanBoxFilter } from './kalman-box-filter.js';

export class TrackedObject {
  /** Public id, 0 until the track is confirmed. */
  id = 0;
  state: TrackState = 'tentative';
  hits = 1;
  framesSinceUpdate = 0;
  lastBox: Box;
  lastScore: number;
  lastPtsMs: number;
  readonly firstPtsMs: number;
  readonly filter: KalmanBoxFilter;
  /** Label and class id with the highest summed score among the matched detections. */
  label: string;
  classId: number;
  readonly #votes = new Map<string, { classId: number; score: number }>();

  constructor(
    /** Creation order among all objects of a tracker, for deterministic iteration. */
    readonly seq: number,
    /** Class group the track was born in; only detections of this group can match it. */
    readonly group: string,
    det: Detection,
    ptsMs: number,
  ) {
    this.filter = new KalmanBoxFilter(det.box);
    this.lastBox = det.box;
    this.lastScore = det.score;
    this.firstPtsMs = this.lastPtsMs = ptsMs;
    this.label = det.label;
    this.classId = det.classId;
    this.#votes.set(det.label, { classId: det.classId, score: det.score });
  }

  /** Box used for association: the Kalman prediction for the current frame. */
  predictedBox(): Box {
    return this.filter.box();
  }

  /** A detection was assigned to this track at `ptsMs`. */
  hit(det: Detection, ptsMs: number): void {
    this.filter.update(det.box);
    this.hits++;
    this.framesSinceUpdate = 0;
    this.lastBox = det.box;
    this.lastScore = det.score;
    this.lastPtsMs = ptsMs;
    const vote = this.#votes.get(det.label);
    if (vote) vote.score += det.score;
    else this.#votes.set(det.label, { classId: det.classId, score: det.score });
    let best = this.#votes.get(this.label)!.score;
    for (const [label, v] of this.#votes) {
      if (v.score > best) { best = v.score; this.label = label; this.classId = v.classId; }
    }
  }

  /** Immutable view for the tracker's callers. */
  snapshot(): Track {
    const matched = this.framesSinceUpdate === 0 || this.state === 'removed';
    const v = this.filter.velocity();
    return {
      id: this.id,
      label: this.label,
      classId: this.classId,
      box: matched ? [...this.lastBox] : this.predictedBox(),
      score: this.lastScore,
      state: this.state,
      hits: this.hits,
      timeSinceUpdate: this.framesSinceUpdate,
      firstPtsMs: this.firstPtsMs,
      lastPtsMs: this.lastPtsMs,
      velocity: [v[0], v[1]],
    };
  }
}
