// The AlertEvent contract (core/contracts.ts) and the logged AlertRecord as TypeBox schemas, for
// the alert list and the SSE stream's documentation.
import { Type, type Static } from '@sinclair/typebox';
import type { Alert, AlertEvent } from '../../core/index.js';
import type { AlertRecord } from '../../node/index.js';

export const ALERT_RULE_TYPES = ['zone_intrusion', 'line_crossing', 'loitering', 'illegal_parking',
  'street_occupation', 'crowding', 'congestion', 'heavy_vehicle'] as const;

export const AlertRuleTypeSchema = Type.Union(ALERT_RULE_TYPES.map((t) => Type.Literal(t)));

export const AlertSchema = Type.Object({
  id: Type.String({ description: 'ruleId:camera:startedPtsMs:objectIds' }),
  ruleId: Type.String(),
  type: AlertRuleTypeSchema,
  severity: Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('critical')]),
  camera: Type.String(),
  startedPtsMs: Type.Number(),
  startedWallMs: Type.Number(),
  endedPtsMs: Type.Optional(Type.Number()),
  endedWallMs: Type.Optional(Type.Number()),
  objects: Type.Array(Type.Integer(), { description: 'track ids involved' }),
  labels: Type.Array(Type.String()),
  zone: Type.Optional(Type.String()),
  line: Type.Optional(Type.String()),
  details: Type.Record(Type.String(), Type.Union([Type.Number(), Type.String(), Type.Boolean()]), {
    description: 'rule-specific facts, e.g. dwellSeconds, count, level, direction',
  }),
  snapshot: Type.Optional(Type.String()),
});

export const AlertEventSchema = Type.Object({
  kind: Type.Union([Type.Literal('started'), Type.Literal('updated'), Type.Literal('ended')]),
  frameIndex: Type.Integer(),
  ptsMs: Type.Number(),
  wallMs: Type.Number({ description: 'wall-clock ms since epoch' }),
  alert: AlertSchema,
});

export const AlertRecordSchema = Type.Object({
  seq: Type.Integer({ minimum: 1, description: "position in this node's alert log (the SSE id)" }),
  event: AlertEventSchema,
});

export type AlertRecordWire = Static<typeof AlertRecordSchema>;

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends ReadonlyArray<infer U> ? U[] : T[K] };
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
// A field added to Alert or AlertEvent fails the build here instead of vanishing from API answers.
const sameAlertKeys: SameKeys<Static<typeof AlertSchema>, Mutable<Alert>> = true;
const sameEventKeys: SameKeys<Static<typeof AlertEventSchema>, Mutable<AlertEvent>> = true;
void sameAlertKeys;
void sameEventKeys;

/** The records as the response schema types them (the contract's readonly arrays, same shape). */
export function alertRecordsWire(records: readonly AlertRecord[]): AlertRecordWire[] {
  return records as unknown as AlertRecordWire[];
}
