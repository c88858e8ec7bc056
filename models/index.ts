// Public surface of models/: the manifest and registry, resolution and fetching of weights,
// verification of local copies, and label lists. Other stages import only from here.
export type { ModelSpec, ModelTask, DetectorFamily, PreprocessSpec } from './model-spec.js';
export { MODEL_MANIFEST } from './manifest.js';
export { validateManifest, ModelSpecSchema, PreprocessSchema, type ModelSpecData } from './model-spec-schema.js';
export { listModels, getModelSpec, isModelName } from './model-registry.js';
export { defaultCacheDir, resolveSettings, type ResolveOptions, type ResolveSettings } from './resolve-options.js';
export { resolveModel, resolveModelSpec, fetchModel, type ResolvedModel, type ModelSource, type FetchOptions } from './model-resolver.js';
export { verifyModel, verifyModels, type ModelStatus, type ModelCopyStatus } from './model-verify.js';
export { loadLabels } from './load-labels.js';
export { sha256File } from './model-files.js';
