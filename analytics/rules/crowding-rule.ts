// crowding: at least `minCount` matching objects in a zone (for `seconds`). One alert per zone
// situation; 'updated' when the count changes. Lost tracks (predicted boxes) still count: a person
// hidden behind another for a few frames is still there.
import type { Alert, Track } from '../../core/index.js';
import { pointInPolygon, type Polygon } from '../geometry/index.js';
import { AlertLifecycle, type EventTime } from './alert-lifecycle.js';
import { HeldCondition } from './held-condition.js';
import { labelFilter, normalisedAnchor, type RuleEvaluator, type RuleFrame } from './rule-frame.js';
import type { RuleOutput } from './rule-output.js';
import type { CrowdingRuleConfig } from './rules-schema.js';
import { inSchedule } from './schedule.js';

export class CrowdingRule implements RuleEvaluator {
  readonly id: string;
  private readonly lifecycle: AlertLifecycle;
  private readonly accepts: (label: string) => boolean;
  private readonly held: HeldCondition;
  private maxCount = 0;

  constructor(private readonly rule: CrowdingRuleConfig, private readonly polygon: Polygon, private readonly timezone: string) {
    this.id = rule.id;
    this.lifecycle = new AlertLifecycle(rule);
    this.accepts = labelFilter(rule.labels);
    this.held = new HeldCondition(rule.clearSeconds * 1000);
  }

  update(f: RuleFrame, out: RuleOutput): void {
    const inside: Track[] = [];
    for (const t of f.tracks) {
      if (this.accepts(t.label) && pointInPolygon(normalisedAnchor(t, this.rule.anchor, f.width, f.height), this.polygon)) inside.push(t);
    }
    const crowded = inside.length >= this.rule.minCount;
    this.held.update(crowded, f.ptsMs);
    const scheduled = inSchedule(f.localTime(this.rule.timezone ?? this.timezone), this.rule.schedule);
    const active = scheduled && crowded && this.held.heldMs(f.ptsMs) >= this.rule.seconds * 1000;
    if (!this.lifecycle.isOpen('zone')) this.maxCount = 0;
    if (active) this.maxCount = Math.max(this.maxCount, inside.length);
    this.lifecycle.observe('zone', active, f, () => ({
      objects: inside.map((t) => t.id).sort((a, b) => a - b),
      labels: [...new Set(inside.map((t) => t.label))].sort(),
      details: { count: inside.length, maxCount: this.maxCount, minCount: this.rule.minCount },
      revision: String(inside.length),
    }), out.alerts);
  }

  forget(_trackId: number, _lastSeen: EventTime, _at: EventTime, _out: RuleOutput): void {}

  flush(at: EventTime, out: RuleOutput): void {
    this.lifecycle.endAll(at, out.alerts);
    this.held.reset();
  }

  openAlerts(): Alert[] { return this.lifecycle.openAlerts(); }
}
