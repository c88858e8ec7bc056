// TypeBox schema of a camera's rules file (`zones`, `lines`, `rules`): every field documented,
// bounded and defaulted per rule type. Coordinates are normalised 0..1 with the origin top-left.
// Each rule type has its own object schema, so defaults (severity, labels) differ per type.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { AlertRuleType } from '../../core/index.js';

const VEHICLES = ['car', 'truck', 'bus', 'motorcycle'];

const Id = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$', maxLength: 64, description: 'letters, digits, _ . -' });
const Coord = Type.Number({ minimum: 0, maximum: 1, description: 'normalised coordinate 0..1' });
export const PointSchema = Type.Tuple([Coord, Coord], { description: '[x, y], origin top-left, y down' });

export const ZoneSchema = Type.Object({
  id: Id,
  polygon: Type.Array(PointSchema, { minItems: 3, maxItems: 1000, description: 'a simple polygon: 3 to 1000 distinct vertices, implicitly closed, edges never crossing or touching' }),
  description: Type.Optional(Type.String()),
}, { additionalProperties: false });

export const LineSchema = Type.Object({
  id: Id,
  points: Type.Tuple([PointSchema, PointSchema], {
    description: '[p0, p1]; forward = from the left of p0->p1 to its right, as seen in the image',
  }),
  description: Type.Optional(Type.String()),
}, { additionalProperties: false });

export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Day = (typeof DAYS)[number];

export const TimeWindowSchema = Type.Object({
  days: Type.Optional(Type.Array(Type.Union(DAYS.map((d) => Type.Literal(d))), {
    minItems: 1, uniqueItems: true, description: 'days the window starts on; all days when absent',
  })),
  from: Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: "'HH:MM', inclusive" }),
  to: Type.String({ pattern: '^(([01]\\d|2[0-3]):[0-5]\\d|24:00)$', description: "'HH:MM' or '24:00', exclusive; earlier than from = crosses midnight" }),
}, { additionalProperties: false });

const Severity = (def: TypeDefaults['severity']) =>
  Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('critical')], { default: def, description: 'alert severity' });
const Seconds = (def: number, description: string) => Type.Number({ minimum: 0, maximum: 86_400 * 7, default: def, description });

interface TypeDefaults { severity: 'info' | 'warning' | 'critical'; labels?: string[] }

/** Fields every rule has, with this type's defaults. */
function common<T extends AlertRuleType>(type: T, d: TypeDefaults) {
  return {
    id: Id,
    type: Type.Literal(type),
    description: Type.Optional(Type.String()),
    labels: d.labels
      ? Type.Array(Type.String({ minLength: 1 }), { minItems: 1, default: d.labels, description: `object labels the rule applies to (default ${d.labels.join(', ')})` })
      : Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, description: 'object labels the rule applies to (default: all)' })),
    severity: Severity(d.severity),
    cooldownSeconds: Seconds(30, 'after an alert ends, a new one for the same objects waits this long'),
    clearSeconds: Seconds(1, 'the condition must stay false this long before an alert ends (absorbs flicker)'),
    schedule: Type.Optional(Type.Array(TimeWindowSchema, { minItems: 1, description: 'active only inside these windows (wall clock)' })),
    timezone: Type.Optional(Type.String({ minLength: 1, description: "IANA name or '+HH:MM'; default: the file's timezone" })),
    anchor: Type.Union([Type.Literal('bottom_center'), Type.Literal('center')], { default: 'bottom_center', description: 'point of the box that stands for the object' }),
  };
}

const ZoneRef = Type.String({ minLength: 1, description: 'id of a zone in this file' });
const StationaryTolerance = Type.Number({ exclusiveMinimum: 0, maximum: 2, default: 0.15, description: 'max anchor displacement, as a fraction of box size (sqrt(w*h)), to count as stationary' });
const strict = { additionalProperties: false } as const;

export const ZoneIntrusionRuleSchema = Type.Object({
  ...common('zone_intrusion', { severity: 'warning', labels: ['person'] }),
  zone: ZoneRef,
  seconds: Seconds(0, 'time in the zone before the alert'),
}, strict);

export const LineCrossingRuleSchema = Type.Object({
  ...common('line_crossing', { severity: 'info' }),
  line: Type.String({ minLength: 1, description: 'id of a line in this file' }),
  intervalSeconds: Type.Number({ minimum: 1, maximum: 86_400, default: 60, description: 'length of the count buckets' }),
  crossingMargin: Type.Number({ minimum: 0, maximum: 2, default: 0.15, description: 'distance past the line, as a fraction of box size, to count as on a side (hysteresis)' }),
  alertOn: Type.Union([Type.Literal('none'), Type.Literal('forward'), Type.Literal('backward'), Type.Literal('both')], { default: 'none', description: 'crossing directions that raise an alert (counts are kept regardless)' }),
}, strict);

export const LoiteringRuleSchema = Type.Object({
  ...common('loitering', { severity: 'warning', labels: ['person'] }),
  zone: ZoneRef,
  seconds: Seconds(60, 'dwell time in the zone before the alert'),
}, strict);

export const IllegalParkingRuleSchema = Type.Object({
  ...common('illegal_parking', { severity: 'warning', labels: VEHICLES }),
  zone: ZoneRef,
  seconds: Seconds(60, 'time stationary in the zone before the alert'),
  stationaryTolerance: StationaryTolerance,
}, strict);

export const StreetOccupationRuleSchema = Type.Object({
  ...common('street_occupation', { severity: 'info', labels: ['person'] }),
  zone: ZoneRef,
  seconds: Seconds(300, 'time stationary in the zone before the alert'),
  stationaryTolerance: StationaryTolerance,
}, strict);

export const CrowdingRuleSchema = Type.Object({
  ...common('crowding', { severity: 'warning', labels: ['person'] }),
  zone: ZoneRef,
  minCount: Type.Integer({ minimum: 1, description: 'alert when at least this many objects are in the zone' }),
  seconds: Seconds(0, 'the count must hold this long before the alert'),
}, strict);

export const CongestionRuleSchema = Type.Object({
  ...common('congestion', { severity: 'warning', labels: VEHICLES }),
  zone: ZoneRef,
  measure: Type.Union([Type.Literal('count'), Type.Literal('occupancy')], { default: 'count', description: 'vehicles in the zone, or the fraction of its area their boxes cover' }),
  busy: Type.Number({ minimum: 0, description: 'mean measure over the window from which the level is busy' }),
  congested: Type.Number({ minimum: 0, description: 'mean measure over the window from which the level is congested' }),
  windowSeconds: Type.Number({ minimum: 0, maximum: 3_600, default: 60, description: 'the measure is averaged over this window' }),
  alertLevel: Type.Union([Type.Literal('busy'), Type.Literal('congested')], { default: 'congested', description: 'level from which an alert is raised' }),
}, strict);

export const HeavyVehicleRuleSchema = Type.Object({
  ...common('heavy_vehicle', { severity: 'warning', labels: ['truck', 'bus'] }),
  zone: Type.Optional(ZoneRef),
  seconds: Seconds(0, 'time in the zone (or frame, without a zone) before the alert'),
}, strict);

/** One schema per rule type, chosen by the rule's `type`. */
export const RULE_SCHEMAS = {
  zone_intrusion: ZoneIntrusionRuleSchema,
  line_crossing: LineCrossingRuleSchema,
  loitering: LoiteringRuleSchema,
  illegal_parking: IllegalParkingRuleSchema,
  street_occupation: StreetOccupationRuleSchema,
  crowding: CrowdingRuleSchema,
  congestion: CongestionRuleSchema,
  heavy_vehicle: HeavyVehicleRuleSchema,
} as const satisfies Record<AlertRuleType, TSchema>;

export const RULE_TYPES = Object.keys(RULE_SCHEMAS) as AlertRuleType[];

/** The document shape with each rule left open; rules are then checked by their own type's schema. */
export const RulesFileSchema = Type.Object({
  timezone: Type.String({ minLength: 1, default: 'UTC', description: "IANA time zone (e.g. 'Europe/Rome') or UTC offset '+HH:MM' for schedules" }),
  zones: Type.Array(ZoneSchema, { default: [] }),
  lines: Type.Array(LineSchema, { default: [] }),
  rules: Type.Array(Type.Object({
    id: Id,
    type: Type.Union(RULE_TYPES.map((t) => Type.Literal(t)), { description: 'rule type' }),
  }), { default: [] }),
}, { additionalProperties: false });

export type ZoneConfig = Static<typeof ZoneSchema>;
export type LineConfig = Static<typeof LineSchema>;
export type TimeWindow = Static<typeof TimeWindowSchema>;
export type ZoneIntrusionRuleConfig = Static<typeof ZoneIntrusionRuleSchema>;
export type LineCrossingRuleConfig = Static<typeof LineCrossingRuleSchema>;
export type LoiteringRuleConfig = Static<typeof LoiteringRuleSchema>;
export type IllegalParkingRuleConfig = Static<typeof IllegalParkingRuleSchema>;
export type StreetOccupationRuleConfig = Static<typeof StreetOccupationRuleSchema>;
export type CrowdingRuleConfig = Static<typeof CrowdingRuleSchema>;
export type CongestionRuleConfig = Static<typeof CongestionRuleSchema>;
export type HeavyVehicleRuleConfig = Static<typeof HeavyVehicleRuleSchema>;
export type RuleConfig =
  | ZoneIntrusionRuleConfig | LineCrossingRuleConfig | LoiteringRuleConfig | IllegalParkingRuleConfig
  | StreetOccupationRuleConfig | CrowdingRuleConfig | CongestionRuleConfig | HeavyVehicleRuleConfig;

/** A validated rules file: defaults applied, references checked, deep-frozen. */
export interface RulesConfig {
  readonly timezone: string;
  readonly zones: readonly ZoneConfig[];
  readonly lines: readonly LineConfig[];
  readonly rules: readonly RuleConfig[];
}
