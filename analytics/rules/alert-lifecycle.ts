// One situation = one alert. Per situation key (a track id, or the zone for counting rules) an
// alert starts when the condition holds, is updated when its revision changes, and ends once the
// condition has stayed false for clearSeconds; after it ends, the same key waits cooldownSeconds.
import type { Alert, AlertEvent, AlertRuleType, AlertSeverity } from '../../core/index.js';

/** The frame an event happens at. */
export interface EventTime {
  readonly camera: string;
  readonly frameIndex: number;
  readonly ptsMs: number;
  readonly wallMs: number;
}

/** What a rule says about a situation while it holds. */
export interface SituationView {
  readonly objects: readonly number[];
  readonly labels: readonly string[];
  readonly details: Readonly<Record<string, number | string | boolean>>;
  /** A change of revision emits an 'updated' event (e.g. the level or the count). */
  readonly revision: string;
}

export interface AlertRuleInfo {
  readonly id: string;
  readonly type: AlertRuleType;
  readonly severity: AlertSeverity;
  readonly cooldownSeconds: number;
  readonly clearSeconds: number;
  readonly zone?: string;
  readonly line?: string;
}

interface OpenSituation {
  readonly id: string;
  readonly camera: string;
  readonly started: EventTime;
  view: SituationView;
  falseSince?: EventTime;
}

const PRUNE_ABOVE = 512;

export class AlertLifecycle {
  private readonly open = new Map<string, OpenSituation>();
  private readonly endedAt = new Map<string, number>();
  private readonly cooldownMs: number;
  private readonly clearMs: number;

  constructor(private readonly rule: AlertRuleInfo) {
    this.cooldownMs = rule.cooldownSeconds * 1000;
    this.clearMs = rule.clearSeconds * 1000;
  }

  /** Feeds the condition for `key` at one frame; `view` is called only while it holds. */
  observe(key: string, active: boolean, at: EventTime, view: () => SituationView, out: AlertEvent[]): void {
    const open = this.open.get(key);
    if (active) {
      if (open) {
        open.falseSince = undefined;
        const next = view();
        const changed = next.revision !== open.view.revision;
        open.view = next;
        if (changed) out.push(this.event('updated', open, at));
      } else if (!this.coolingDown(key, at.ptsMs)) {
        const v = view();
        const s: OpenSituation = { id: alertId(this.rule.id, at.camera, at.ptsMs, v.objects), camera: at.camera, started: at, view: v };
        this.open.set(key, s);
        out.push(this.event('started', s, at));
      }
    } else if (open) {
      open.falseSince ??= at;
      if (at.ptsMs - open.falseSince.ptsMs >= this.clearMs) this.finish(key, open, open.falseSince, at, out);
    }
  }

  /** A situation that is over as soon as it happens (a crossing): started and ended at `at`. */
  instant(key: string, at: EventTime, view: SituationView, out: AlertEvent[]): void {
    if (this.open.has(key) || this.coolingDown(key, at.ptsMs)) return;
    const s: OpenSituation = { id: alertId(this.rule.id, at.camera, at.ptsMs, view.objects), camera: at.camera, started: at, view };
    out.push(this.event('started', s, at));
    this.finish(key, s, at, at, out);
  }

  /** Ends `key` now if open (its object is gone), as of `endedAt` or when it first stopped holding. */
  end(key: string, endedAt: EventTime, at: EventTime, out: AlertEvent[]): void {
    const open = this.open.get(key);
    if (open) this.finish(key, open, open.falseSince ?? endedAt, at, out);
  }

  /** Ends every open alert (end of stream) and forgets cooldowns: the next stream's pts start over. */
  endAll(at: EventTime, out: AlertEvent[]): void {
    for (const [key, open] of [...this.open]) this.finish(key, open, open.falseSince ?? at, at, out);
    this.endedAt.clear();
  }

  isOpen(key: string): boolean { return this.open.has(key); }

  openAlerts(): Alert[] {
    return [...this.open.values()].map((s) => this.alert(s));
  }

  private coolingDown(key: string, ptsMs: number): boolean {
    const ended = this.endedAt.get(key);
    if (ended === undefined) return false;
    if (ptsMs - ended < this.cooldownMs) return true;
    this.endedAt.delete(key);
    return false;
  }

  private finish(key: string, s: OpenSituation, endedAt: EventTime, at: EventTime, out: AlertEvent[]): void {
    this.open.delete(key);
    this.endedAt.set(key, endedAt.ptsMs);
    if (this.endedAt.size > PRUNE_ABOVE) {
      for (const [k, t] of this.endedAt) if (at.ptsMs - t >= this.cooldownMs) this.endedAt.delete(k);
    }
    out.push(this.event('ended', s, at, endedAt));
  }

  private event(kind: AlertEvent['kind'], s: OpenSituation, at: EventTime, endedAt?: EventTime): AlertEvent {
    return Object.freeze({ kind, frameIndex: at.frameIndex, ptsMs: at.ptsMs, wallMs: at.wallMs, alert: this.alert(s, endedAt) });
  }

  private alert(s: OpenSituation, endedAt?: EventTime): Alert {
    const r = this.rule;
    return Object.freeze({
      id: s.id, ruleId: r.id, type: r.type, severity: r.severity, camera: s.camera,
      startedPtsMs: s.started.ptsMs, startedWallMs: s.started.wallMs,
      ...(endedAt ? { endedPtsMs: endedAt.ptsMs, endedWallMs: endedAt.wallMs } : {}),
      objects: Object.freeze([...s.view.objects]), labels: Object.freeze([...s.view.labels]),
      ...(r.zone !== undefined ? { zone: r.zone } : {}), ...(r.line !== undefined ? { line: r.line } : {}),
      details: Object.freeze({ ...s.view.details }),
    });
  }
}

/** `ruleId:camera:startedPtsMs:id+id+...` with the object ids ascending. */
export function alertId(ruleId: string, camera: string, startedPtsMs: number, objects: readonly number[]): string {
  return `${ruleId}:${camera}:${startedPtsMs}:${[...objects].sort((a, b) => a - b).join('+')}`;
}
