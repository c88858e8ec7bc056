// RuleEngine: runs one camera's rules over its tracks, frame by frame. Pure: it reads time only
// from the frames (pts for durations, wall clock for schedules) and never does I/O. One engine per
// camera stream; a pts that goes backwards (stream restarted) ends everything open and starts over.
import { SharpeyeError, type Alert, type FrameTracks, type Track } from '../../core/index.js';
import type { EventTime } from './alert-lifecycle.js';
import { CongestionRule } from './congestion-rule.js';
import { CrowdingRule } from './crowding-rule.js';
import { LineCrossingRule } from './line-crossing-rule.js';
import { ObjectZoneRule } from './object-zone-rule.js';
import { GroundPlane, type GroundPointPair } from '../attributes/index.js';
import { HeavyVehicleSize } from './heavy-vehicle-size.js';
import { isVehicleLabel, type RuleEvaluator, type RuleFrame } from './rule-frame.js';
import type { CongestionStatus, LineCounts, RuleOutput } from './rule-output.js';
import type { RuleConfig, RulesConfig } from './rules-schema.js';
import { TimeZoneClock, type LocalTime } from './schedule.js';

export interface RuleEngineOptions {
  /** Camera id put on alerts and crossings. @defaultValue each frame's `sourceId` */
  camera?: string;
  /** Let tentative (unconfirmed) tracks trigger rules. @defaultValue false */
  includeTentative?: boolean;
  /**
   * A track not observed for this long is gone: its alerts end (as of when it was last seen) and
   * its state is dropped. Until then a lost-and-found track keeps its timers and line side. A
   * track the tracker still lists as stationary is never forgotten while it is listed.
   * @defaultValue 10000
   */
  forgetAfterMs?: number;
  /** Closed count intervals kept per line rule, oldest dropped first. @defaultValue 1440 */
  maxIntervals?: number;
  /** Ground-plane calibration (normalised image points): heavy_vehicle then also measures vehicles in metres. */
  calibration?: readonly GroundPointPair[];
}

export class RuleEngine {
  private readonly evaluators: RuleEvaluator[];
  private readonly clocks = new Map<string, TimeZoneClock>();
  private readonly lastSeen = new Map<number, EventTime>();
  private readonly forgetAfterMs: number;
  private readonly includeTentative: boolean;
  private last: EventTime | undefined;
  private readonly heavy = new HeavyVehicleSize();
  private ground: { size: string; plane: GroundPlane } | undefined;

  constructor(readonly config: RulesConfig, private readonly options: RuleEngineOptions = {}) {
    this.forgetAfterMs = checkedOption('forgetAfterMs', options.forgetAfterMs ?? 10_000, 0);
    const maxIntervals = checkedOption('maxIntervals', options.maxIntervals ?? 1440, 1);
    this.includeTentative = options.includeTentative ?? false;
    this.evaluators = config.rules.map((rule) => createEvaluator(rule, config, maxIntervals));
  }

  /** Evaluates every rule on one frame; frames must come in stream order. */
  update(frame: FrameTracks): RuleOutput {
    const camera = this.options.camera ?? frame.sourceId;
    const restarted = this.last !== undefined && frame.ptsMs < this.last.ptsMs ? this.flush(this.last.ptsMs) : undefined;
    const at: EventTime = { camera, frameIndex: frame.frameIndex, ptsMs: frame.ptsMs, wallMs: frame.wallMs };
    const out: RuleOutput = { frameIndex: frame.frameIndex, ptsMs: frame.ptsMs, alerts: [...(restarted?.alerts ?? [])], crossings: [], intervals: [...(restarted?.intervals ?? [])] };
    const tracks = frame.tracks.filter((t) => t.state !== 'removed' && (this.includeTentative || t.state !== 'tentative'));
    for (const t of tracks) if (t.timeSinceUpdate === 0) this.lastSeen.set(t.id, at);
    // A stationary object the tracker still holds (a parked car the detector misses for a while)
    // keeps its rule state and its alert however long it goes unseen.
    this.expire(at, out, new Set(tracks.filter((t) => t.stationary).map((t) => t.id)));
    this.observeVehicles(frame, tracks);
    const ruleFrame = this.ruleFrame(frame, at, tracks);
    for (const e of this.evaluators) e.update(ruleFrame, out);
    this.last = at;
    return out;
  }

  /** End of stream at `ptsMs`: ends open alerts, closes the open count intervals, drops track state. */
  flush(ptsMs: number): RuleOutput {
    const last = this.last;
    const out: RuleOutput = { frameIndex: last?.frameIndex ?? 0, ptsMs, alerts: [], crossings: [], intervals: [] };
    if (!last) return out;
    const at: EventTime = { ...last, ptsMs, wallMs: last.wallMs + (ptsMs - last.ptsMs) };
    for (const e of this.evaluators) e.flush(at, out);
    this.lastSeen.clear();
    this.heavy.clear();
    this.last = undefined;
    return out;
  }

  /** Per line rule: totals per direction, per label, and per interval. */
  counts(): LineCounts[] {
    return this.evaluators.filter((e): e is LineCrossingRule => e instanceof LineCrossingRule).map((e) => e.counts());
  }

  /** Per congestion rule: the level and the averaged measure at the latest frame. */
  congestion(): CongestionStatus[] {
    return this.evaluators.filter((e): e is CongestionRule => e instanceof CongestionRule).map((e) => e.congestion());
  }

  /** Alerts started and not yet ended. */
  openAlerts(): Alert[] {
    return this.evaluators.flatMap((e) => e.openAlerts());
  }

  private expire(at: EventTime, out: RuleOutput, held: ReadonlySet<number>): void {
    for (const [id, seen] of this.lastSeen) {
      if (at.ptsMs - seen.ptsMs <= this.forgetAfterMs || held.has(id)) continue;
      this.lastSeen.delete(id);
      this.heavy.forget(id);
      for (const e of this.evaluators) e.forget(id, seen, at, out);
    }
  }

  /** Sightings of vehicle-family tracks feed the heavy-vehicle size fallback. */
  private observeVehicles(frame: FrameTracks, tracks: readonly Track[]): void {
    const calibration = this.options.calibration;
    const size = `${frame.width}x${frame.height}`;
    if (calibration && this.ground?.size !== size) {
      this.ground = { size, plane: GroundPlane.fromPointPairs(calibration, { imageUnits: 'normalised', imageWidth: frame.width, imageHeight: frame.height }) };
    }
    for (const t of tracks) {
      if (t.timeSinceUpdate === 0 && isVehicleLabel(t.label)) this.heavy.observe(t, t.label === 'car', frame.height, this.ground?.plane);
    }
  }

  private ruleFrame(frame: FrameTracks, at: EventTime, tracks: readonly Track[]): RuleFrame {
    const local = new Map<string, LocalTime>();
    return {
      ...at, width: frame.width, height: frame.height, tracks,
      sizeVerdict: (id) => this.heavy.verdict(id),
      localTime: (zone) => {
        let t = local.get(zone);
        if (!t) local.set(zone, (t = this.clock(zone).local(frame.wallMs)));
        return t;
      },
    };
  }

  private clock(zone: string): TimeZoneClock {
    let c = this.clocks.get(zone);
    if (!c) this.clocks.set(zone, (c = new TimeZoneClock(zone)));
    return c;
  }
}

function createEvaluator(rule: RuleConfig, config: RulesConfig, maxIntervals: number): RuleEvaluator {
  const zone = (id: string | undefined) => {
    if (id === undefined) return undefined;
    const z = config.zones.find((x) => x.id === id);
    if (!z) throw new SharpeyeError('E_CONFIG_INVALID', `rule '${rule.id}' references unknown zone '${id}'; validate the rules with validateRules first`);
    return z.polygon;
  };
  switch (rule.type) {
    case 'line_crossing': {
      const line = config.lines.find((l) => l.id === rule.line);
      if (!line) throw new SharpeyeError('E_CONFIG_INVALID', `rule '${rule.id}' references unknown line '${rule.line}'; validate the rules with validateRules first`);
      return new LineCrossingRule(rule, line.points, config.timezone, maxIntervals);
    }
    case 'crowding': return new CrowdingRule(rule, zone(rule.zone)!, config.timezone);
    case 'congestion': return new CongestionRule(rule, zone(rule.zone)!, config.timezone);
    default: return new ObjectZoneRule(rule, zone(rule.zone), config.timezone);
  }
}

function checkedOption(name: string, value: number, min: number): number {
  if (!Number.isFinite(value) || value < min) throw new SharpeyeError('E_CONFIG_INVALID', `RuleEngine option ${name} must be a number >= ${min}, got ${value}`);
  return value;
}
