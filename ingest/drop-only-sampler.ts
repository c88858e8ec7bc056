// Drop-only frame sampling on presentation time: at most one frame per 1/fps slot of stream time,
// the first that falls in it. Never repeats a frame or invents a timestamp, so a source slower than
// the requested rate passes every frame, and a variable-rate source keeps its real spacing. The same
// rule as ffmpeg's `select` expression in ffmpeg-args.ts, for decoders that cannot sample on pts.

/**
 * How early (seconds) a frame may be and still count in the next slot: 1.5 ms, because containers
 * such as Matroska and FLV round timestamps to whole milliseconds (a 30 fps frame due at 33.33 ms
 * says 33 ms), but never more than a quarter of a slot.
 */
export function slotToleranceSeconds(fps: number): number {
  return Math.min(0.0015, 0.25 / fps);
}

export class DropOnlySampler {
  #lastSlot: number | undefined;
  #lastPtsMs: number | undefined;

  /** `fps`: most frames per second to pass, within FpsSchema's bounds (the source options are checked before a sampler is made). */
  constructor(private readonly fps: number) {}

  /** Whether the frame at `ptsMs` passes. Frames without a pts, and time going backwards, restart the slots. */
  accept(ptsMs: number): boolean {
    if (!Number.isFinite(ptsMs)) return true;
    const slot = Math.floor((ptsMs / 1000 + slotToleranceSeconds(this.fps)) * this.fps);
    const pass = this.#lastSlot === undefined || this.#lastPtsMs === undefined || ptsMs < this.#lastPtsMs || slot > this.#lastSlot;
    if (pass) {
      this.#lastSlot = slot;
      this.#lastPtsMs = ptsMs;
    }
    return pass;
  }
}
