// CameraPipeline: what the node runs for one camera after the detector: tracking, rules and object
// events (ObjectAnalytics, when the camera is tracked), a reference to its newest decoded frame (for
// snapshots on request), and the ordered hand-off of each frame's results to the node's sink.
// New rules replace the analytics at once; see `setRules` for what happens to open tracks. With
// plates on, each frame's vehicle tracks are read (CameraPlates) and every hand-off is annotated
// with the plates voted so far before it reaches the sink.
import type { FrameDetections, Frame, Track } from '../core/index.js';
import type { CongestionStatus } from '../analytics/index.js';
import { ObjectAnalytics, type CameraPlates, type CameraRules, type ObjectAnalyticsOutput, type PlateFrameTime, type ServeCameraConfig } from '../worker/index.js';
import type { IndexOverflowPolicy } from './index-queue.js';

/** Where a camera's analytics results go (the node: alert log, traffic log, index queue, output events). */
export interface AnalyticsSink {
  /** One frame's (or a flush's) results; resolves once they are handed on (index queue: queued). */
  handle(camera: CameraPipeline, out: Omit<ObjectAnalyticsOutput, 'frame'>): Promise<void>;
  /** The congestion levels after a frame (the sink logs changes). */
  congestion(camera: string, wallMs: number, status: readonly CongestionStatus[]): void;
  /** A failure in the hand-off, reported, never thrown. */
  error(camera: string, err: unknown): void;
}

export interface CameraPipelineOptions {
  config: ServeCameraConfig;
  /** Track and build object events even without rules (a store needs them, or `track: true`). */
  tracked: boolean;
  /** Keep best-view crops for snapshots. */
  snapshots: boolean;
  /** Live cameras 'drop-oldest', file cameras 'block'. */
  policy: IndexOverflowPolicy;
  sink: AnalyticsSink;
  /** A fresh plate reader hand-off for this camera (one per analytics instance: track ids restart with new rules); undefined with plates off. */
  plates?: (config: ServeCameraConfig, policy: IndexOverflowPolicy) => CameraPlates | undefined;
}

/** One analytics instance and the plate reads of its tracks. */
interface Analytics { objects: ObjectAnalytics; plates: CameraPlates | undefined }

export class CameraPipeline {
  readonly id: string;
  readonly policy: IndexOverflowPolicy;
  #config: ServeCameraConfig;
  #analytics: Analytics | undefined;
  #latest: Frame | undefined;
  #chain: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(private readonly o: CameraPipelineOptions) {
    this.id = o.config.id;
    this.policy = o.policy;
    this.#config = o.config;
    this.#analytics = this.#makeAnalytics(o.config.rules);
  }

  get config(): ServeCameraConfig {
    return this.#config;
  }

  /** The newest decoded frame (kept by reference; encoded only on request), or undefined before the first. */
  get latestFrame(): Frame | undefined {
    return this.#latest;
  }

  frame(f: Frame): void {
    this.#latest = f;
  }

  /** Plate reads of this camera waiting for a slot (a file camera's next frame waits while any do). */
  get platesWaiting(): number {
    return this.#analytics?.plates?.waiting ?? 0;
  }

  /** Runs the analytics on one frame's detections; returns the confirmed tracks (undefined when untracked). */
  detections(r: FrameDetections): readonly Track[] | undefined {
    const analytics = this.#analytics;
    if (!analytics || this.#closed) return undefined;
    const wallMs = r.receivedAtMs ?? Date.now();
    const out = analytics.objects.process(r, wallMs);
    const congestion = analytics.objects.congestion();
    if (congestion.length > 0) this.o.sink.congestion(this.id, wallMs, congestion);
    void analytics.plates?.frame(out.frame, r.image);
    this.#handOff(out, analytics.plates, { frameIndex: out.frame.frameIndex, ptsMs: out.frame.ptsMs, wallMs });
    return out.frame.tracks;
  }

  /**
   * New rules for the running camera, without a restart: the current analytics are flushed (every
   * open alert ends with an 'ended' event, every open object gets its final record, counting
   * intervals close) and new analytics start with the next frame, so tracks restart with new ids.
   */
  setRules(config: ServeCameraConfig): void {
    const old = this.#analytics;
    this.#config = config;
    if (old) this.#handOff(old.objects.flush(), old.plates);
    this.#analytics = this.#makeAnalytics(config.rules);
  }

  /** Flushes the analytics (alerts end, objects final) and waits until everything is handed on. Idempotent. */
  async close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      if (this.#analytics) this.#handOff(this.#analytics.objects.flush(), this.#analytics.plates);
      this.#latest = undefined;
    }
    await this.#chain;
  }

  /**
   * Each camera's results are handed on in order, one frame after the other; with plates on, each
   * hand-off first gets its plates (a final record waits for its track's reads, see CameraPlates).
   */
  #handOff(out: Omit<ObjectAnalyticsOutput, 'frame'>, plates?: CameraPlates, at?: PlateFrameTime): void {
    this.#chain = this.#chain
      .then(async () => this.o.sink.handle(this, plates ? await plates.annotate(out, at) : out))
      .catch((err) => this.o.sink.error(this.id, err));
  }

  #makeAnalytics(rules: CameraRules | undefined): Analytics | undefined {
    const c = this.#config;
    if (!this.o.tracked && !c.track && !rules && !c.plates.enabled) return undefined;
    return {
      objects: new ObjectAnalytics({ camera: this.id, rules: rules?.rules, calibration: rules?.calibration, snapshots: this.o.snapshots }),
      plates: c.plates.enabled ? this.o.plates?.(c, this.policy) : undefined,
    };
  }
}
