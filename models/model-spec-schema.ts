// TypeBox schema for manifest entries: the manifest (and any user-supplied entry) is validated
// once at load, so a typo in a hash or a preprocessing field fails with the entry and path named.
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { SharpeyeError } from '../core/index.js';
import type { ModelSpec } from './model-spec.js';

const Triple = Type.Tuple([Type.Number(), Type.Number(), Type.Number()]);
const PositiveTriple = Type.Tuple([Type.Number({ exclusiveMinimum: 0 }), Type.Number({ exclusiveMinimum: 0 }), Type.Number({ exclusiveMinimum: 0 })]);

export const PreprocessSchema = Type.Object({
  channelOrder: Type.Union([Type.Literal('rgb'), Type.Literal('bgr')]),
  scale: Type.Number({ exclusiveMinimum: 0 }),
  mean: Type.Optional(Triple),
  std: Type.Optional(PositiveTriple),
  resize: Type.Union([Type.Literal('letterbox'), Type.Literal('stretch')]),
  placement: Type.Optional(Type.Union([Type.Literal('top-left'), Type.Literal('center')])),
  padValue: Type.Optional(Type.Number({ minimum: 0, maximum: 255 })),
  inputType: Type.Optional(Type.Union([Type.Literal('float32'), Type.Literal('uint8')])),
  layout: Type.Optional(Type.Union([Type.Literal('nchw'), Type.Literal('nhwc')])),
}, { additionalProperties: false });

export const ModelSpecSchema = Type.Object({
  name: Type.String({ pattern: '^[a-z0-9][a-z0-9.-]*$', description: 'registry name used on the CLI' }),
  task: Type.Union([
    Type.Literal('detect'), Type.Literal('embed'), Type.Literal('ocr'),
    Type.Literal('plate-detect'), Type.Literal('plate-recognise'), Type.Literal('plate-ocr'), Type.Literal('plate-colour'),
  ]),
  description: Type.String({ minLength: 1 }),
  file: Type.String({ pattern: '^[^/\\\\]+\\.onnx$', description: 'bare file name, no directories' }),
  sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  bytes: Type.Integer({ minimum: 1 }),
  urls: Type.Array(Type.String({ pattern: '^(https?|file)://' })),
  license: Type.String({ minLength: 1 }),
  inputSize: Type.Tuple([Type.Integer({ minimum: 1 }), Type.Integer({ minimum: 1 })], { description: '[width, height]' }),
  preprocess: PreprocessSchema,
  family: Type.Optional(Type.Union([
    Type.Literal('yolov8'), Type.Literal('yolov5'), Type.Literal('yolox'), Type.Literal('nanodet'), Type.Literal('end2end'),
  ])),
  labels: Type.Optional(Type.Union([Type.String({ pattern: '^[a-z0-9-]+$' }), Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })])),
  decode: Type.Optional(Type.Object({
    strides: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1 })),
    regMax: Type.Optional(Type.Integer({ minimum: 1 })),
  }, { additionalProperties: false })),
  embeddingDim: Type.Optional(Type.Integer({ minimum: 1 })),
}, { additionalProperties: false });

export type ModelSpecData = Static<typeof ModelSpecSchema>;

// Compile-time guard: the schema and the hand-written ModelSpec interface must describe the same
// shape, so a field added to one and not the other fails `tsc` instead of failing validation.
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type SchemaMatchesModelSpec = Assert<Mutual<ModelSpecData, ModelSpec>>;

/** Validates entries and name/file uniqueness; throws E_CONFIG_INVALID naming the entry and field. */
export function validateManifest(entries: readonly unknown[]): ModelSpec[] {
  const names = new Set<string>();
  const files = new Set<string>();
  return entries.map((entry, i) => {
    const name = (entry as { name?: unknown } | null)?.name;
    const label = typeof name === 'string' ? name : `#${i}`;
    const first = Value.Errors(ModelSpecSchema, entry).First();
    if (first) throw new SharpeyeError('E_CONFIG_INVALID', `model manifest entry '${label}' field ${first.path || '/'}: ${first.message}`);
    const spec = entry as ModelSpec;
    if (names.has(spec.name)) throw new SharpeyeError('E_CONFIG_INVALID', `model manifest has two entries named '${spec.name}'`);
    // Two entries sharing a file name would overwrite each other in the cache.
    if (files.has(spec.file)) throw new SharpeyeError('E_CONFIG_INVALID', `model manifest entry '${spec.name}' reuses the file name ${spec.file}`);
    names.add(spec.name);
    files.add(spec.file);
    return spec;
  });
}
