// MotionGate: decides per frame whether a frame is worth a detector inference. A frame is admitted
// when it has motion, while watched objects were seen recently (a stopped car is still tracked),
// and as a heartbeat after a long skip; otherwise the inference is saved. Times come from the
// frames (pts or receivedAtMs), never from a clock, so replays decide the same way.
import { SharpeyeError, type Detection, type Frame } from '../../core/index.js';
import { MotionDetector, validateMotionDetectorOptions, type MotionDetectorOptions, type MotionResult } from './motion-detector.js';
import { MOTION_LIMITS } from './motion-config.js';

/** Which frame time the gate measures `holdMs` and `maxSkipMs` on. */
export type MotionGateTimeSource = 'pts' | 'received';

/** Why a frame was admitted, in order of precedence. */
export type AdmitReason = 'warm-up' | 'motion' | 'objects' | 'heartbeat';

/** The gate's own options next to those of its MotionDetector (one flat object, as in a camera's `motion` config). */
export interface MotionGateOptions extends MotionDetectorOptions {
  /** Labels whose detections hold the gate open; empty means any label. @defaultValue [] */
  watchLabels?: readonly string[];
  /** Detections scoring below this do not hold the gate open. @defaultValue 0 */
  minScore?: number;
  /** Frames are admitted for this long (stream time) after a frame whose detections held a watched object. @defaultValue MotionConfigSchema holdSeconds (2 s) * 1000 */
  holdMs?: number;
  /** A frame is admitted when none was for this long, whatever the motion says (safety heartbeat); Infinity turns it off. @defaultValue MotionConfigSchema maxSkipSeconds (10 s) * 1000 */
  maxSkipMs?: number;
  /** 'pts' measures on the stream's pts, 'received' on the wall-clock time the frame was read. @defaultValue 'pts' */
  timeSource?: MotionGateTimeSource;
}

export interface MotionGateStats {
  framesSeen: number;
  admitted: number;
  skipped: number;
  /** skipped / framesSeen: the share of inferences saved (0 before any frame). */
  savedFraction: number;
  /** Admitted frames by the reason that admitted them. */
  admittedBy: Record<AdmitReason, number>;
}

export class MotionGate {
  readonly detector: MotionDetector;
  readonly #watch: ReadonlySet<string>;
  readonly #minScore: number;
  readonly #holdMs: number;
  readonly #maxSkipMs: number;
  readonly #timeOf: (frame: Frame) => number;
  #seen = 0;
  readonly #admittedBy: Record<AdmitReason, number> = { 'warm-up': 0, motion: 0, objects: 0, heartbeat: 0 };
  #lastSeenMs: number | undefined;
  #lastAdmittedMs: number | undefined;
  #lastObjectMs: number | undefined;
  #lastResult: MotionResult | undefined;
  #lastReason: AdmitReason | null = null;

  constructor(options: MotionGateOptions = {}) {
    validateMotionGateOptions(options);
    const { watchLabels, minScore, holdMs, maxSkipMs, timeSource, ...motion } = options;
    this.detector = new MotionDetector(motion);
    this.#watch = new Set(watchLabels ?? []);
    this.#minScore = minScore ?? 0;
    this.#holdMs = holdMs ?? MOTION_LIMITS.holdSeconds.default! * 1000;
    this.#maxSkipMs = maxSkipMs ?? MOTION_LIMITS.maxSkipSeconds.default! * 1000;
    this.#timeOf = (timeSource ?? 'pts') === 'pts' ? (f) => f.ptsMs : (f) => f.receivedAtMs;
  }

  get stats(): MotionGateStats {
    const admitted = Object.values(this.#admittedBy).reduce((a, v) => a + v, 0);
    const skipped = this.#seen - admitted;
    return { framesSeen: this.#seen, admitted, skipped, savedFraction: this.#seen === 0 ? 0 : skipped / this.#seen, admittedBy: { ...this.#admittedBy } };
  }

  /** The motion result of the latest frame given to `admit`. */
  get lastResult(): MotionResult | undefined {
    return this.#lastResult;
  }

  /** Why the latest frame was admitted, or null when it was skipped (or before any frame). */
  get lastReason(): AdmitReason | null {
    return this.#lastReason;
  }

  /** Runs motion detection on the frame (always, so the background stays current) and decides. */
  admit(frame: Frame): boolean {
    const now = this.#timeOf(frame);
    // Time going backwards means a new timeline (a reconnected decoder restarts pts at 0): what
    // was learned about the old one says nothing about this one.
    if (this.#lastSeenMs !== undefined && now < this.#lastSeenMs) {
      this.#lastAdmittedMs = undefined;
      this.#lastObjectMs = undefined;
    }
    this.#lastSeenMs = now;
    this.#seen++;
    const result = this.detector.update(frame);
    this.#lastResult = result;
    const reason = this.#reason(result, now);
    this.#lastReason = reason;
    if (reason === null) return false;
    this.#admittedBy[reason]++;
    this.#lastAdmittedMs = now;
    return true;
  }

  /** Detections of an admitted frame: any watched object (re)starts the hold. */
  observe(detections: readonly Detection[], frame: Frame): void {
    const at = this.#timeOf(frame);
    // A frame later than anything admitted belongs to a timeline the gate has already left.
    if (this.#lastSeenMs !== undefined && at > this.#lastSeenMs) return;
    const watched = detections.some((d) => d.score >= this.#minScore && (this.#watch.size === 0 || this.#watch.has(d.label)));
    if (watched) this.#lastObjectMs = Math.max(this.#lastObjectMs ?? at, at);
  }

  #reason(result: MotionResult, now: number): AdmitReason | null {
    if (result.warmUp) return 'warm-up';
    if (result.motion) return 'motion';
    const sinceObject = this.#lastObjectMs === undefined ? Infinity : now - this.#lastObjectMs;
    if (sinceObject >= 0 && sinceObject <= this.#holdMs) return 'objects';
    if (this.#lastAdmittedMs === undefined || now - this.#lastAdmittedMs >= this.#maxSkipMs) return 'heartbeat';
    return null;
  }
}

/** Throws E_CONFIG_INVALID naming the first option out of bounds. */
export function validateMotionGateOptions(o: MotionGateOptions): void {
  const fail = (path: string, rule: string, value: unknown): never => {
    throw new SharpeyeError('E_CONFIG_INVALID', `${path} must be ${rule}, got ${JSON.stringify(value) ?? String(value)}`, { details: { path, value } });
  };
  const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  if (o.holdMs !== undefined && !(isNumber(o.holdMs) && o.holdMs >= 0)) fail('holdMs', 'a number of milliseconds >= 0', o.holdMs);
  if (o.maxSkipMs !== undefined && !(typeof o.maxSkipMs === 'number' && o.maxSkipMs > 0)) fail('maxSkipMs', 'a number of milliseconds > 0 (Infinity: no heartbeat)', o.maxSkipMs);
  if (o.minScore !== undefined && !(isNumber(o.minScore) && o.minScore >= 0 && o.minScore <= 1)) fail('minScore', 'a number in [0, 1]', o.minScore);
  if (o.timeSource !== undefined && o.timeSource !== 'pts' && o.timeSource !== 'received') fail('timeSource', "'pts' or 'received'", o.timeSource);
  if (o.watchLabels !== undefined) {
    if (!Array.isArray(o.watchLabels)) fail('watchLabels', 'an array of labels', o.watchLabels);
    o.watchLabels.forEach((label, i) => { if (typeof label !== 'string' || label === '') fail(`watchLabels[${i}]`, 'a non-empty label', label); });
  }
  validateMotionDetectorOptions(o);
}
