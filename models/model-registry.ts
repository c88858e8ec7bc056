// The validated manifest and lookups by name and file name. Validation runs once when the
// module loads, so a bad entry fails at start, not at the first resolution.
import { SharpeyeError } from '../core/index.js';
import { MODEL_MANIFEST } from './manifest.js';
import type { ModelSpec } from './model-spec.js';
import { validateManifest } from './model-spec-schema.js';

const manifest: readonly ModelSpec[] = Object.freeze(validateManifest(MODEL_MANIFEST));

/** Every known model, in manifest order. */
export const listModels = (): readonly ModelSpec[] => manifest;

export const isModelName = (name: string): boolean => manifest.some((m) => m.name === name);

/** The manifest entry called `name`; throws E_MODEL_UNKNOWN listing the known names. */
export function getModelSpec(name: string): ModelSpec {
  const spec = manifest.find((m) => m.name === name);
  if (spec) return spec;
  throw new SharpeyeError('E_MODEL_UNKNOWN',
    `unknown model '${name}'; known models: ${manifest.map((m) => m.name).join(', ')} (or give the path of an .onnx file)`,
    { details: { name, known: manifest.map((m) => m.name) } });
}

/** The entry whose file name is `file`, if any (identifies files given by path, hints on typos). */
export const findSpecByFile = (file: string): ModelSpec | undefined => manifest.find((m) => m.file === file);

