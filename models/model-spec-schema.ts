// TypeBox schema for manifest entries: the manifest (and any user-supplied entry) is validated
// once at load, so a typo in a hash or a preprocessing field fails with the entry and path named.
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { SharpeyeError } from '../core/index.js';
import type { ModelSpec } from './model-spec.js';

const Triple = Type.Tuple([Type.Number(), Type.Number(), Type.Number()]);

export const PreprocessSchema = Type.Object({
  channelOrder: Type.Union([Type.Literal('rgb'), Type.Literal('bgr')]),
  scale: Type.Number({ exclusiveMinimum: 0 }),
  mean: Type.Optional(Triple),
  std: Type.Optional(Type.Tuple([Type.Number({ exclusiveMinimum: 0 }), Type.Number({ exclusiveMinimum: 0 }), Type.Number({ exclusiveMinimum: 0 })])),
  resize: Type.Union([Type.Literal('letterbox'), Type.Literal('stretch')]),
  placement: Type.Optional(Type.Union([Type.Literal('top-left'), Type.Literal('center')])),
  padValue: Type.Optional(Type.Number({ minimum: 0, maximum: 255 })),
}, { additionalProperties: false });

export const ModelSpecSchema = Type.Object({
  name: Type.String({ pattern: '^[a-z0-9][a-z0-9.-]*$' }),
  task: Type.Union([Type.Literal('detect'), Type.Literal('embed'), Type.Literal('ocr')]),
  description: Type.String({ minLength: 1 }),
  file: Type.String({ pattern: '^[^/\\\\]+\\.onnx$' }),
  sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  bytes: Type.Integer({ minimum: 1 }),
  urls: Type.Array(Type.String({ pattern: '^(https?|file)://' })),
  license: Type.String({ minLength: 1 }),
  inputSize: Type.Tuple([Type.Integer({ minimum: 1 }), Type.Integer({ minimum: 1 })]),
  preprocess: PreprocessSchema,
  family: Type.Optional(Type.Union(['yolov8', 'yolov5', 'yolox', 'nanodet', 'end2end'].map((f) => Type.Literal(f)))),
  labels: Type.Optional(Type.Union([Type.String({ pattern: '^[a-z0-9-]+$' }), Type.Array(Type.String())])),
  decode: Type.Optional(Type.Object({
    strides: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1 })),
    regMax: Type.Optional(Type.Integer({ minimum: 1 })),
  }, { additionalProperties: false })),
  embeddingDim: Type.Optional(Type.Integer({ minimum: 1 })),
}, { additionalProperties: false });

export type ModelSpecData = Static<typeof ModelSpecSchema>;

/** Validates entries and name uniqueness; throws E_CONFIG_INVALID naming the entry and field. */
export function validateManifest(entries: readonly unknown[]): ModelSpec[] {
  const seen = new Set<string>();
  return entries.map((entry, i) => {
    const first = Value.Errors(ModelSpecSchema, entry).First();
    const name = (entry as { name?: string })?.name ?? `#${i}`;
    if (first) throw new SharpeyeError('E_CONFIG_INVALID', `model manifest entry '${name}' field ${first.path || '/'}: ${first.message}`);
    if (seen.has(name)) throw new SharpeyeError('E_CONFIG_INVALID', `model manifest has two entries named '${name}'`);
    seen.add(name);
    return entry as ModelSpec;
  });
}
