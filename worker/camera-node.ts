// CameraNode: one process, many cameras. Wires a CameraRuntime per camera (decoder, reconnects,
// newest frame) to one shared detector through the fair-share CameraScheduler (with per-camera
// tiling), and reports camera state changes, detections and per-camera statistics as typed
// events. Shutdown runs in stage order: ingest first (no new frames), then inference, so nothing
// is left half done.
import { EventEmitter } from 'node:events';
import type { FrameDetections } from '../core/index.js';
import { resolveTilingOptions, type Detector, type TilingOptions } from '../inference/index.js';
import { CameraRuntime, openLiveDecoder, type CameraStatus, type LiveDecoderOptions, type ReconnectOptions } from '../ingest/index.js';
import { CameraScheduler, type FrameGate } from './camera-scheduler.js';

export interface NodeCamera {
  decoder: LiveDecoderOptions;
  stallTimeoutMs?: number;
  reconnect?: Partial<ReconnectOptions>;
  /** Skips frames not worth an inference (motion gating). */
  gate?: FrameGate;
  /** Detect this camera's frames in slices (SAHI-style) on the shared detector. @defaultValue off */
  tiling?: TilingOptions;
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
  error: [Error];
}

const LATENCY_WINDOW = 200;

export class CameraNode extends EventEmitter<CameraNodeEvents> {
  readonly #scheduler: CameraScheduler;
  readonly #runtimes = new Map<string, CameraRuntime>();
  readonly #counters = new Map<string, { inferences: number; skipped: number; latencies: number[] }>();
  #stopped = false;

  constructor(private readonly detector: Detector, cameras: readonly NodeCamera[]) {
    super();
    this.#scheduler = new CameraScheduler(detector);
    this.#scheduler.on('error', (err) => this.emit('error', err));
    this.#scheduler.on('detections', (r) => this.#onDetections(r));
    for (const cam of cameras) this.#add(cam);
  }

  start(): void {
    for (const rt of this.#runtimes.values()) rt.start();
    this.#scheduler.start();
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
    const runtime = new CameraRuntime({ id, openSource: () => openLiveDecoder(cam.decoder), stallTimeoutMs: cam.stallTimeoutMs, reconnect: cam.reconnect });
    runtime.on('status', (s) => this.emit('camera', s));
    this.#runtimes.set(id, runtime);
    const counters = { inferences: 0, skipped: 0, latencies: [] as number[] };
    this.#counters.set(id, counters);
    const gate = cam.gate;
    const tiling = cam.tiling && resolveTilingOptions(cam.tiling); // E_CONFIG_INVALID before anything starts
    this.#scheduler.add(runtime, gate && {
      admit: (frame) => { const ok = gate.admit(frame); if (!ok) counters.skipped++; return ok; },
      observe: (detections, frame) => gate.observe(detections, frame),
    }, tiling ? { tiling } : {});
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
