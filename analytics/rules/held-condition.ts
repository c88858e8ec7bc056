// A boolean condition with a start time that survives short dropouts: it keeps its `since` while
// false for less than `clearMs`, so a dwell timer is not reset by an anchor flickering on a zone
// edge or a detection missed for a frame.

export class HeldCondition {
  /** Stream pts since when the condition has held (undefined when it does not). */
  since: number | undefined;
  private falseSince: number | undefined;

  constructor(private readonly clearMs: number) {}

  update(holds: boolean, ptsMs: number): void {
    if (holds) {
      this.falseSince = undefined;
      this.since ??= ptsMs;
    } else if (this.since !== undefined) {
      this.falseSince ??= ptsMs;
      if (ptsMs - this.falseSince >= this.clearMs) this.since = this.falseSince = undefined;
    }
  }

  /** How long it has held at `ptsMs` (0 when it does not). */
  heldMs(ptsMs: number): number {
    return this.since === undefined ? 0 : ptsMs - this.since;
  }

  reset(): void {
    this.since = this.falseSince = undefined;
  }
}
