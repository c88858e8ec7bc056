// Maps a detection label to the class group it tracks in: labels in one configured group share a
// key (so a car may continue as a truck), any other label is its own group.

/** Returns the group key of a label for the given groups. */
export function classGroupKeyer(groups: readonly (readonly string[])[]): (label: string) => string {
  const keyOf = new Map<string, string>();
  groups.forEach((group, i) => { for (const label of group) keyOf.set(label, `group:${i}`); });
  return (label) => keyOf.get(label) ?? `label:${label}`;
}
