// ObjectAnalytics: the analytics half of one camera's pipeline. Detections go through the tracker
// (inference/tracking), the rule engine and the object-event builder (analytics/), in that order,
// and come out as tracks, object events (with their best snapshot), line crossings and alerts.
// Stream time (pts) drives everything; wall-clock time only labels the records. A stream
// discontinuity (a new epoch, or pts going backwards) ends every open track, alert and interval
// cleanly and the camera carries on: its stream time continues after the gap (see `process`).
import type { AlertEvent, FrameDetections, FrameTracks, Track } from '../core/index.js';
import { ByteTracker, DEFAULT_CLASS_GROUPS, type ByteTrackerOptions } from '../inference/index.js';
import { ObjectEventBuilder, RuleEngine, type GroundPointPair, type LineCounts, type LineCrossingEvent, type ObjectEventOutput, type RulesConfig, type CongestionStatus, type LineIntervalCount } from '../analytics/index.js';

/** A step back in pts up to this long is jitter, not a restarted stream. */
const PTS_JITTER_MS = 1000;

export interface ObjectAnalyticsOptions {
  camera: string;
  /** Zones, lines and rules; without them only tracking and object events run. */
  rules?: RulesConfig;
  /** @defaultValue classGroups: the vehicle family [['car', 'truck', 'bus', 'train']], otherwise the tracker's defaults */
  tracker?: ByteTrackerOptions;
  /** Ground-plane calibration (normalised image points, metres east/north). */
  calibration?: readonly GroundPointPair[];
  /** Keep best-view crops for snapshots. @defaultValue true */
  snapshots?: boolean;
  /** Stream time between updates of a long-lived object. @defaultValue 10000 */
  updateIntervalMs?: number;
}

export interface ObjectAnalyticsOutput {
  frame: FrameTracks;
  objects: ObjectEventOutput[];
  alerts: AlertEvent[];
  crossings: LineCrossingEvent[];
  intervals: LineIntervalCount[];
  /** Set on the first frame after a stream discontinuity: what was open before it ended here. */
  discontinuity?: { epoch: number; reason: 'epoch' | 'pts-backwards' };
}

export class ObjectAnalytics {
  readonly #tracker: ByteTracker;
  readonly #rules: RuleEngine | undefined;
  readonly #events: ObjectEventBuilder;
  /** Continuous stream time of the latest frame (the decoder's pts plus `#offsetMs`). */
  #lastPtsMs = 0;
  #lastWallMs = 0;
  /** Epoch and raw pts of the latest frame; undefined before the first. */
  #epoch: number | undefined;
  #lastRawPtsMs = 0;
  /** Added to the decoder's pts so stream time never goes backwards across discontinuities. */
  #offsetMs = 0;

  constructor(private readonly options: ObjectAnalyticsOptions) {
    // Small detectors flip a vehicle between car, truck and bus from frame to frame; one object
    // must stay one track (its label is the class with the most evidence).
    this.#tracker = new ByteTracker({ classGroups: DEFAULT_CLASS_GROUPS, ...options.tracker });
    this.#rules = options.rules ? new RuleEngine(options.rules, { camera: options.camera, calibration: options.calibration }) : undefined;
    this.#events = new ObjectEventBuilder({
      camera: options.camera, zones: options.rules?.zones ?? [], calibration: options.calibration,
      snapshots: options.snapshots ?? true, updateIntervalMs: options.updateIntervalMs,
    });
  }

  /**
   * One frame's detections; `wallMs` is when the frame was taken (live) or its place in footage time.
   * The pts of the output (frame, objects, alerts) are the camera's continuous stream time: the
   * decoder's pts, shifted after each discontinuity so that the new timeline starts where the old
   * one ended plus the wall-clock gap. Ids therefore never repeat across reconnects or loops.
   */
  process(d: FrameDetections, wallMs: number): ObjectAnalyticsOutput {
    const discontinuity = this.#discontinuity(d);
    const ended = discontinuity ? this.#endAll() : undefined;
    if (!discontinuity && this.#epoch !== undefined && d.ptsMs < this.#lastRawPtsMs) {
      // A small step back (a muxer's jitter) is no new timeline: stream time just moves on by 1 ms.
      this.#offsetMs = this.#lastPtsMs + 1 - d.ptsMs;
    } else if (discontinuity || !Number.isFinite(d.ptsMs)) {
      // The new timeline continues the old one after the wall-clock gap (at least 1 ms).
      const gap = Math.max(1, Number.isFinite(wallMs - this.#lastWallMs) ? wallMs - this.#lastWallMs : 1);
      this.#offsetMs = this.#epoch === undefined ? 0 : this.#lastPtsMs + gap - (Number.isFinite(d.ptsMs) ? d.ptsMs : 0);
    }
    this.#epoch = d.epoch ?? 0;
    const rawPts = Number.isFinite(d.ptsMs) ? d.ptsMs : 0;
    this.#lastRawPtsMs = rawPts;
    const ptsMs = rawPts + this.#offsetMs;
    const tracks = this.#tracker.update(d.detections, ptsMs);
    const removed: readonly Track[] = this.#tracker.removed;
    const frame: FrameTracks = { sourceId: this.options.camera, frameIndex: d.frameIndex, ptsMs, wallMs, width: d.width, height: d.height, tracks };
    this.#lastPtsMs = ptsMs;
    this.#lastWallMs = wallMs;
    const rules = this.#rules?.update(frame);
    const objects = this.#events.update(frame, d.image, removed, rules?.crossings, rules?.alerts);
    const out: ObjectAnalyticsOutput = { frame, objects, alerts: rules?.alerts ?? [], crossings: rules?.crossings ?? [], intervals: rules?.intervals ?? [] };
    if (!ended) return out;
    return {
      ...out, discontinuity: { epoch: this.#epoch, reason: discontinuity! },
      objects: [...ended.objects, ...out.objects], alerts: [...ended.alerts, ...out.alerts],
      crossings: [...ended.crossings, ...out.crossings], intervals: [...ended.intervals, ...out.intervals],
    };
  }

  /** End of stream: every open alert ends and every object gets its final record. */
  flush(): Omit<ObjectAnalyticsOutput, 'frame'> {
    return this.#endAll();
  }

  counts(): LineCounts[] {
    return this.#rules?.counts() ?? [];
  }

  congestion(): CongestionStatus[] {
    return this.#rules?.congestion() ?? [];
  }

  /** Why this frame starts a new timeline, if it does. */
  #discontinuity(d: FrameDetections): 'epoch' | 'pts-backwards' | undefined {
    if (this.#epoch === undefined) return undefined;
    if ((d.epoch ?? 0) !== this.#epoch) return 'epoch';
    if (!Number.isFinite(d.ptsMs)) return undefined; // mapped onto the wall clock, same timeline
    if (d.ptsMs < this.#lastRawPtsMs - PTS_JITTER_MS) return 'pts-backwards';
    return undefined;
  }

  /** Ends every open alert, interval and track, each object with its final record. */
  #endAll(): Omit<ObjectAnalyticsOutput, 'frame'> {
    const rules = this.#rules?.flush(this.#lastPtsMs);
    this.#tracker.flush();
    const objects = this.#events.flush(rules?.crossings, rules?.alerts);
    return { objects, alerts: rules?.alerts ?? [], crossings: rules?.crossings ?? [], intervals: rules?.intervals ?? [] };
  }
}
