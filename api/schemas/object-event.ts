// The ObjectEvent contract (core/contracts.ts) as a TypeBox schema, for responses that carry stored
// object events (similar search here; event listing beside it). Response schemas drive fastify's
// serializer, which drops what a schema does not name, so every field of the contract is listed.
import { Type, type Static } from '@sinclair/typebox';
import type { ObjectEvent } from '../../core/index.js';

const Time = Type.Object({
  ptsMs: Type.Number({ description: 'stream time, ms' }),
  wallMs: Type.Number({ description: 'wall-clock ms since epoch' }),
});

export const BoxSchema = Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()], {
  description: 'x1, y1, x2, y2 in source pixels',
});

export const ObjectEventSchema = Type.Object({
  id: Type.String(),
  camera: Type.String(),
  trackId: Type.Integer(),
  label: Type.String(),
  score: Type.Number({ description: 'highest detection score seen' }),
  firstSeen: Time,
  lastSeen: Time,
  durationSeconds: Type.Number(),
  frames: Type.Integer(),
  box: BoxSchema,
  size: Type.Object({ width: Type.Number(), height: Type.Number(), areaFraction: Type.Number() }),
  color: Type.Union([Type.String(), Type.Null()], { description: 'dominant colour from a fixed palette' }),
  colorFraction: Type.Number(),
  speedPxPerSecond: Type.Number(),
  headingDegrees: Type.Union([Type.Number(), Type.Null()], { description: 'degrees clockwise from image-up' }),
  speedMetresPerSecond: Type.Optional(Type.Number()),
  compassDegrees: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  trajectory: Type.Array(Type.Object({ ptsMs: Type.Number(), x: Type.Number(), y: Type.Number() })),
  zones: Type.Array(Type.String()),
  lines: Type.Array(Type.Object({
    line: Type.String(),
    direction: Type.Union([Type.Literal('forward'), Type.Literal('backward')]),
    ptsMs: Type.Number(),
  })),
  rules: Type.Array(Type.String()),
  snapshot: Type.Optional(Type.String()),
  thumbnail: Type.Optional(Type.String()),
  final: Type.Boolean(),
  version: Type.Integer(),
}, { description: 'one tracked object (see core/contracts.ts ObjectEvent)' });

export type ObjectEventWire = Static<typeof ObjectEventSchema>;

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends ReadonlyArray<infer U> ? U[] : T[K] };
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
// A field added to ObjectEvent fails the build here instead of vanishing from API answers.
const sameKeys: SameKeys<Static<typeof ObjectEventSchema>, Mutable<ObjectEvent>> = true;
void sameKeys;

/** The event as the response schema types it (the contract's readonly arrays, same shape). */
export function objectEventWire(event: ObjectEvent): ObjectEventWire {
  return event as unknown as ObjectEventWire;
}
