// Stationarity of one object: it is stationary since `sincePts` when its anchor has stayed within
// `tolerance` x box size (sqrt(w*h)) of a reference position taken at `sincePts`. The reference
// moves only after two consecutive observations outside the tolerance, so one jittery box does not
// restart a parking timer, while an object that really drives off is caught a frame later.
import type { Point } from '../geometry/index.js';

export class Stationarity {
  /** Stream pts since when the object has not moved (the reference time). */
  sincePts: number;
  private ref: Point;
  private refSize: number;
  private pending: { at: Point; pts: number; size: number } | undefined;

  /** `anchor` normalised, `sizePx` in pixels of a `width` x `height` frame. */
  constructor(private readonly tolerance: number, anchor: Point, sizePx: number, ptsMs: number) {
    this.ref = anchor;
    this.refSize = sizePx;
    this.sincePts = ptsMs;
  }

  observe(anchor: Point, sizePx: number, width: number, height: number, ptsMs: number): void {
    const distPx = Math.hypot((anchor[0] - this.ref[0]) * width, (anchor[1] - this.ref[1]) * height);
    if (distPx <= this.tolerance * Math.max(this.refSize, 1)) {
      this.pending = undefined;
      return;
    }
    if (this.pending === undefined) {
      this.pending = { at: anchor, pts: ptsMs, size: sizePx };
      return;
    }
    // Moved for real: restart from where the move was first seen, then judge this observation.
    const p = this.pending;
    this.pending = undefined;
    this.ref = p.at;
    this.refSize = p.size;
    this.sincePts = p.pts;
    this.observe(anchor, sizePx, width, height, ptsMs);
  }

  stationaryMs(ptsMs: number): number {
    return ptsMs - this.sincePts;
  }
}
