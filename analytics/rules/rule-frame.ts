// The per-frame view every rule evaluator reads, and the interface each rule type implements.
// Built once per frame by the RuleEngine so rules share the track filter and the local-time lookup.
import type { Alert, Track } from '../../core/index.js';
import { VEHICLE_CLASSES } from '../../inference/index.js';
import { boxAnchor, type Anchor, type Point } from '../geometry/index.js';
import type { EventTime } from './alert-lifecycle.js';
import type { SizeVerdict } from './heavy-vehicle-size.js';
import type { RuleOutput } from './rule-output.js';
import type { LocalTime } from './schedule.js';

export interface RuleFrame extends EventTime {
  readonly width: number;
  readonly height: number;
  /** Tracks alive this frame (tentative ones only when the engine includes them). */
  readonly tracks: readonly Track[];
  /** Local time of this frame's wall clock in `zone` (cached per frame). */
  localTime(zone: string): LocalTime;
  /** Size verdict of a vehicle track's sighting this frame (see HeavyVehicleSize). */
  sizeVerdict(trackId: number): SizeVerdict;
}

export interface RuleEvaluator {
  readonly id: string;
  update(frame: RuleFrame, out: RuleOutput): void;
  /** The track has not been seen for forgetAfterMs: end its situations as of `lastSeen`, drop its state. */
  forget(trackId: number, lastSeen: EventTime, at: EventTime, out: RuleOutput): void;
  /** End of stream: end open situations, close open intervals, drop per-track state. */
  flush(at: EventTime, out: RuleOutput): void;
  openAlerts(): Alert[];
}

/** The anchor of a track's box in normalised coordinates of the frame. */
export function normalisedAnchor(track: Track, anchor: Anchor, width: number, height: number): Point {
  const p = boxAnchor(track.box, anchor);
  return [p[0] / width, p[1] / height];
}

/**
 * Label filter: undefined accepts every label. A list that means "vehicles" (it names `vehicle`,
 * or all of car, truck and bus) accepts the whole vehicle family (VEHICLE_CLASSES, train included),
 * so a track whose majority label a small detector flipped to another vehicle class still counts.
 */
export const labelFilter = (labels: readonly string[] | undefined): ((label: string) => boolean) => {
  if (labels === undefined) return () => true;
  const set = new Set(labels);
  if (meansVehicles(set)) for (const l of VEHICLE_CLASSES) set.add(l);
  return (label) => set.has(label);
};

const meansVehicles = (labels: ReadonlySet<string>): boolean => labels.has('vehicle') || ['car', 'truck', 'bus'].every((l) => labels.has(l));

/** Whether a label is one of the road-vehicle family. */
export const isVehicleLabel = (label: string): boolean => VEHICLE_CLASSES.includes(label);

/** Whether the track's box was measured this frame (not predicted while lost). */
export const observedNow = (t: Track): boolean => t.timeSinceUpdate === 0;

export const roundTo = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};
