// congestion: a zone's load, measured each frame as the number of matching vehicles whose anchor
// is in it (`count`) or the fraction of its area their boxes cover (`occupancy`), averaged over
// `windowSeconds` and mapped to free / busy / congested. Alerts from `alertLevel` up, 'updated'
// when the level changes. Lost tracks still count (a queued car hidden by a bus is still queued).
import type { Alert, Track } from '../../core/index.js';
import { clipPolygonToBox, pointInPolygon, polygonArea, type Point, type Polygon } from '../geometry/index.js';
import { AlertLifecycle, type EventTime } from './alert-lifecycle.js';
import { labelFilter, normalisedAnchor, roundTo, type RuleEvaluator, type RuleFrame } from './rule-frame.js';
import type { CongestionLevel, CongestionStatus, RuleOutput } from './rule-output.js';
import type { CongestionRuleConfig } from './rules-schema.js';
import { inSchedule } from './schedule.js';

const RANK: Record<CongestionLevel, number> = { free: 0, busy: 1, congested: 2 };

export class CongestionRule implements RuleEvaluator {
  readonly id: string;
  private readonly lifecycle: AlertLifecycle;
  private readonly accepts: (label: string) => boolean;
  private readonly samples: Array<{ pts: number; value: number }> = [];
  private head = 0;
  private sum = 0;
  private status: CongestionStatus;
  private pixels: { width: number; height: number; polygon: Point[]; area: number; bbox: [number, number, number, number] } | undefined;

  constructor(private readonly rule: CongestionRuleConfig, private readonly polygon: Polygon, private readonly timezone: string) {
    this.id = rule.id;
    this.lifecycle = new AlertLifecycle(rule);
    this.accepts = labelFilter(rule.labels);
    this.status = { ruleId: rule.id, zone: rule.zone, measure: rule.measure, level: 'free', value: 0, current: 0 };
  }

  update(f: RuleFrame, out: RuleOutput): void {
    const { value, involved } = this.rule.measure === 'count' ? this.count(f) : this.occupancy(f);
    const mean = this.average(f.ptsMs, value);
    const level: CongestionLevel = mean >= this.rule.congested ? 'congested' : mean >= this.rule.busy ? 'busy' : 'free';
    this.status = { ...this.status, level, value: roundTo(mean, 4), current: roundTo(value, 4) };
    const scheduled = inSchedule(f.localTime(this.rule.timezone ?? this.timezone), this.rule.schedule);
    const active = scheduled && RANK[level] >= RANK[this.rule.alertLevel];
    this.lifecycle.observe('zone', active, f, () => ({
      objects: involved.map((t) => t.id).sort((a, b) => a - b),
      labels: [...new Set(involved.map((t) => t.label))].sort(),
      details: { level, value: this.status.value, current: this.status.current, measure: this.rule.measure, busy: this.rule.busy, congested: this.rule.congested },
      revision: level,
    }), out.alerts);
  }

  forget(_trackId: number, _lastSeen: EventTime, _at: EventTime, _out: RuleOutput): void {}

  flush(at: EventTime, out: RuleOutput): void {
    this.lifecycle.endAll(at, out.alerts);
    this.samples.length = 0;
    this.head = 0;
    this.sum = 0;
  }

  openAlerts(): Alert[] { return this.lifecycle.openAlerts(); }

  congestion(): CongestionStatus { return this.status; }

  private count(f: RuleFrame): { value: number; involved: Track[] } {
    const involved = f.tracks.filter((t) => this.accepts(t.label) && pointInPolygon(normalisedAnchor(t, this.rule.anchor, f.width, f.height), this.polygon));
    return { value: involved.length, involved };
  }

  /** Sum of the box-zone intersection areas over the zone area, capped at 1 (overlaps double count). */
  private occupancy(f: RuleFrame): { value: number; involved: Track[] } {
    const z = this.zoneInPixels(f.width, f.height);
    const involved: Track[] = [];
    let covered = 0;
    for (const t of f.tracks) {
      const b = t.box;
      if (!this.accepts(t.label) || b[2] <= z.bbox[0] || b[0] >= z.bbox[2] || b[3] <= z.bbox[1] || b[1] >= z.bbox[3]) continue;
      const a = Math.abs(polygonArea(clipPolygonToBox(z.polygon, b)));
      if (a > 0) { covered += a; involved.push(t); }
    }
    return { value: z.area > 0 ? Math.min(1, covered / z.area) : 0, involved };
  }

  private zoneInPixels(width: number, height: number) {
    if (this.pixels?.width !== width || this.pixels.height !== height) {
      const polygon = this.polygon.map((p): Point => [p[0] * width, p[1] * height]);
      const xs = polygon.map((p) => p[0]), ys = polygon.map((p) => p[1]);
      this.pixels = { width, height, polygon, area: Math.abs(polygonArea(polygon)), bbox: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] };
    }
    return this.pixels;
  }

  /** Mean over (pts - window, pts], O(1) amortised with a moving head over the sample list. */
  private average(pts: number, value: number): number {
    this.samples.push({ pts, value });
    this.sum += value;
    const from = pts - this.rule.windowSeconds * 1000;
    while (this.head < this.samples.length - 1 && this.samples[this.head].pts <= from) this.sum -= this.samples[this.head++].value;
    if (this.head > 1024 && this.head * 2 > this.samples.length) {
      // Compact, and re-add the sum from scratch so float drift cannot build up over days.
      this.samples.splice(0, this.head);
      this.head = 0;
      this.sum = this.samples.reduce((s, x) => s + x.value, 0);
    }
    return this.sum / (this.samples.length - this.head);
  }
}
