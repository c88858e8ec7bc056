// A camera's `motion` section, defined once beside the motion gate: its defaults and bounds are
// the MotionDetector's and MotionGate's own (they read them from here), and the node config
// composes this schema into each camera entry.
import { Type, type Static } from '@sinclair/typebox';
import { numberLimits } from '../../core/index.js';

const Point = Type.Tuple([Type.Number({ minimum: 0, maximum: 1 }), Type.Number({ minimum: 0, maximum: 1 })]);

export const MotionConfigSchema = Type.Object({
  enabled: Type.Boolean({ description: 'skip inference on frames without motion while no object is present', default: true }),
  pixelThreshold: Type.Integer({ description: 'grey-level change (0-255) that counts a pixel as moving', default: 25, minimum: 1, maximum: 255 }),
  minChangedFraction: Type.Number({ description: 'fraction of the picture that must change to count as motion', default: 0.003, minimum: 0, maximum: 1 }),
  ignore: Type.Array(Type.Array(Point, { minItems: 3, maxItems: 1000 }), { description: 'simple polygons (normalised 0..1, origin top-left) where motion is ignored: timestamps, trees', default: [], maxItems: 100 }),
  holdSeconds: Type.Number({ description: 'keep inferring this long after the last detection', default: 2, minimum: 0, maximum: 3600 }),
  maxSkipSeconds: Type.Number({ description: 'infer at least once this often even without motion', default: 10, minimum: 0.1, maximum: 86_400 }),
}, { additionalProperties: false, default: {}, description: 'motion gate: inference runs only on frames with motion, or while objects are present' });

export type MotionConfig = Static<typeof MotionConfigSchema>;

const p = MotionConfigSchema.properties;
/** The motion section's numeric defaults and bounds, for the detector's and the gate's own checks. */
export const MOTION_LIMITS = Object.freeze({
  pixelThreshold: numberLimits(p.pixelThreshold),
  minChangedFraction: numberLimits(p.minChangedFraction),
  holdSeconds: numberLimits(p.holdSeconds),
  maxSkipSeconds: numberLimits(p.maxSkipSeconds),
});
