// Motion gating: a cheap motion test on a small grayscale frame that lets a camera skip detector
// inference while nothing moves and nothing is being tracked.
export { MotionDetector, MOTION_DETECTOR_DEFAULTS, validateMotionDetectorOptions, type MotionDetectorOptions, type MotionResult } from './motion-detector.js';
export { MotionGate, validateMotionGateOptions, type MotionGateOptions, type MotionGateStats, type MotionGateTimeSource, type AdmitReason } from './motion-gate.js';
export { type NormalizedPolygon } from './region-mask.js';
export { MotionConfigSchema, MOTION_LIMITS, type MotionConfig } from './motion-config.js';
