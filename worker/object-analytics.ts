// ObjectAnalytics: the analytics half of one camera's pipeline. Detections go through the tracker
// (inference/tracking), the rule engine and the object-event builder (analytics/), in that order,
// and come out as tracks, object events (with their best snapshot), line crossings and alerts.
// Stream time (pts) drives everything; wall-clock time only labels the records.
import type { AlertEvent, FrameDetections, FrameTracks, Track } from '../core/index.js';
import { ByteTracker, type ByteTrackerOptions } from '../inference/index.js';
import { ObjectEventBuilder, RuleEngine, type GroundPointPair, type LineCounts, type LineCrossingEvent, type ObjectEventOutput, type RulesConfig, type CongestionStatus, type LineIntervalCount } from '../analytics/index.js';

export const DEFAULT_CLASS_GROUPS: string[][] = [['car', 'truck', 'bus']];

export interface ObjectAnalyticsOptions {
  camera: string;
  /** Zones, lines and rules; without them only tracking and object events run. */
  rules?: RulesConfig;
  /** @defaultValue classGroups [['car', 'truck', 'bus']], otherwise the tracker's defaults */
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
}

export class ObjectAnalytics {
  readonly #tracker: ByteTracker;
  readonly #rules: RuleEngine | undefined;
  readonly #events: ObjectEventBuilder;
  #lastPtsMs = 0;
  #lastWallMs = 0;
  #frameIndex = 0;

  constructor(private readonly options: ObjectAnalyticsOptions) {
    // Small detectors flip a vehicle between car, truck and bus from frame to frame; one object
    // must stay one track (its label is the class with the most evidence).
    this.#tracker = new ByteTracker({ classGroups: DEFAULT_CLASS_GROUPS, ...options.tracker });
    this.#rules = options.rules ? new RuleEngine(options.rules, { camera: options.camera }) : undefined;
    this.#events = new ObjectEventBuilder({
      camera: options.camera, zones: options.rules?.zones ?? [], calibration: options.calibration,
      snapshots: options.snapshots ?? true, updateIntervalMs: options.updateIntervalMs,
    });
  }

  /** One frame's detections; `wallMs` is when the frame was taken (live) or its place in footage time. */
  process(d: FrameDetections, wallMs: number): ObjectAnalyticsOutput {
    const tracks = this.#tracker.update(d.detections, d.ptsMs);
    const removed: readonly Track[] = this.#tracker.removed;
    const frame: FrameTracks = { sourceId: this.options.camera, frameIndex: d.frameIndex, ptsMs: d.ptsMs, wallMs, width: d.width, height: d.height, tracks };
    this.#lastPtsMs = d.ptsMs;
    this.#lastWallMs = wallMs;
    this.#frameIndex = d.frameIndex;
    const rules = this.#rules?.update(frame);
    const objects = this.#events.update(frame, d.image, removed, rules?.crossings, rules?.alerts);
    return { frame, objects, alerts: rules?.alerts ?? [], crossings: rules?.crossings ?? [], intervals: rules?.intervals ?? [] };
  }

  /** End of stream: every open alert ends and every object gets its final record. */
  flush(): Omit<ObjectAnalyticsOutput, 'frame'> {
    const rules = this.#rules?.flush(this.#lastPtsMs);
    this.#tracker.flush();
    const objects = this.#events.flush(rules?.crossings, rules?.alerts);
    return { objects, alerts: rules?.alerts ?? [], crossings: rules?.crossings ?? [], intervals: rules?.intervals ?? [] };
  }

  counts(): LineCounts[] {
    return this.#rules?.counts() ?? [];
  }

  congestion(): CongestionStatus[] {
    return this.#rules?.congestion() ?? [];
  }
}
