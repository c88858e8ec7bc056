// Maps a detection label to the class group it tracks in: labels in one configured group share a
// key (so a car may continue as a truck), any other label is its own group. Also the one list of
// road-vehicle labels that detectors confuse with each other (the vehicle family).

/**
 * COCO road-vehicle labels a small detector swaps from frame to frame on one object (a school bus
 * comes out as car, truck, bus and even train). Tracking treats them as one family by default, and
 * so do rules that name the vehicles (see analytics/rules labelFilter). Motorcycles are left out:
 * nothing confuses a motorcycle with a bus, and they share no track.
 */
export const VEHICLE_CLASSES: readonly string[] = Object.freeze(['car', 'truck', 'bus', 'train']);

/** The class groups a camera tracks with unless configured otherwise: the vehicle family. */
export const DEFAULT_CLASS_GROUPS: readonly (readonly string[])[] = Object.freeze([VEHICLE_CLASSES]);

/** Returns the group key of a label for the given groups. */
export function classGroupKeyer(groups: readonly (readonly string[])[]): (label: string) => string {
  const keyOf = new Map<string, string>();
  groups.forEach((group, i) => { for (const label of group) keyOf.set(label, `group:${i}`); });
  return (label) => keyOf.get(label) ?? `label:${label}`;
}
