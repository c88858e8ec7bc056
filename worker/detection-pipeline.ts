// Streams frames from a source through a detector with a bounded number of frames in flight:
// while frame k is in the model (on the inference worker thread), the main thread is already
// reading and preprocessing frame k+1. Results come out in frame order.
import type { Frame, FrameDetections, FrameSource } from '../core/index.js';
import type { Detector } from '../inference/index.js';

export interface DetectionPipelineOptions {
  /**
   * Frames preprocessed and queued to the model ahead of the one being awaited; enough to keep
   * every session busy while the next frame is prepared. @defaultValue detector.concurrency + 1
   */
  depth?: number;
}

/** Cumulative timings (ms) and counts, updated as the pipeline runs. */
export interface DetectionPipelineStats {
  frames: number;
  inferences: number;
  /** Time the pipeline waited for the decoder to hand over a frame. */
  decodeWaitMs: number;
  preprocessMs: number;
  /** Time from queuing a frame to the model until its detections were back (includes queueing). */
  inferenceMs: number;
  startedAtMs: number;
  endedAtMs: number;
  perClass: Record<string, number>;
}

export class DetectionPipeline {
  readonly stats: DetectionPipelineStats = {
    frames: 0, inferences: 0, decodeWaitMs: 0, preprocessMs: 0, inferenceMs: 0, startedAtMs: 0, endedAtMs: 0, perClass: {},
  };

  constructor(private readonly source: FrameSource, private readonly detector: Detector, private readonly options: DetectionPipelineOptions = {}) {}

  async *run(): AsyncGenerator<FrameDetections> {
    const depth = Math.max(1, this.options.depth ?? this.detector.concurrency + 1);
    const inFlight: Promise<FrameDetections>[] = [];
    this.stats.startedAtMs = performance.now();
    const iterator = this.source[Symbol.asyncIterator]();
    try {
      for (;;) {
        const waitStart = performance.now();
        const next = await iterator.next();
        this.stats.decodeWaitMs += performance.now() - waitStart;
        if (next.done) break;
        const pending = this.#submit(next.value);
        // Marked handled now: a failure is rethrown when its turn comes, not as an unhandled rejection.
        pending.catch(() => undefined);
        inFlight.push(pending);
        if (inFlight.length > depth) yield this.#account(await inFlight.shift()!);
      }
      while (inFlight.length > 0) yield this.#account(await inFlight.shift()!);
    } finally {
      // Settle what is still queued so no rejection goes unhandled, then stop the decoder.
      await Promise.allSettled(inFlight);
      await iterator.return?.();
      this.stats.endedAtMs = performance.now();
    }
  }

  #submit(frame: Frame): Promise<FrameDetections> {
    const t0 = performance.now();
    const batch = this.detector.prepare([frame]);
    const t1 = performance.now();
    this.stats.preprocessMs += t1 - t0;
    return this.detector.infer(batch).then(([detections]) => {
      this.stats.inferenceMs += performance.now() - t1;
      return {
        sourceId: frame.sourceId, frameIndex: frame.index, ptsMs: frame.ptsMs, width: frame.width, height: frame.height,
        detections, latencyMs: Date.now() - frame.receivedAtMs, image: frame, receivedAtMs: frame.receivedAtMs,
        ...(frame.epoch !== undefined ? { epoch: frame.epoch } : {}),
      };
    });
  }

  #account(result: FrameDetections): FrameDetections {
    this.stats.frames++;
    this.stats.inferences++;
    for (const d of result.detections) this.stats.perClass[d.label] = (this.stats.perClass[d.label] ?? 0) + 1;
    return result;
  }
}
