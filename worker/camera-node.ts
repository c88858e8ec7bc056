// CameraNode: one process, many cameras, added and removed at run time too. Wires a CameraRuntime per camera (decoder, reconnects,
// newest frame) to one shared detector through the fair-share CameraScheduler (with per-camera
// tiling), and reports camera state changes, detections and per-camera statistics as typed
// events. Shutdown runs in stage order: ingest first (no new frames), then inference, so nothing
// is left half done.
import { EventEmitter } from 'node:events';
import { SharpeyeError, type Frame, type FrameDetections } from '../core/index.js';
import { resolveTilingOptions, type Detector, type TilingOptions } from '../inference/index.js';
import { CameraRuntime, effectiveStallTimeoutMs, openLiveDecoder, type CameraStatus, type LiveDecoderOptions, type ReconnectOptions } from '../ingest/index.js';
import { CameraScheduler, type FrameGate } from './camera-scheduler.js';

export interface NodeCamera {
  decoder: LiveDecoderOptions;
  stallTimeoutMs?: number;
  reconnect?: Partial<ReconnectOptions>;
  /** Skips frames not worth an inference (motion gating). */
  gate?: FrameGate;
  /** Detect this camera's frames in slices (SAHI-style) on the shared detector. @defaultValue off */
  tiling?: TilingOptions;
  /** Back-pressure from downstream (see ScheduledCameraOptions.ready). @defaultValue always ready */
  ready?: () => boolean;
}

export interface CameraStats extends CameraStatus {
  inferences: number;
  /** Images the model ran on for this camera: `inferences` without tiling, slices + 1 per frame with it. */
  modelInputs: number;
  /** Frames the gate skipped: inferences saved by motion gating. */
  skippedByGate: number;
  /** skippedByGate / (inferences + skippedByGate): the fraction of inferences motion gating saved. */
  savedFraction: number;
  /** Median ms from a frame leaving the decoder to its detections, over the recent frames. */
  latencyP50Ms: number | null;
}

export interface CameraNodeEvents {
  camera: [CameraStatus];
  detections: [FrameDetections];
  /** Every decoded frame as it arrives (before sampling by the scheduler): e.g. to keep the newest for a snapshot. */
  frame: [Frame];
  error: [Error];
}

const LATENCY_WINDOW = 200;

export class CameraNode extends EventEmitter<CameraNodeEvents> {
  readonly #scheduler: CameraScheduler;
  readonly #runtimes = new Map<string, CameraRuntime>();
  readonly #counters = new Map<string, { inferences: number; skipped: number; latencies: number[] }>();
  #started = false;
  #stopped = false;

  constructor(private readonly detector: Detector, cameras: readonly NodeCamera[]) {
    super();
    this.#scheduler = new CameraScheduler(detector);
    this.#scheduler.on('error', (err) => this.emit('error', err));
    this.#scheduler.on('detections', (r) => this.#onDetections(r));
    for (const cam of cameras) this.#add(cam);
  }

  start(): void {
    this.#started = true;
    for (const rt of this.#runtimes.values()) rt.start();
    this.#scheduler.start();
  }

  /** Camera ids, in the order they were added. */
  get cameraIds(): string[] {
    return [...this.#runtimes.keys()];
  }

  /**
   * Adds a camera; once started, it starts at once. Throws E_CAMERA_EXISTS for an id in use,
   * E_CONFIG_INVALID for bad tiling, E_NODE_CLOSED after `stop()`.
   */
  add(cam: NodeCamera): void {
    if (this.#stopped) throw new SharpeyeError('E_NODE_CLOSED', `camera ${cam.decoder.id}: the camera node is stopped`);
    if (this.#runtimes.has(cam.decoder.id)) throw new SharpeyeError('E_CAMERA_EXISTS', `camera ${cam.decoder.id} already exists; remove it first or pick another id`);
    this.#add(cam);
    if (this.#started) this.#runtimes.get(cam.decoder.id)!.start();
  }

  /** Stops one camera (its decoder is killed and reaped before this resolves) and forgets it; E_CAMERA_NOT_FOUND for an unknown id. */
  async remove(id: string): Promise<CameraStats> {
    const runtime = this.#runtimes.get(id);
    if (!runtime) throw new SharpeyeError('E_CAMERA_NOT_FOUND', `no camera '${id}'`);
    this.#scheduler.remove(id);
    await runtime.stop();
    const last = this.stats().find((s) => s.id === id)!;
    this.#runtimes.delete(id);
    this.#counters.delete(id);
    runtime.removeAllListeners();
    return last;
  }

  /** Asks the scheduler to look for frames again (a camera's `ready()` turned true). */
  wake(): void {
    this.#scheduler.wake();
  }

  /** Per-camera state and counters. */
  stats(): CameraStats[] {
    return [...this.#runtimes.values()].map((rt) => {
      const c = this.#counters.get(rt.id)!;
      const sorted = [...c.latencies].sort((a, b) => a - b);
      const handled = c.inferences + c.skipped;
      return {
        ...rt.status, inferences: c.inferences, modelInputs: this.#scheduler.modelInputsOf(rt.id), skippedByGate: c.skipped, savedFraction: handled ? Math.round((c.skipped / handled) * 1000) / 1000 : 0,
        latencyP50Ms: sorted.length ? sorted[sorted.length >> 1] : null,
      };
    });
  }

  /** Frames admitted and waiting for the detector (at most one per camera). */
  get schedulerDepth(): number {
    return this.#scheduler.pending;
  }

  get schedulerStats() {
    return { ...this.#scheduler.stats };
  }

  /** Stops every camera (reaping decoders), then the scheduler; the detector stays the caller's. Idempotent. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    await Promise.all([...this.#runtimes.values()].map((rt) => rt.stop()));
    await this.#scheduler.stop();
  }

  #add(cam: NodeCamera): void {
    const id = cam.decoder.id;
    const tiling = cam.tiling && resolveTilingOptions(cam.tiling); // E_CONFIG_INVALID before anything starts
    const runtime = new CameraRuntime({
      id, openSource: () => openLiveDecoder(cam.decoder),
      // A low-rate camera may be quiet for a few frame intervals before it counts as stalled.
      stallTimeoutMs: effectiveStallTimeoutMs(cam.stallTimeoutMs, cam.decoder.fps), reconnect: cam.reconnect,
    });
    runtime.on('status', (s) => this.emit('camera', s));
    runtime.on('frame', (f) => this.emit('frame', f));
    this.#runtimes.set(id, runtime);
    const counters = { inferences: 0, skipped: 0, latencies: [] as number[] };
    this.#counters.set(id, counters);
    const gate = cam.gate;
    this.#scheduler.add(runtime, gate && {
      admit: (frame) => { const ok = gate.admit(frame); if (!ok) counters.skipped++; return ok; },
      observe: (detections, frame) => gate.observe(detections, frame),
    }, { ...(tiling ? { tiling } : {}), ...(cam.ready ? { ready: cam.ready } : {}) });
  }

  #onDetections(r: FrameDetections): void {
    const c = this.#counters.get(r.sourceId);
    if (c) {
      c.inferences++;
      c.latencies.push(r.latencyMs);
      if (c.latencies.length > LATENCY_WINDOW) c.latencies.shift();
    }
    this.emit('detections', r);
  }
}
