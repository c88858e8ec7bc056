// The detector's settings, defined once: the `detector` section of the node config, the
// `--model/--conf/--iou/--classes/--provider/--sessions/--threads/--input-size` flags of detect,
// analyze and serve, and Detector.create's defaults all read them from these schemas.
import { Type, type Static } from '@sinclair/typebox';
import { numberLimits, schemaDefault } from '../core/index.js';

export const DetectorConfigSchema = Type.Object({
  model: Type.String({ description: 'manifest name or .onnx path (see `sharpeye models list`)', default: 'yolov8n-int8', minLength: 1 }),
  confidence: Type.Number({ description: 'minimum detection score', default: 0.25, minimum: 0, maximum: 1 }),
  iou: Type.Number({ description: 'NMS IoU threshold: a lower-scoring box of the same class overlapping more than this is suppressed', default: 0.45, minimum: 0, maximum: 1 }),
  classes: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { description: 'keep only these labels (e.g. person, car); default all' })),
  provider: Type.Union([Type.Literal('cpu'), Type.Literal('cuda'), Type.Literal('tensorrt')], { description: 'onnxruntime execution provider', default: 'cpu' }),
  sessions: Type.Optional(Type.Integer({ description: 'parallel model sessions shared by all cameras (default: CPU cores for serve and analyze, 1 for detect)', minimum: 1, maximum: 64 })),
  intraOpThreads: Type.Optional(Type.Integer({ description: 'onnxruntime threads per session (default: CPU cores / sessions)', minimum: 1, maximum: 256 })),
}, { additionalProperties: false, default: {}, description: 'the object detector shared by all cameras' });

/**
 * A model's input side in pixels for models with dynamic input axes: a multiple of the largest
 * stride (32 for the YOLO families here). 4096 costs (4096/640)^2 = 41x the default inference.
 */
export const InputSizeSchema = Type.Integer({ description: 'model input width and height in pixels (dynamic-input models only; multiple of 32)', minimum: 32, maximum: 4096, multipleOf: 32 });

export type DetectorConfig = Static<typeof DetectorConfigSchema>;

const p = DetectorConfigSchema.properties;
/** The detector's defaults as values (Detector.create falls back to these). */
export const DETECTOR_DEFAULTS = Object.freeze({
  model: schemaDefault<string>(p.model),
  confidence: schemaDefault<number>(p.confidence),
  iou: schemaDefault<number>(p.iou),
  provider: schemaDefault<DetectorConfig['provider']>(p.provider),
});
/** InputSizeSchema's bounds as numbers. */
export const INPUT_SIZE_LIMITS = numberLimits(InputSizeSchema);
