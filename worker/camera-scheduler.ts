// CameraScheduler: many live cameras, one detector. Cameras are served round-robin so a busy one
// cannot starve the rest; each turn takes only a camera's newest frame (stale frames were already
// dropped by its runtime); frames from several cameras share one inference when the model takes
// batches, and otherwise as many run at once as the detector has sessions. A per-camera gate
// (motion) can skip a frame before it costs an inference.
import { EventEmitter } from 'node:events';
import type { Detection, Frame, FrameDetections } from '../core/index.js';
import type { Detector } from '../inference/index.js';

/** Decides per frame whether it is worth an inference (e.g. motion gating). */
export interface FrameGate {
  admit(frame: Frame): boolean;
  /** Detections of an admitted frame, so the gate knows whether objects are present. */
  observe(detections: readonly Detection[], frame: Frame): void;
}

/** What the scheduler needs from a camera: its id, its newest frame, a signal that one arrived. */
export interface ScheduledCamera {
  readonly id: string;
  takeLatest(): Frame | undefined;
  on(event: 'frame', listener: (frame: Frame) => void): unknown;
  off(event: 'frame', listener: (frame: Frame) => void): unknown;
}

export interface CameraSchedulerStats {
  inferences: number;
  framesDetected: number;
  framesSkipped: number;
  /** Mean frames per inference call (> 1 only with batching). */
  meanBatch: number;
}

export interface CameraSchedulerEvents {
  detections: [FrameDetections];
  error: [Error];
}

interface Slot { camera: ScheduledCamera; gate?: FrameGate }

export class CameraScheduler extends EventEmitter<CameraSchedulerEvents> {
  readonly stats: CameraSchedulerStats = { inferences: 0, framesDetected: 0, framesSkipped: 0, meanBatch: 0 };
  readonly #slots: Slot[] = [];
  #next = 0;
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  readonly #onFrame = () => this.#notify();

  constructor(private readonly detector: Detector) {
    super();
  }

  add(camera: ScheduledCamera, gate?: FrameGate): void {
    this.#slots.push({ camera, gate });
    camera.on('frame', this.#onFrame);
    this.#notify();
  }

  start(): void {
    this.#running = true;
    this.#loop ??= this.#run();
  }

  /** Stops taking frames and waits for inferences in flight. The detector is the caller's to close. */
  async stop(): Promise<void> {
    this.#running = false;
    for (const s of this.#slots) s.camera.off('frame', this.#onFrame);
    this.#notify();
    await this.#loop;
  }

  async #run(): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    while (this.#running) {
      const batch = this.#collect(this.detector.batchCapacity);
      if (batch.length === 0) {
        await new Promise<void>((resolve) => { this.#wake = resolve; });
        continue;
      }
      const job = this.#infer(batch).finally(() => inFlight.delete(job));
      inFlight.add(job);
      if (inFlight.size >= this.detector.concurrency) await Promise.race(inFlight);
    }
    await Promise.allSettled(inFlight);
  }

  /** Up to `capacity` frames, one per camera, in round-robin order; gated frames are skipped. */
  #collect(capacity: number): Array<{ slot: Slot; frame: Frame }> {
    const batch: Array<{ slot: Slot; frame: Frame }> = [];
    const n = this.#slots.length, start = this.#next;
    for (let k = 0; k < n && batch.length < capacity; k++) {
      const slot = this.#slots[(start + k) % n];
      const frame = slot.camera.takeLatest();
      if (!frame) continue;
      if (slot.gate && !slot.gate.admit(frame)) { this.stats.framesSkipped++; continue; }
      batch.push({ slot, frame });
      this.#next = (start + k + 1) % n; // the next turn starts after the last camera served
    }
    return batch;
  }

  async #infer(batch: Array<{ slot: Slot; frame: Frame }>): Promise<void> {
    try {
      const results = await this.detector.infer(this.detector.prepare(batch.map((b) => b.frame)));
      const s = this.stats;
      s.meanBatch = (s.meanBatch * s.inferences + batch.length) / (s.inferences + 1);
      s.inferences++;
      batch.forEach(({ slot, frame }, i) => {
        s.framesDetected++;
        slot.gate?.observe(results[i], frame);
        this.emit('detections', {
          sourceId: slot.camera.id, frameIndex: frame.index, ptsMs: frame.ptsMs, width: frame.width, height: frame.height,
          detections: results[i], latencyMs: Date.now() - frame.receivedAtMs, image: frame, receivedAtMs: frame.receivedAtMs,
          ...(frame.epoch !== undefined ? { epoch: frame.epoch } : {}),
        });
      });
    } catch (err) {
      this.emit('error', err as Error);
    }
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
