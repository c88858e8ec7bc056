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
  /** Vehicles only (car, truck, bus, motorcycle, bicycle labels): the finer type (see VehicleType). */
  readonly vehicleType?: VehicleType;
  /** Vehicles only, when the camera reads plates and a plate was read on the track. */
  readonly plate?: PlateInfo;
  /** People only: clothing colours and what they carry or ride (never biometric). */
  readonly person?: PersonAttributes;
  readonly final: boolean;
  readonly version: number;
}

/**
 * Vehicle type beyond COCO's car/truck/bus, from the label, box shape and (calibrated) ground size:
 * `car` (saloon/hatchback), `suv_van` (SUV, MPV, van, pickup: tall or long for a car), `bus`,
 * `light_goods` (small lorry / light goods vehicle), `heavy_goods` (heavy lorry),
 * `motorcycle`, `bicycle`. The rules live in analytics/attributes/vehicle-type.ts.
 */
export type VehicleType = 'car' | 'suv_van' | 'bus' | 'light_goods' | 'heavy_goods' | 'motorcycle' | 'bicycle';
/** Every VehicleType, for validating filters and documents. */
export const VEHICLE_TYPES: readonly VehicleType[] = Object.freeze(['car', 'suv_van', 'bus', 'light_goods', 'heavy_goods', 'motorcycle', 'bicycle'] as const);

/** Plate background colour (GA 36 plate colours that mainland recognisers report). */
export type PlateColour = 'blue' | 'yellow' | 'green' | 'white' | 'black';

/**
 * What a plate is: `mainland` (province character + letter + 5 symbols), `new_energy` (green,
 * 6 symbols after the letter), `hk_macao` (mainland cross-border plate ending in 港/澳),
 * `latin` (Latin-only text read by the fallback OCR: foreign, Hong Kong, Macao plates), `other`.
 */
export type PlateKind = 'mainland' | 'new_energy' | 'hk_macao' | 'latin' | 'other';

/** One distinct text read on a track's frames, with the evidence for it. */
export interface PlateCandidate {
  readonly text: string;
  /** Mean per-read confidence of the reads that gave this text, 0..1. */
  readonly confidence: number;
  /** Reads (frames) that gave this text. */
  readonly votes: number;
}

/**
 * A track's plate: the text voted across its frames (never a character-wise merge of different
 * reads), and the best other candidates when the reads disagree.
 */
export interface PlateInfo {
  /** As printed, no separators (e.g. `皖K66666`, `京EA5331`, `H786POJ`). */
  readonly text: string;
  /** Vote-weighted confidence of `text`, 0..1 (votes for it × its mean confidence / all reads). */
  readonly confidence: number;
  readonly colour: PlateColour | null;
  /** 2 for double-layer plates (yellow lorry and bus rear plates). */
  readonly layers: 1 | 2;
  readonly kind: PlateKind;
  /** Distinct texts read, best first (the first is `text`); at most 5. */
  readonly candidates: readonly PlateCandidate[];
  /** Blob key or path of the rectified plate crop, when written. */
  readonly snapshot?: string;
}

/** Bags a person carries: COCO boxes of these labels overlapping the person. */
export type CarriedItem = 'handbag' | 'backpack' | 'suitcase';
/** Every CarriedItem. */
export const CARRIED_ITEMS: readonly CarriedItem[] = Object.freeze(['handbag', 'backpack', 'suitcase'] as const);
/** What PersonAttributes.riding can be (besides null). */
export const RIDDEN_VEHICLES: ReadonlyArray<'bicycle' | 'motorcycle'> = Object.freeze(['bicycle', 'motorcycle'] as const);

/**
 * Person attributes that are not biometric: clothing colours (the colour palette of `color`, on the
 * upper and lower body regions of the box), bags carried, and what the person rides. No face,
 * gender, age or gait attribute exists or may be added.
 */
export interface PersonAttributes {
  readonly upperColor: string | null;
  readonly lowerColor: string | null;
  readonly carrying: readonly CarriedItem[];
  readonly riding: 'bicycle' | 'motorcycle' | null;
}

/**
 * One plate found and read in one image (inference/plates): where it is (corners and box in the
 * source image's pixels), what it says, and the rectified crop it was read from.
 */
export interface PlateReading {
  readonly text: string;
  /** Recogniser confidence, 0..1 (mean of the per-symbol maxima of the CTC softmax, or the OCR's). */
  readonly confidence: number;
  readonly colour: PlateColour | null;
  readonly layers: 1 | 2;
  readonly kind: PlateKind;
  /** Top-left, top-right, bottom-right, bottom-left corners, source pixels. */
  readonly corners: readonly [readonly [number, number], readonly [number, number], readonly [number, number], readonly [number, number]];
  readonly box: Box;
  /** Plate detector score (objectness × class score), 0..1. */
  readonly detectorScore: number;
  /** Which recogniser read it: the Chinese CTC recogniser or the Latin fallback OCR. */
  readonly recogniser: 'plate_rec_color' | 'cct_xs_v1_global';
  /** The perspective-rectified plate crop (RGB). */
  readonly crop: RgbImage;
}

/** Finds and reads plates; `region` (source pixels) limits the search to a vehicle's box. */
export interface PlateReader {
  read(image: RgbImage, region?: Box): Promise<PlateReading[]>;
  close(): Promise<void>;
}
