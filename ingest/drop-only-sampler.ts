// Drop-only frame sampling on presentation time: at most one frame per 1/fps slot of stream time,
// the first that falls in it. Never repeats a frame or invents a timestamp, so a source slower than
// the requested rate passes every frame, and a variable-rate source keeps its real spacing. The same
// rule as ffmpeg's `select` expression in ffmpeg-args.ts, for decoders that cannot sample on pts.

export class DropOnlySampler {
  #lastSlot: number | undefined;
  #lastPtsMs: number | undefined;

  /** `fps`: most frames per second to pass (> 0). */
  constructor(private readonly fps: number) {}

  /** Whether the frame at `ptsMs` passes. Frames without a pts, and time going backwards, restart the slots. */
  accept(ptsMs: number): boolean {
    if (!Number.isFinite(ptsMs)) return true;
    // The 0.001-slot nudge keeps a frame computed at 199.99 ms in the 200 ms slot it belongs to.
    const slot = Math.floor((ptsMs / 1000) * this.fps + 0.001);
    const pass = this.#lastSlot === undefined || this.#lastPtsMs === undefined || ptsMs < this.#lastPtsMs || slot > this.#lastSlot;
    if (pass) {
      this.#lastSlot = slot;
      this.#lastPtsMs = ptsMs;
    }
    return pass;
  }
}
