// Options of ByteTracker: typed, defaulted and validated once. A bad value throws
// E_CONFIG_INVALID naming the option, so a config path like `tracking.maxLostMs` is easy to find.
import { SharpeyeError } from '../../core/index.js';
import { VEHICLE_CLASSES } from './class-groups.js';

export interface ByteTrackerOptions {
  /** Detections at or above this score take part in the first association stage. @defaultValue 0.5 */
  highThreshold?: number;
  /** Detections below this score are ignored; those between it and `highThreshold` can only keep a
   * matched track alive (second stage), never start one. @defaultValue 0.1 */
  lowThreshold?: number;
  /** An unmatched high detection starts a track only at or above this score (birth hysteresis).
   * Must be >= `highThreshold`. @defaultValue 0.6 */
  newTrackThreshold?: number;
  /** Least IoU for a first-stage match (high detections vs confirmed and lost tracks), i.e. a
   * cost (1 - IoU) limit of 0.8. @defaultValue 0.2 */
  matchIouThreshold?: number;
  /** Least IoU for a second-stage match (low detections vs tracks still unmatched). @defaultValue 0.5 */
  secondMatchIou?: number;
  /** Least IoU for a tentative track to take a remaining high detection. @defaultValue 0.3 */
  tentativeMatchIou?: number;
  /** Tentative tracks match on buffered IoU: both boxes grown by this fraction of their width and
   * height on each side (C-BIoU, Yang et al. 2023). A new track has no velocity yet, so at 5 fps a
   * car moves more than its own width between frames and plain IoU would never let it confirm.
   * 0 = plain IoU. @defaultValue 0.3 */
  tentativeBuffer?: number;
  /** High-score matches, with no frame missed, before a track is confirmed and gets an id (a
   * low-score match keeps a tentative track alive without counting). Unlike ByteTrack, tracks on
   * the first frame of a stream are not confirmed at once: a detection that lasts a single frame
   * never becomes an object. @defaultValue 3 */
  minHits?: number;
  /** Confirm every track of a stream's first frame at once, as ByteTrack does: objects present at
   * the start get their id two frames earlier (a little better MOT scores on short clips), but a
   * one-frame false positive on the first frame becomes an object. @defaultValue false */
  confirmOnFirstFrame?: boolean;
  /** Stream time (ms of pts) a confirmed track may go unmatched before it is removed. @defaultValue 1500 */
  maxLostMs?: number;
  /** Labels that may share one track, e.g. `[['car', 'truck', 'bus']]` so a car the detector
   * briefly calls a truck keeps its id. Any other label only matches itself. @defaultValue [] */
  classGroups?: readonly (readonly string[])[];
  /** A lost track whose predicted box overlaps a matched track of its class by more than this IoU
   * is a duplicate of it and is removed. @defaultValue 0.85 */
  duplicateIou?: number;
  /** Low-score birth path: an unmatched detection scoring at least `lowScoreBirthThreshold` that is detected
   * again at the same place (IoU >= `lowScoreBirthIou` with its first box) in this many of
   * `lowScoreBirthWindow` consecutive frames becomes a track, although it never reached
   * `newTrackThreshold` (a parked car a small model scores 0.3). 0 turns the path off; otherwise
   * at least 2, so a single-frame detection never makes a track. @defaultValue 5 */
  lowScoreBirthHits?: number;
  /** Least score for the low-score birth path; the detector's default confidence, below which
   * detections are mostly noise. At least `lowThreshold`. @defaultValue 0.25 */
  lowScoreBirthThreshold?: number;
  /** Labels the low-score birth path applies to; [] = every label. Parked vehicles are what it is
   * for; a roadside pole a small model calls "person" at 0.3 in every frame must not become a
   * pedestrian. @defaultValue VEHICLE_CLASSES (car, truck, bus, train) */
  lowScoreBirthLabels?: readonly string[];
  /** Frames in which `lowScoreBirthHits` detections must come. @defaultValue 8 */
  lowScoreBirthWindow?: number;
  /** "Same place" for the low-score birth path. @defaultValue 0.5 */
  lowScoreBirthIou?: number;
  /** A confirmed track whose matched boxes kept IoU >= `stationaryIou` with a reference box for
   * this long is stationary (a parked car). @defaultValue 3000 */
  stationaryAfterMs?: number;
  /** @defaultValue 0.6 */
  stationaryIou?: number;
  /** A stationary track may go unmatched this long (instead of `maxLostMs`) before it is removed:
   * parked cars are missed for seconds by small detectors. While lost it stays where it was (no
   * Kalman drift) and only detections overlapping it by `secondMatchIou` can take it back, so a
   * car passing in front does not steal its id. @defaultValue 30000 */
  stationaryMaxLostMs?: number;
}

export type ResolvedByteTrackerOptions = Readonly<Required<ByteTrackerOptions>>;

export const BYTE_TRACKER_DEFAULTS: ResolvedByteTrackerOptions = Object.freeze({
  highThreshold: 0.5,
  lowThreshold: 0.1,
  newTrackThreshold: 0.6,
  matchIouThreshold: 0.2,
  secondMatchIou: 0.5,
  tentativeMatchIou: 0.3,
  tentativeBuffer: 0.3,
  minHits: 3,
  confirmOnFirstFrame: false,
  maxLostMs: 1500,
  classGroups: Object.freeze([]) as readonly (readonly string[])[],
  duplicateIou: 0.85,
  lowScoreBirthHits: 5,
  lowScoreBirthThreshold: 0.25,
  lowScoreBirthLabels: VEHICLE_CLASSES,
  lowScoreBirthWindow: 8,
  lowScoreBirthIou: 0.5,
  stationaryAfterMs: 3000,
  stationaryIou: 0.6,
  stationaryMaxLostMs: 30_000,
});

const UNIT_OPTIONS = ['highThreshold', 'lowThreshold', 'newTrackThreshold', 'matchIouThreshold', 'secondMatchIou', 'tentativeMatchIou', 'duplicateIou', 'lowScoreBirthIou', 'lowScoreBirthThreshold', 'stationaryIou'] as const;

function invalid(option: string, expected: string, got: unknown): SharpeyeError {
  return new SharpeyeError('E_CONFIG_INVALID', `invalid tracker option '${option}': expected ${expected}, got ${JSON.stringify(got)}`, { details: { option, value: got } });
}

/** Defaults merged with `options`, checked and frozen. */
export function resolveByteTrackerOptions(options: ByteTrackerOptions = {}): ResolvedByteTrackerOptions {
  for (const key of Object.keys(options)) {
    if (!(key in BYTE_TRACKER_DEFAULTS)) throw invalid(key, `one of ${Object.keys(BYTE_TRACKER_DEFAULTS).join(', ')} (unknown option)`, key);
  }
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const o = { ...BYTE_TRACKER_DEFAULTS, ...defined } as Required<ByteTrackerOptions>;
  for (const key of UNIT_OPTIONS) {
    const v = o[key];
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw invalid(key, 'a number from 0 to 1', v);
  }
  if (o.lowThreshold > o.highThreshold) throw invalid('lowThreshold', `at most highThreshold (${o.highThreshold})`, o.lowThreshold);
  if (o.newTrackThreshold < o.highThreshold) throw invalid('newTrackThreshold', `at least highThreshold (${o.highThreshold})`, o.newTrackThreshold);
  if (!(Number.isInteger(o.minHits) && o.minHits >= 1)) throw invalid('minHits', 'an integer >= 1', o.minHits);
  if (typeof o.tentativeBuffer !== 'number' || !(o.tentativeBuffer >= 0 && o.tentativeBuffer <= 2)) throw invalid('tentativeBuffer', 'a number from 0 to 2', o.tentativeBuffer);
  for (const key of ['maxLostMs', 'stationaryAfterMs', 'stationaryMaxLostMs'] as const) {
    const v = o[key];
    if (typeof v !== 'number' || !(Number.isFinite(v) && v >= 0)) throw invalid(key, 'a finite number of milliseconds >= 0', v);
  }
  if (!(Number.isInteger(o.lowScoreBirthHits) && (o.lowScoreBirthHits === 0 || o.lowScoreBirthHits >= 2))) throw invalid('lowScoreBirthHits', 'an integer >= 2, or 0 (off)', o.lowScoreBirthHits);
  if (!(Number.isInteger(o.lowScoreBirthWindow) && o.lowScoreBirthWindow >= o.lowScoreBirthHits)) throw invalid('lowScoreBirthWindow', `an integer >= lowScoreBirthHits (${o.lowScoreBirthHits})`, o.lowScoreBirthWindow);
  if (typeof o.confirmOnFirstFrame !== 'boolean') throw invalid('confirmOnFirstFrame', 'true or false', o.confirmOnFirstFrame);
  validateClassGroups(o.classGroups);
  if (!Array.isArray(o.lowScoreBirthLabels) || o.lowScoreBirthLabels.some((l) => typeof l !== 'string' || l === '')) throw invalid('lowScoreBirthLabels', 'an array of non-empty labels', o.lowScoreBirthLabels);
  return Object.freeze({ ...o, classGroups: Object.freeze(o.classGroups.map((g) => Object.freeze([...g]))), lowScoreBirthLabels: Object.freeze([...o.lowScoreBirthLabels]) });
}

function validateClassGroups(groups: unknown): void {
  if (!Array.isArray(groups)) throw invalid('classGroups', 'an array of label arrays', groups);
  const seen = new Map<string, number>();
  groups.forEach((group: unknown, i) => {
    if (!Array.isArray(group) || group.some((l) => typeof l !== 'string' || l === '')) throw invalid(`classGroups[${i}]`, 'an array of non-empty labels', group);
    for (const label of group as string[]) {
      const other = seen.get(label);
      if (other !== undefined && other !== i) throw invalid(`classGroups[${i}]`, `labels in one group only ('${label}' is also in classGroups[${other}])`, group);
      seen.set(label, i);
    }
  });
}
