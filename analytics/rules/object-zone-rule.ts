// Per-object zone rules: zone_intrusion, loitering, heavy_vehicle (time in the zone) and
// illegal_parking, street_occupation (time stationary in the zone). One alert per object; a track
// that is lost or missing keeps its timers and its alert until the engine forgets it.
import type { Alert, Track } from '../../core/index.js';
import { boxSize, pointInPolygon, type Polygon } from '../geometry/index.js';
import { AlertLifecycle, type EventTime, type SituationView } from './alert-lifecycle.js';
import { HeldCondition } from './held-condition.js';
import { isVehicleLabel, labelFilter, normalisedAnchor, observedNow, roundTo, type RuleEvaluator, type RuleFrame } from './rule-frame.js';
import type { RuleOutput } from './rule-output.js';
import type { HeavyVehicleRuleConfig, IllegalParkingRuleConfig, LoiteringRuleConfig, StreetOccupationRuleConfig, ZoneIntrusionRuleConfig } from './rules-schema.js';
import { inSchedule } from './schedule.js';
import { Stationarity } from './stationarity.js';

export type ObjectZoneRuleConfig = ZoneIntrusionRuleConfig | LoiteringRuleConfig | HeavyVehicleRuleConfig | IllegalParkingRuleConfig | StreetOccupationRuleConfig;

interface ObjectState {
  readonly inZone: HeldCondition;
  stationarity?: Stationarity;
  /** heavy_vehicle: sightings voting heavy, all sightings, and those heavy by size alone. */
  heavy?: { yes: number; seen: number; bySize: number };
}

/** Sightings a track needs before heavy_vehicle decides on it (one second at 5 fps). */
export const HEAVY_MIN_SIGHTINGS = 5;

export class ObjectZoneRule implements RuleEvaluator {
  readonly id: string;
  private readonly lifecycle: AlertLifecycle;
  private readonly accepts: (label: string) => boolean;
  private readonly states = new Map<number, ObjectState>();
  private readonly secondsMs: number;
  private readonly tolerance: number | undefined;

  /** `polygon` is the rule's zone in normalised coordinates; undefined means the whole frame. */
  constructor(private readonly rule: ObjectZoneRuleConfig, private readonly polygon: Polygon | undefined, private readonly timezone: string) {
    this.id = rule.id;
    this.lifecycle = new AlertLifecycle(rule);
    this.accepts = labelFilter(rule.labels);
    this.secondsMs = rule.seconds * 1000;
    this.tolerance = 'stationaryTolerance' in rule ? rule.stationaryTolerance : undefined;
  }

  update(f: RuleFrame, out: RuleOutput): void {
    const scheduled = inSchedule(f.localTime(this.rule.timezone ?? this.timezone), this.rule.schedule);
    for (const track of f.tracks) {
      if (!observedNow(track)) continue;
      let matches = this.accepts(track.label), bySize = false;
      if (this.rule.type === 'heavy_vehicle') {
        if (!matches && !isVehicleLabel(track.label) && !this.states.has(track.id)) continue;
        ({ matches, bySize } = this.heavyVote(this.state(track, f), track, f));
      } else if (!matches && !this.states.has(track.id)) continue;
      // A label that flips away (truck -> car) counts as leaving; clearSeconds absorbs flicker.
      const anchor = normalisedAnchor(track, this.rule.anchor, f.width, f.height);
      const inZone = matches && (this.polygon === undefined || pointInPolygon(anchor, this.polygon));
      const state = this.state(track, f);
      state.inZone.update(inZone, f.ptsMs);
      let since = state.inZone.since;
      if (state.stationarity) {
        state.stationarity.observe(anchor, boxSize(track.box), f.width, f.height, f.ptsMs);
        if (since !== undefined) since = Math.max(since, state.stationarity.sincePts);
      }
      const heldMs = since === undefined ? 0 : f.ptsMs - since;
      const active = scheduled && inZone && since !== undefined && heldMs >= this.secondsMs;
      this.lifecycle.observe(String(track.id), active, f, () => this.view(track, heldMs, bySize), out.alerts);
    }
  }

  forget(trackId: number, lastSeen: EventTime, at: EventTime, out: RuleOutput): void {
    this.lifecycle.end(String(trackId), lastSeen, at, out.alerts);
    this.states.delete(trackId);
  }

  flush(at: EventTime, out: RuleOutput): void {
    this.lifecycle.endAll(at, out.alerts);
    this.states.clear();
  }

  openAlerts(): Alert[] { return this.lifecycle.openAlerts(); }

  /**
   * heavy_vehicle: each sighting votes heavy by its size verdict when there is one (a bus-sized
   * "car" is heavy, a car-sized "bus" is not), else by its label; the track is heavy once the
   * majority of at least HEAVY_MIN_SIGHTINGS sightings says so, so label flicker decides nothing.
   */
  private heavyVote(state: ObjectState, track: Track, f: RuleFrame): { matches: boolean; bySize: boolean } {
    const verdict = isVehicleLabel(track.label) ? f.sizeVerdict(track.id) : undefined;
    const votes = (state.heavy ??= { yes: 0, seen: 0, bySize: 0 });
    votes.seen++;
    if (verdict === 'heavy' || (verdict === undefined && this.accepts(track.label))) votes.yes++;
    if (verdict === 'heavy' && !this.accepts(track.label)) votes.bySize++;
    const matches = votes.seen >= HEAVY_MIN_SIGHTINGS && votes.yes * 2 > votes.seen;
    return { matches, bySize: matches && votes.bySize * 2 > votes.yes };
  }

  private state(track: Track, f: RuleFrame): ObjectState {
    let s = this.states.get(track.id);
    if (!s) {
      s = { inZone: new HeldCondition(this.rule.clearSeconds * 1000) };
      if (this.tolerance !== undefined) {
        s.stationarity = new Stationarity(this.tolerance, normalisedAnchor(track, this.rule.anchor, f.width, f.height), boxSize(track.box), f.ptsMs);
      }
      this.states.set(track.id, s);
    }
    return s;
  }

  private view(track: Track, heldMs: number, bySize: boolean): SituationView {
    const details = { dwellSeconds: roundTo(heldMs / 1000, 3), ...(bySize ? { bySize: true } : {}) };
    return { objects: [track.id], labels: [track.label], details, revision: '' };
  }
}
