// ObjectEvent (core/contracts.ts) as a TypeBox schema, for response serialization and OpenAPI.
// The compiler checks it against the contract both ways (see the assertions at the end), so a
// field added to ObjectEvent fails the build here instead of vanishing from API answers.
import { Type, type Static } from '@sinclair/typebox';
import type { ObjectEvent } from '../../core/index.js';

const WallAndPts = Type.Object({
  ptsMs: Type.Number({ description: 'stream presentation time, ms' }),
  wallMs: Type.Number({ description: 'wall-clock ms since epoch' }),
});

export const ObjectEventSchema = Type.Object({
  id: Type.String({ description: 'deterministic from camera, track id and first pts' }),
  camera: Type.String(),
  trackId: Type.Integer(),
  label: Type.String(),
  score: Type.Number({ description: 'highest detection score seen' }),
  firstSeen: WallAndPts,
  lastSeen: WallAndPts,
  durationSeconds: Type.Number(),
  frames: Type.Integer({ description: 'frames the object was detected in' }),
  box: Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()], { description: 'box at the last detection [x1, y1, x2, y2], source pixels' }),
  size: Type.Object({ width: Type.Number(), height: Type.Number(), areaFraction: Type.Number() }, { description: 'median box size in pixels and as a fraction of the frame area' }),
  color: Type.Union([Type.String(), Type.Null()], { description: 'dominant colour (fixed palette), or null' }),
  colorFraction: Type.Number(),
  speedPxPerSecond: Type.Number(),
  headingDegrees: Type.Union([Type.Number(), Type.Null()], { description: 'degrees clockwise from image-up' }),
  speedMetresPerSecond: Type.Optional(Type.Number({ description: 'with a ground-plane calibration' })),
  compassDegrees: Type.Optional(Type.Union([Type.Number(), Type.Null()], { description: 'with a ground-plane calibration: 0 = north, 90 = east' })),
  trajectory: Type.Array(Type.Object({ ptsMs: Type.Number(), x: Type.Number(), y: Type.Number() }), { description: 'downsampled anchor path' }),
  zones: Type.Array(Type.String(), { description: 'zone ids entered, in order of first entry' }),
  lines: Type.Array(Type.Object({ line: Type.String(), direction: Type.Union([Type.Literal('forward'), Type.Literal('backward')]), ptsMs: Type.Number() })),
  rules: Type.Array(Type.String(), { description: 'rule ids whose alerts involved this object' }),
  snapshot: Type.Optional(Type.String({ description: 'blob key of the best crop; fetch it from /api/events/{id}/snapshot.jpg' })),
  thumbnail: Type.Optional(Type.String({ description: 'blob key of the frame thumbnail; fetch it from /api/events/{id}/thumbnail.jpg' })),
  vehicleType: Type.Optional(Type.Union(['car', 'suv_van', 'bus', 'light_goods', 'heavy_goods', 'motorcycle', 'bicycle'].map((v) => Type.Literal(v)), {
    description: 'vehicles only: the finer vehicle type',
  })),
  plate: Type.Optional(Type.Object({
    text: Type.String({ description: 'as printed, no separators' }),
    confidence: Type.Number({ description: 'vote-weighted confidence, 0..1' }),
    colour: Type.Union([...['blue', 'yellow', 'green', 'white', 'black'].map((v) => Type.Literal(v)), Type.Null()]),
    layers: Type.Union([Type.Literal(1), Type.Literal(2)], { description: '2 for double-layer plates' }),
    kind: Type.Union(['mainland', 'new_energy', 'hk_macao', 'latin', 'other'].map((v) => Type.Literal(v))),
    candidates: Type.Array(Type.Object({ text: Type.String(), confidence: Type.Number(), votes: Type.Integer() }), { description: 'distinct texts read, best first' }),
    snapshot: Type.Optional(Type.String({ description: 'blob key of the rectified plate crop' })),
  }, { description: 'vehicles only, when the camera reads plates: the plate voted across the track\'s frames' })),
  person: Type.Optional(Type.Object({
    upperColor: Type.Union([Type.String(), Type.Null()]),
    lowerColor: Type.Union([Type.String(), Type.Null()]),
    carrying: Type.Array(Type.Union(['handbag', 'backpack', 'suitcase'].map((v) => Type.Literal(v)))),
    riding: Type.Union([Type.Literal('bicycle'), Type.Literal('motorcycle'), Type.Null()]),
  }, { description: 'people only: clothing colours, bags, what they ride (never biometric)' })),
  final: Type.Boolean(),
  version: Type.Integer(),
}, { description: 'one tracked object, as stored' });

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends ReadonlyArray<infer U> ? U[] : T[K] };
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
const sameKeys: SameKeys<Static<typeof ObjectEventSchema>, Mutable<ObjectEvent>> = true;
void sameKeys;
