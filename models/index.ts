// Public surface of models/: the manifest, resolution of weights, verification and labels.
export type { ModelSpec, ModelTask, DetectorFamily, PreprocessSpec } from './model-spec.js';
export { MODEL_MANIFEST } from './manifest.js';
export { validateManifest, ModelSpecSchema } from './model-spec-schema.js';
export { listModels, getModelSpec, resolveModel, fetchModel, defaultCacheDir, type ResolvedModel, type ResolveOptions, type ModelSource } from './model-resolver.js';
export { verifyModels, type ModelStatus } from './model-verify.js';
export { loadLabels } from './labels.js';
export { sha256File } from './model-files.js';
