// The node config model as plain JSON Schema (draft-07): for `sharpeye config schema` (editors
// validate YAML with it), the API's request schemas and OpenAPI, and the generated config
// reference. TypeBox schemas are JSON Schema already; here they lose TypeBox's symbols, and the
// free-form `rules` of a camera is replaced by the full rules document schema.
import { Type, type TObject, type TSchema } from '@sinclair/typebox';
import { CameraRulesDocumentSchema, ServeCameraSchema } from '../worker/index.js';
import { NodeConfigSchema } from './node-config.js';

export const JSON_SCHEMA_DIALECT = 'http://json-schema.org/draft-07/schema#';

/**
 * A TypeBox schema as plain JSON Schema for input documents: no symbols, no shared references,
 * and a key with a `default` is optional (TypeBox lists it as required, since the validated value
 * always has it; a document may leave it out).
 */
export function plainJsonSchema(schema: TSchema): Record<string, unknown> {
  return optionalDefaults(JSON.parse(JSON.stringify(schema))) as Record<string, unknown>;
}

function optionalDefaults(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(optionalDefaults);
  if (node === null || typeof node !== 'object') return node;
  // `default` and `const` hold values, not schemas; under `properties` every value is a schema (a key may be called `default`).
  const out = Object.fromEntries(Object.entries(node).map(([k, v]) => [k,
    k === 'properties' ? Object.fromEntries(Object.entries(v as object).map(([name, s]) => [name, optionalDefaults(s)]))
      : k === 'default' || k === 'const' ? v : optionalDefaults(v)]));
  const properties = out.properties as Record<string, { default?: unknown }> | undefined;
  if (properties && Array.isArray(out.required)) {
    const required = (out.required as string[]).filter((k) => !(properties[k] && 'default' in properties[k]));
    if (required.length > 0) out.required = required;
    else delete out.required;
  }
  return out;
}

/** A camera entry as documented: `rules` is the rules document, not free-form. */
export const CameraDocumentSchema = Type.Object({
  ...ServeCameraSchema.properties,
  rules: Type.Optional(CameraRulesDocumentSchema),
}, { additionalProperties: false, description: 'one camera: what to open, how to decode and gate it, its rules' });

/** A change to a camera (PATCH): any of its top-level keys except `id`. */
export const CameraPatchSchema = Type.Partial(Type.Omit(CameraDocumentSchema, ['id']), { additionalProperties: false, description: 'keys of a camera entry to change (id excluded); the merged camera is validated as a whole' });

/** The node config as documented (cameras with their full rules schema). */
export const NodeConfigDocumentSchema: TObject = Type.Object({
  ...NodeConfigSchema.properties,
  cameras: Type.Array(CameraDocumentSchema, { description: NodeConfigSchema.properties.cameras.description, minItems: NodeConfigSchema.properties.cameras.minItems }),
}, { additionalProperties: false, description: 'sharpeye node configuration (sharpeye serve --config FILE)' });

/**
 * The JSON Schema `sharpeye config schema` prints: `$schema`, `$id`, `title`, and a description on
 * every key. YAML editors (yaml-language-server: `# yaml-language-server: $schema=FILE`) use it.
 */
export function nodeConfigJsonSchema(): Record<string, unknown> {
  return { $schema: JSON_SCHEMA_DIALECT, $id: 'https://sharpeye.dev/schemas/node-config.json', title: 'sharpeye node config', ...plainJsonSchema(NodeConfigDocumentSchema) };
}

/** The JSON Schemas the API validates requests with (ports.ts CameraRegistry.schemas). */
export function nodeRequestSchemas(): { camera: object; cameraPatch: object; rules: object } {
  return { camera: plainJsonSchema(CameraDocumentSchema), cameraPatch: plainJsonSchema(CameraPatchSchema), rules: plainJsonSchema(CameraRulesDocumentSchema) };
}
