// Plain data contracts shared by every stage. Pixels stay in typed arrays; boxes are tuples in
// source-image pixels. Stages exchange only these shapes.

/** `[x1, y1, x2, y2]` in source pixels, x1 <= x2, y1 <= y2. */
export type Box = [number, number, number, number];

/** A decoded picture: packed RGB24, row-major, `data.length === width * height * 3`. */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** One frame out of a frame source. */
export interface Frame extends RgbImage {
  /** Source id (camera id or file path) the frame came from. */
  readonly sourceId: string;
  /** 0-based index among the frames this source emitted (after sampling). */
  readonly index: number;
  /** Presentation timestamp in milliseconds from the start of the stream. */
  readonly ptsMs: number;
  /** Wall-clock time (ms since epoch) the frame was fully read from the decoder. */
  readonly receivedAtMs: number;
  /**
   * Stream epoch: the timeline `ptsMs` belongs to. A source that restarts its timeline (a live
   * camera reconnecting, a file camera looping) gives the frames after it the next epoch, so every
   * consumer of stream time can end what was open and start fresh. Absent means 0.
   */
  readonly epoch?: number;
}

export interface Detection {
  readonly label: string;
  readonly classId: number;
  readonly score: number;
  readonly box: Box;
}

/** A frame source: an async iterable of frames that owns a child process or socket. */
export interface FrameSource extends AsyncIterable<Frame> {
  readonly id: string;
  /** Stops decoding and reaps any child process. Idempotent. */
  close(): Promise<void>;
}

/** Detections for one frame of a stream: the hand-off from inference to analytics. */
export interface FrameDetections {
  readonly sourceId: string;
  readonly frameIndex: number;
  readonly ptsMs: number;
  readonly width: number;
  readonly height: number;
  readonly detections: Detection[];
  /** Wall-clock ms from the frame leaving the decoder to its detections being ready. */
  readonly latencyMs: number;
  /** The decoded frame, for stages that need pixels (snapshots, colour). */
  readonly image?: RgbImage;
  /** Wall-clock ms since epoch the frame left the decoder. */
  readonly receivedAtMs?: number;
  /** The frame's stream epoch (see `Frame.epoch`); absent means 0. */
  readonly epoch?: number;
}

/** Tracker state of one object: tentative until confirmed, lost while unmatched, removed at death. */
export type TrackState = 'tentative' | 'confirmed' | 'lost' | 'removed';

/**
 * One tracked object at one frame: the hand-off from tracking (inference/tracking) to analytics.
 * `id` is deterministic for a given input (the n-th track born on a camera), so replays agree.
 */
export interface Track {
  readonly id: number;
  readonly label: string;
  readonly classId: number;
  /** Box of the matched detection this frame, or the predicted box while lost. */
  readonly box: Box;
  /** Score of the last matched detection. */
  readonly score: number;
  readonly state: TrackState;
  /** Frames matched since birth. */
  readonly hits: number;
  /** Consecutive frames without a match (0 when matched this frame). */
  readonly timeSinceUpdate: number;
  /** Stream pts (ms) of the first and the latest matched detection. */
  readonly firstPtsMs: number;
  readonly lastPtsMs: number;
  /** Estimated velocity of the box centre in pixels per second. */
  readonly velocity: readonly [number, number];
  /**
   * Box of the track's first detection (at `firstPtsMs`), from its tentative frames before it was
   * confirmed: where the object was first seen, e.g. on which side of a counting line.
   * Absent means unknown (take `box`).
   */
  readonly firstBox?: Box;
  /** The tracker holds the object as stationary (its box has not moved), so it outlives longer detection drop-outs. */
  readonly stationary?: boolean;
}

/** Tracks of one frame of one camera. Times come from the stream (pts) and the wall clock. */
export interface FrameTracks {
  readonly sourceId: string;
  readonly frameIndex: number;
  readonly ptsMs: number;
  /** Wall-clock ms since epoch the frame was taken (receivedAtMs for live, derived for files). */
  readonly wallMs: number;
  readonly width: number;
  readonly height: number;
  /** Tracks matched or still alive (lost) at this frame; removed tracks are not listed. */
  readonly tracks: readonly Track[];
}

/** How urgent an alert is. */
export type AlertSeverity = 'info' | 'warning' | 'critical';

/** The rule types that raise alerts (configured per camera; see analytics/rules). */
export type AlertRuleType =
  | 'zone_intrusion' | 'line_crossing' | 'loitering' | 'illegal_parking'
  | 'street_occupation' | 'crowding' | 'congestion' | 'heavy_vehicle';

/**
 * One situation raised by a rule on one camera: started once, updated while it changes, ended when
 * it clears. Times are stream pts for durations and wall-clock ms since epoch for people.
 */
export interface Alert {
  /** Deterministic: `ruleId:camera:startedPtsMs:objectIds` (ids at start, ascending, joined by '+'). */
  readonly id: string;
  readonly ruleId: string;
  readonly type: AlertRuleType;
  readonly severity: AlertSeverity;
  readonly camera: string;
  readonly startedPtsMs: number;
  readonly startedWallMs: number;
  /** Set once the situation has cleared: the first frame it no longer held. */
  readonly endedPtsMs?: number;
  readonly endedWallMs?: number;
  /** Track ids involved (for counting rules: the objects present at the latest event), ascending. */
  readonly objects: readonly number[];
  /** Distinct labels of those objects, sorted. */
  readonly labels: readonly string[];
  readonly zone?: string;
  readonly line?: string;
  /** Rule-specific facts, e.g. `dwellSeconds`, `count`, `level`, `direction`. */
  readonly details: Readonly<Record<string, number | string | boolean>>;
  /** Opaque reference (blob key or URL) to a picture of the situation, filled by a later stage. */
  readonly snapshot?: string;
}

export type AlertEventKind = 'started' | 'updated' | 'ended';

/** A change to an alert, at the frame where it happened (the frame to take a snapshot from). */
export interface AlertEvent {
  readonly kind: AlertEventKind;
  readonly frameIndex: number;
  readonly ptsMs: number;
  readonly wallMs: number;
  readonly alert: Alert;
}

/** A point of an object's path: stream time and the anchor (bottom centre of the box) in pixels. */
export interface TrajectoryPoint {
  readonly ptsMs: number;
  readonly x: number;
  readonly y: number;
}

/**
 * One record per tracked object (the hand-off from analytics to the indexer). Long tracks are
 * published several times while alive (`final: false`, growing `version`) and once more when they
 * end (`final: true`); every publication of one object carries the same `id`, so a store upserts.
 */
export interface ObjectEvent {
  /** Deterministic from camera, track id and first pts: replays of the same input give the same ids. */
  readonly id: string;
  readonly camera: string;
  readonly trackId: number;
  readonly label: string;
  /** Highest detection score seen. */
  readonly score: number;
  readonly firstSeen: { readonly ptsMs: number; readonly wallMs: number };
  readonly lastSeen: { readonly ptsMs: number; readonly wallMs: number };
  readonly durationSeconds: number;
  /** Frames the object was detected in. */
  readonly frames: number;
  /** Box at the last detection, source pixels. */
  readonly box: Box;
  /** Median box size in pixels and as a fraction of the frame area. */
  readonly size: { readonly width: number; readonly height: number; readonly areaFraction: number };
  /** Dominant colour of the object (fixed palette), with the share of object pixels it covers. */
  readonly color: string | null;
  readonly colorFraction: number;
  /** Mean speed and heading in the image (px/s, degrees clockwise from image-up). */
  readonly speedPxPerSecond: number;
  readonly headingDegrees: number | null;
  /** With a ground-plane calibration: metres per second and compass heading (0 = north, 90 = east). */
  readonly speedMetresPerSecond?: number;
  readonly compassDegrees?: number | null;
  /** Downsampled anchor path. */
  readonly trajectory: readonly TrajectoryPoint[];
  /** Zone ids the anchor entered, in order of first entry. */
  readonly zones: readonly string[];
  /** Line crossings with direction, in time order. */
  readonly lines: ReadonlyArray<{ readonly line: string; readonly direction: 'forward' | 'backward'; readonly ptsMs: number }>;
  /** Rule ids whose alerts involved this object. */
  readonly rules: readonly string[];
  /** Blob keys or paths of the best crop and the frame thumbnail, when written. */
  readonly snapshot?: string;
  readonly thumbnail?: string;
  readonly final: boolean;
  readonly version: number;
}
