// ByteTracker: multi-object tracking for one camera, after ByteTrack (Zhang et al., 2022).
// Kalman-predicted tracks are matched to high-score detections first, then the tracks still
// unmatched to low-score detections (occluded or blurred objects keep their id), with optimal
// assignment on 1 - IoU restricted to the same class group. Births need a higher score than
// survival and `minHits` consecutive hits; death needs `maxLostMs` of stream time unmatched.
// Two additions for street cameras (issue 9): objects a detector only ever scores low are born
// when they persist at one place (LowScoreBirths), and stationary objects (parked cars) survive
// detection drop-outs of up to `stationaryMaxLostMs` without drifting, as Frigate's stationary state.
// Pure: time comes only from the pts passed in, and ids are 1, 2, 3... in confirmation order.
import { SharpeyeError, type Detection, type Track } from '../../core/index.js';
import { resolveByteTrackerOptions, type ByteTrackerOptions, type ResolvedByteTrackerOptions } from './byte-tracker-options.js';
import { classGroupKeyer } from './class-groups.js';
import { boxIou, bufferedIou } from './iou-matrix.js';
import { linearAssignment } from './linear-assignment.js';
import { LowScoreBirths } from './low-score-births.js';
import { TrackedObject } from './tracked-object.js';

export class ByteTracker {
  readonly options: ResolvedByteTrackerOptions;
  readonly #groupOf: (label: string) => string;
  /** Live objects (tentative, confirmed, lost) in creation order. */
  #objects: TrackedObject[] = [];
  #removed: Track[] = [];
  #nextSeq = 1;
  #nextId = 1;
  #lastPtsMs: number | undefined;
  #frames = 0;
  readonly #lowBirths: LowScoreBirths | undefined;
  readonly #stillness: { iou: number; afterMs: number };
  readonly #lowBirthLabels: ReadonlySet<string>;

  constructor(options: ByteTrackerOptions = {}) {
    this.options = resolveByteTrackerOptions(options);
    this.#groupOf = classGroupKeyer(this.options.classGroups);
    const o = this.options;
    this.#lowBirths = o.lowScoreBirthHits > 0 ? new LowScoreBirths(o.lowScoreBirthHits, o.lowScoreBirthWindow, o.lowScoreBirthIou) : undefined;
    this.#stillness = { iou: o.stationaryIou, afterMs: o.stationaryAfterMs };
    this.#lowBirthLabels = new Set(o.lowScoreBirthLabels);
  }

  /**
   * Tracks that ended in the latest `update` or `flush` call, in id order, with state 'removed',
   * the box and pts of their last matched detection. Only confirmed tracks are reported: a
   * tentative track that dies was never visible. Replaced on every call, so read it after each.
   */
  get removed(): readonly Track[] {
    return this.#removed;
  }

  /**
   * Associates one frame's detections with the tracks at stream time `ptsMs` (non-decreasing) and
   * returns the confirmed tracks (matched this frame) and the lost ones (predicted boxes), in id
   * order. Tracks that died in this step are in `removed`.
   */
  update(detections: readonly Detection[], ptsMs: number): Track[] {
    this.#checkPts(ptsMs);
    const o = this.options;
    const dtSeconds = this.#lastPtsMs === undefined ? 0 : (ptsMs - this.#lastPtsMs) / 1000;
    this.#lastPtsMs = ptsMs;
    this.#frames++;
    this.#removed = [];
    for (const t of this.#objects) { t.filter.predict(dtSeconds); t.framesSinceUpdate++; }

    const high = detections.filter((d) => d.score >= o.highThreshold);
    const low = detections.filter((d) => d.score >= o.lowThreshold && d.score < o.highThreshold);

    // Stage 1: confirmed and lost tracks against high-score detections.
    const pool = this.#objects.filter((t) => t.state === 'confirmed' || t.state === 'lost');
    const first = this.#associate(pool, high, o.matchIouThreshold, ptsMs);
    // Stage 2: tracks that were being tracked (not already lost), and stationary ones, against low-score detections.
    const stillTracked = first.tracks.filter((t) => t.state === 'confirmed' || t.stationary);
    const second = this.#associate(stillTracked, low, o.secondMatchIou, ptsMs);
    for (const t of second.tracks) if (t.framesSinceUpdate > 0) t.state = 'lost';
    // Stage 3: tentative tracks against the high detections left; a miss ends a tentative track.
    const tentative = this.#objects.filter((t) => t.state === 'tentative');
    const third = this.#associate(tentative, first.detections, o.tentativeMatchIou, ptsMs, true, o.tentativeBuffer);
    // A tentative track that only got a low-score detection is kept (and follows it) but earns no
    // hit: an object hovering around the birth score is not restarted frame after frame, so its
    // first position stays where it was first seen (line counting needs it).
    const kept = this.#associate(third.tracks, second.detections, o.secondMatchIou, ptsMs, false);
    const dropped = new Set<TrackedObject>(kept.tracks);
    for (const t of tentative) if (!dropped.has(t) && t.hits >= o.minHits) this.#confirm(t);

    const leftovers: Detection[] = [];
    for (const d of third.detections) {
      if (d.score < o.newTrackThreshold) { leftovers.push(d); continue; }
      const t = new TrackedObject(this.#nextSeq++, this.#groupOf(d.label), d, ptsMs, this.#stillness);
      this.#objects.push(t);
      if (o.minHits <= 1 || (o.confirmOnFirstFrame && this.#frames === 1)) this.#confirm(t);
    }
    if (this.#lowBirths) {
      leftovers.push(...kept.detections);
      const occupied = this.#objects.filter((t) => !dropped.has(t)).map((t) => (t.framesSinceUpdate === 0 ? t.lastBox : t.predictedBox()));
      const candidates = leftovers.filter((d) => d.score >= o.lowScoreBirthThreshold && (this.#lowBirthLabels.size === 0 || this.#lowBirthLabels.has(d.label)));
      for (const b of this.#lowBirths.update(this.#frames, ptsMs, candidates, this.#groupOf, occupied)) {
        const t = new TrackedObject(this.#nextSeq++, this.#groupOf(b.detection.label), b.detection, ptsMs, this.#stillness, { box: b.firstBox, ptsMs: b.firstPtsMs, hits: b.hits });
        this.#objects.push(t);
        if (b.hits >= o.minHits) this.#confirm(t);
      }
    }
    this.#retire(dropped, ptsMs);
    return this.#objects.filter((t) => t.state !== 'tentative').map((t) => t.snapshot()).sort((a, b) => a.id - b.id);
  }

  /** Ends every track (end of stream): returns them, as `removed` does. Ids keep counting. */
  flush(): readonly Track[] {
    this.#removed = [];
    for (const t of this.#objects) if (t.state !== 'tentative') this.#removed.push(this.#remove(t));
    this.#removed.sort((a, b) => a.id - b.id);
    this.#objects = [];
    this.#lowBirths?.clear();
    return this.#removed;
  }

  /** Forgets everything, ids and stream time included, as for a new stream. */
  reset(): void {
    this.#objects = [];
    this.#removed = [];
    this.#nextSeq = 1;
    this.#nextId = 1;
    this.#lastPtsMs = undefined;
    this.#frames = 0;
    this.#lowBirths?.clear();
  }

  #checkPts(ptsMs: number): void {
    if (!Number.isFinite(ptsMs)) throw new SharpeyeError('E_INTERNAL', `tracker update got pts ${ptsMs}; pass the frame's ptsMs, a finite number of milliseconds`, { details: { ptsMs } });
    if (this.#lastPtsMs !== undefined && ptsMs < this.#lastPtsMs) {
      throw new SharpeyeError('E_INTERNAL', `tracker update got pts ${ptsMs} ms after ${this.#lastPtsMs} ms; pts must not go backwards, call reset() when a stream restarts`, { details: { ptsMs, lastPtsMs: this.#lastPtsMs } });
    }
  }

  /**
   * Optimal assignment of `tracks` to `dets` on cost 1 - IoU (predicted box vs detection), same
   * class group only, IoU >= minIou (buffered IoU when `buffer` > 0). Matched tracks take their
   * detection (counting as a hit unless `countsAsHit` is false); returns the unmatched.
   */
  #associate(tracks: TrackedObject[], dets: readonly Detection[], minIou: number, ptsMs: number, countsAsHit = true, buffer = 0): { tracks: TrackedObject[]; detections: Detection[] } {
    if (tracks.length === 0 || dets.length === 0) return { tracks, detections: [...dets] };
    const cols = dets.length;
    const cost = new Float64Array(tracks.length * cols).fill(Infinity);
    const detGroups = dets.map((d) => this.#groupOf(d.label));
    tracks.forEach((t, r) => {
      const box = t.predictedBox();
      // A lost stationary object is taken back only by a detection that really covers it.
      const least = t.state === 'lost' && t.stationary ? Math.max(minIou, this.options.secondMatchIou) : minIou;
      for (let c = 0; c < cols; c++) {
        if (detGroups[c] !== t.group) continue;
        const iou = bufferedIou(box, dets[c].box, buffer);
        if (iou >= least) cost[r * cols + c] = 1 - iou;
      }
    });
    const result = linearAssignment(cost, tracks.length, cols, 1 - minIou);
    for (const [r, c] of result.matches) {
      const t = tracks[r];
      t.hit(dets[c], ptsMs, countsAsHit);
      if (t.state === 'lost') t.state = 'confirmed';
    }
    return { tracks: result.unmatchedRows.map((r) => tracks[r]), detections: result.unmatchedCols.map((c) => dets[c]) };
  }

  #confirm(t: TrackedObject): void {
    t.state = 'confirmed';
    t.id = this.#nextId++;
  }

  /** Drops failed tentative tracks, lost tracks past maxLostMs and lost duplicates of live tracks. */
  #retire(dropped: Set<TrackedObject>, ptsMs: number): void {
    const live = this.#objects.filter((t) => t.state === 'confirmed' && t.framesSinceUpdate === 0);
    const keep: TrackedObject[] = [];
    for (const t of this.#objects) {
      if (dropped.has(t)) continue;
      const expired = t.state === 'lost' && ptsMs - t.lastPtsMs > (t.stationary ? this.options.stationaryMaxLostMs : this.options.maxLostMs);
      if (expired || (t.state === 'lost' && this.#duplicates(t, live))) this.#removed.push(this.#remove(t));
      else keep.push(t);
    }
    this.#removed.sort((a, b) => a.id - b.id);
    this.#objects = keep;
  }

  #duplicates(lost: TrackedObject, live: TrackedObject[]): boolean {
    const box = lost.predictedBox();
    return live.some((t) => t.group === lost.group && boxIou(box, t.lastBox) > this.options.duplicateIou);
  }

  #remove(t: TrackedObject): Track {
    t.state = 'removed';
    return t.snapshot();
  }
}
