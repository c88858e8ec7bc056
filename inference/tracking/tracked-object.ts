// The tracker's mutable record of one object: its Kalman filter, life-cycle state and label votes.
// Internal to ByteTracker; the outside world sees immutable `Track` snapshots made by `snapshot`.
import type { Box, Detection, Track, TrackState } from '../../core/index.js';
import { boxIou } from './iou-matrix.js';
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
  readonly firstBox: Box;
  readonly filter: KalmanBoxFilter;
  /** Label and class id with the highest summed score among the matched detections. */
  label: string;
  classId: number;
  readonly #votes = new Map<string, { classId: number; score: number }>();
  /** Stationarity: the box the object has stayed on since `stillSincePts`. */
  #stillBox: Box;
  #stillSincePts: number;

  constructor(
    /** Creation order among all objects of a tracker, for deterministic iteration. */
    readonly seq: number,
    /** Class group the track was born in; only detections of this group can match it. */
    readonly group: string,
    det: Detection,
    ptsMs: number,
    /** How a stationary object is recognised (see ByteTrackerOptions). */
    private readonly stillness: { iou: number; afterMs: number },
    /** First sighting when it predates `det` (a low-score birth). */
    origin?: { box: Box; ptsMs: number; hits: number },
  ) {
    this.filter = new KalmanBoxFilter(det.box);
    this.lastBox = det.box;
    this.firstBox = origin?.box ?? det.box;
    this.lastScore = det.score;
    this.lastPtsMs = ptsMs;
    this.firstPtsMs = origin?.ptsMs ?? ptsMs;
    this.hits = origin?.hits ?? 1;
    this.#stillBox = this.firstBox;
    this.#stillSincePts = this.firstPtsMs;
    this.label = det.label;
    this.classId = det.classId;
    this.#votes.set(det.label, { classId: det.classId, score: det.score });
  }

  /** Box used for association: the Kalman prediction for the current frame; a stationary object stays put. */
  predictedBox(): Box {
    return this.stationary ? this.lastBox : this.filter.box();
  }

  /** Confirmed (or lost) and its box has not moved for `stillness.afterMs` of stream time. */
  get stationary(): boolean {
    return this.state !== 'tentative' && this.lastPtsMs - this.#stillSincePts >= this.stillness.afterMs;
  }

  /** A detection was assigned to this track at `ptsMs`; `countsAsHit` false keeps `hits` as is. */
  hit(det: Detection, ptsMs: number, countsAsHit = true): void {
    this.filter.update(det.box);
    if (countsAsHit) this.hits++;
    this.framesSinceUpdate = 0;
    this.lastBox = det.box;
    this.lastScore = det.score;
    this.lastPtsMs = ptsMs;
    if (boxIou(this.#stillBox, det.box) < this.stillness.iou) {
      this.#stillBox = det.box;
      this.#stillSincePts = ptsMs;
    }
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
      firstBox: [...this.firstBox],
      ...(this.stationary ? { stationary: true } : {}),
    };
  }
}
