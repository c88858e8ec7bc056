// CameraScheduler: many live cameras, one detector. Cameras are served by fair share of model
// work: the camera that has cost the least so far goes next (round-robin among equals), so a busy
// one cannot starve the rest; each turn takes only a camera's newest frame (stale frames were
// already dropped by its runtime, and a frame waiting for its turn is replaced by a newer one);
// frames from several cameras share one inference when the model takes batches, and otherwise as
// many run at once as the detector has sessions. A per-camera gate (motion) can skip a frame before
// it costs an inference. A camera with tiling has each frame detected in slices, alone in its call
// (never batched with plain frames) and charged one model input per slice plus the full frame.
// At most one frame per camera is in the detector at a time, so each camera's detections come out
// in frame order (the tracker needs them so) even when several sessions run at once.
import { EventEmitter } from 'node:events';
import { SharpeyeError, type Detection, type Frame, type FrameDetections } from '../core/index.js';
import { tileGrid, type Detector, type ResolvedTilingOptions } from '../inference/index.js';

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

/** How the scheduler treats one camera's frames. */
export interface ScheduledCameraOptions {
  /** Sliced inference for this camera's frames (from `resolveTilingOptions`). @defaultValue off */
  tiling?: ResolvedTilingOptions;
  /**
   * Back-pressure from downstream: while this returns false the camera's frames are left with the
   * camera (its newest frame keeps replacing older ones there) and none is taken; call `wake()` when
   * it turns true again. @defaultValue always ready
   */
  ready?: () => boolean;
}

export interface CameraSchedulerStats {
  /** Detector calls (`infer`). */
  inferences: number;
  framesDetected: number;
  framesSkipped: number;
  /** Frames detected in slices (cameras with tiling). */
  framesTiled: number;
  /** Images the model ran on: 1 per plain frame, slices + 1 per tiled frame. */
  modelInputs: number;
  /** Mean frames per inference call (> 1 only with batching). */
  meanBatch: number;
  /** Admitted frames replaced, while waiting for their turn, by a newer frame of the same camera (live: newest wins). */
  framesReplaced: number;
}

export interface CameraSchedulerEvents {
  detections: [FrameDetections];
  error: [Error];
}

interface Slot {
  camera: ScheduledCamera;
  gate?: FrameGate;
  tiling?: ResolvedTilingOptions;
  ready?: () => boolean;
  /** Model inputs charged for fair share; lifted to the least busy ready camera's while idle, so idling banks no credit. */
  share: number;
  /** Model inputs actually spent on this camera. */
  modelInputs: number;
  /** Waiting frames of this camera replaced by a newer one (absent: none yet). */
  replaced?: number;
  /** An admitted frame waiting for its turn. */
  pending?: Frame;
  /** A frame of this camera is in the detector: the next waits, so each camera's detections come out in frame order. */
  busy?: boolean;
}

export class CameraScheduler extends EventEmitter<CameraSchedulerEvents> {
  readonly stats: CameraSchedulerStats = { inferences: 0, framesDetected: 0, framesSkipped: 0, framesTiled: 0, modelInputs: 0, meanBatch: 0, framesReplaced: 0 };
  readonly #slots: Slot[] = [];
  #next = 0;
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  readonly #onFrame = () => this.#notify();

  constructor(private readonly detector: Detector) {
    super();
  }

  /** Serves `camera` from now on; `gate` may skip its frames, `o.tiling` has them detected in slices. */
  add(camera: ScheduledCamera, gate?: FrameGate, o: ScheduledCameraOptions = {}): void {
    const share = this.#slots.length ? Math.min(...this.#slots.map((s) => s.share)) : 0; // a newcomer starts level, not ahead
    if (this.#slots.some((s) => s.camera.id === camera.id)) throw new SharpeyeError('E_CAMERA_EXISTS', `camera ${camera.id} is already scheduled`);
    this.#slots.push({ camera, gate, tiling: o.tiling, ready: o.ready, share, modelInputs: 0 });
    camera.on('frame', this.#onFrame);
    this.#notify();
  }

  /**
   * Stops serving `cameraId` (at run time too): its waiting frame is discarded; a frame of it
   * already in the detector still comes out as a `detections` event. Returns whether it was served.
   */
  remove(cameraId: string): boolean {
    const i = this.#slots.findIndex((s) => s.camera.id === cameraId);
    if (i < 0) return false;
    const [slot] = this.#slots.splice(i, 1);
    slot.camera.off('frame', this.#onFrame);
    if (this.#next > i) this.#next--;
    if (this.#slots.length === 0 || this.#next >= this.#slots.length) this.#next = 0;
    return true;
  }

  /** Cameras served now, in order. */
  get cameraIds(): string[] {
    return this.#slots.map((s) => s.camera.id);
  }

  /** Admitted frames waiting for their turn (at most one per camera). */
  get pending(): number {
    return this.#slots.filter((s) => s.pending).length;
  }

  /** Looks for frames again (a camera's `ready()` turned true). */
  wake(): void {
    this.#notify();
  }

  /** Model inputs spent on one camera so far (a tiled frame counts its slices + 1). */
  modelInputsOf(cameraId: string): number {
    return this.#slots.find((s) => s.camera.id === cameraId)?.modelInputs ?? 0;
  }

  /** Frames of one camera taken for detection but replaced by a newer one before their turn. */
  framesReplacedOf(cameraId: string): number {
    return this.#slots.find((s) => s.camera.id === cameraId)?.replaced ?? 0;
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
      const tiling = batch[0]?.slot.tiling;
      if (batch.length === 0) {
        await new Promise<void>((resolve) => { this.#wake = resolve; });
        continue;
      }
      const job = this.#infer(batch, tiling).finally(() => inFlight.delete(job));
      inFlight.add(job);
      if (inFlight.size >= this.detector.concurrency) await Promise.race(inFlight);
    }
    await Promise.allSettled(inFlight);
  }

  /**
   * The next call's frames, one per camera: the ready camera with the least model work charged so
   * far goes first (round-robin from the last one served among equals). A tiled camera's frame goes
   * alone; otherwise up to `capacity` plain frames, least charged first. Gated frames are skipped.
   */
  #collect(capacity: number): Array<{ slot: Slot; frame: Frame }> {
    const n = this.#slots.length;
    for (const slot of this.#slots) {
      if (slot.ready && !slot.ready()) continue; // held back: the frame stays with the camera
      const frame = slot.camera.takeLatest();
      if (!frame) continue;
      if (slot.gate && !slot.gate.admit(frame)) { this.stats.framesSkipped++; continue; }
      if (slot.pending) { slot.replaced = (slot.replaced ?? 0) + 1; this.stats.framesReplaced++; }
      slot.pending = frame; // a newer admitted frame replaces one still waiting
    }
    const order = Array.from({ length: n }, (_, k) => this.#slots[(this.#next + k) % n]);
    const ready = order.filter((s) => s.pending && !s.busy);
    if (ready.length === 0) return [];
    const floor = Math.min(...ready.map((s) => s.share));
    for (const s of this.#slots) if (!s.pending && s.share < floor) s.share = floor;
    ready.sort((a, b) => a.share - b.share); // stable: round-robin order among equals
    const chosen = ready[0].tiling ? [ready[0]] : ready.filter((s) => !s.tiling).slice(0, capacity);
    const batch = chosen.map((slot) => {
      const frame = slot.pending!;
      slot.pending = undefined;
      slot.busy = true;
      const tiling = slot.tiling ?? this.detector.info.tiling; // a tiling detector slices every frame
      const cost = tiling ? tileGrid(frame.width, frame.height, tiling).length : 1;
      slot.share += cost;
      slot.modelInputs += cost;
      this.stats.modelInputs += cost;
      if (tiling) this.stats.framesTiled++;
      return { slot, frame };
    });
    this.#next = (this.#slots.indexOf(chosen[chosen.length - 1]) + 1) % n; // the next turn starts after the last camera served
    return batch;
  }

  async #infer(batch: Array<{ slot: Slot; frame: Frame }>, tiling: ResolvedTilingOptions | undefined): Promise<void> {
    try {
      const results = await this.detector.infer(this.detector.prepare(batch.map((b) => b.frame), tiling ? { tiling } : {}));
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
    } finally {
      for (const { slot } of batch) slot.busy = false;
      this.#notify(); // a camera whose next frame waited for this one may go now
    }
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
