// Public surface of inference/: the detector, its options and the runtime knobs.
export { Detector, type DetectorOptions, type DetectorInfo, type PreparedBatch, type PrepareOptions } from './detector.js';
export type { InputTransform } from './preprocess/letterbox.js';
export { availableProviders, type ExecutionProvider, type SessionOptions } from './runtime/index.js';
export * from './tracking/index.js';
export * from './tiling/index.js';
export * from './embedder/index.js';
export { DetectorConfigSchema, InputSizeSchema, DETECTOR_DEFAULTS, INPUT_SIZE_LIMITS, type DetectorConfig } from './detector-config.js';
export * from './plates/index.js';
