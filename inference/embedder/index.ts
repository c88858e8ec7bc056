// Public surface of inference/embedder: crop embedders, the per-label set, vector helpers and the
// text-encoder contract for CLIP-style text queries.
export { Embedder, DEFAULT_EMBED_MODEL, DEFAULT_EMBED_PREPROCESS, type EmbedderOptions, type EmbedderSpec, type EmbedCrop, type EmbedderInfo, type EmbedderStats } from './embedder.js';
export { EmbedderSet, EmbedderConfigSchema, PRIVACY_EXCLUDED_LABEL, type EmbedderConfig, type EmbedderSetOptions, type LabelledCrop } from './embedder-set.js';
export { cropRegion, preprocessCropInto, type CropRegion, type EmbedPreprocess, type EmbedResize } from './crop-preprocess.js';
export { l2Normalized, cosineSimilarity, type Embedding } from './embedding-vector.js';
export type { TextEncoder } from './text-encoder.js';
