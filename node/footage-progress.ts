// Progress of a footage run: frames written, stream position, and, when the length is known (a
// file's container duration, or --max-frames), the fraction done and a linear ETA. Pure apart from
// the clock it is handed, so the arithmetic is testable with fixed times.

/** One progress report. Times in seconds; null where the input does not say (live streams). */
export interface FootageProgress {
  /** Frames processed and written so far. */
  readonly frames: number;
  /** Stream time of the latest frame written. */
  readonly ptsSeconds: number;
  /** The input's duration from its container header; null for live streams or before it is known. */
  readonly durationSeconds: number | null;
  /** Share done, 0..1: the larger of pts/duration and frames/maxFrames; null when neither is known. */
  readonly fraction: number | null;
  /** Wall time since the first frame was asked for. */
  readonly elapsedSeconds: number;
  /** Frames per wall-clock second over the run so far. */
  readonly fps: number;
  /** Stream seconds per wall-clock second (1 = real time). */
  readonly speed: number;
  /** Linear estimate, elapsed x (1 - fraction) / fraction; null while fraction is unknown or 0. */
  readonly etaSeconds: number | null;
  /** True on the last report of a run; a run that read its input to the end (or to maxFrames) then has fraction 1, one stopped early says how far it got. */
  readonly done: boolean;
}

export class FootageProgressTracker {
  #frames = 0;
  #ptsSeconds = 0;
  #lastReportMs: number;

  /**
   * `startMs`: the clock at the start (ms, any origin); `maxFrames`: a frame limit, if any;
   * `intervalMs`: least time between reports from `frame`, the first one included (0: every frame).
   */
  constructor(private readonly startMs: number, private readonly maxFrames: number, private readonly intervalMs: number) {
    this.#lastReportMs = startMs;
  }

  /** Counts a written frame; returns a report when `intervalMs` has passed since the last one. */
  frame(ptsSeconds: number, durationMs: number | undefined, nowMs: number): FootageProgress | undefined {
    this.#frames++;
    if (Number.isFinite(ptsSeconds)) this.#ptsSeconds = ptsSeconds;
    if (nowMs - this.#lastReportMs < this.intervalMs) return undefined;
    this.#lastReportMs = nowMs;
    return this.report(durationMs, nowMs, false);
  }

  /** A report now; `done` marks the last one, and a run that `completed` (not stopped early) is at fraction 1. */
  report(durationMs: number | undefined, nowMs: number, done: boolean, completed = false): FootageProgress {
    const elapsedSeconds = Math.max(0, (nowMs - this.startMs) / 1000);
    const durationSeconds = durationMs !== undefined && durationMs > 0 ? durationMs / 1000 : null;
    const parts: number[] = [];
    if (durationSeconds !== null) parts.push(this.#ptsSeconds / durationSeconds);
    if (Number.isFinite(this.maxFrames) && this.maxFrames > 0) parts.push(this.#frames / this.maxFrames);
    const fraction = completed ? 1 : parts.length > 0 ? Math.min(1, Math.max(...parts)) : null;
    const perSecond = (n: number) => (elapsedSeconds > 0 ? n / elapsedSeconds : 0);
    return {
      frames: this.#frames, ptsSeconds: this.#ptsSeconds, durationSeconds, fraction, elapsedSeconds,
      fps: perSecond(this.#frames), speed: perSecond(this.#ptsSeconds),
      etaSeconds: fraction !== null && fraction > 0 ? (elapsedSeconds * (1 - fraction)) / fraction : null,
      done,
    };
  }
}
