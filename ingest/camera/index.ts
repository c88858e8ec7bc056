// Live camera runtime: reconnecting, stall-detecting, newest-frame-wins wrapper around a decoder.
export { CameraRuntime, type CameraRuntimeOptions, type CameraRuntimeEvents, type ReconnectOptions } from './camera-runtime.js';
export { backoffDelayMs, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
export { PERSISTENT_ERRORS, type CameraState, type CameraStatus } from './camera-state.js';
export { isFileSource, openLiveDecoder, registerDecoder, type DecoderType, type LiveDecoderOptions } from './open-decoder.js';
export { PacedFrameSource, type LoopingFrameSource, type PacedFrameSourceOptions } from './paced-frame-source.js';
export { CameraConfigSchema, ReconnectConfigSchema, effectiveStallTimeoutMs, STALL_MIN_FRAME_INTERVALS, cameraProblems, cameraSourceUrl, cameraSecrets, validateCamera, type CameraConfig, type CameraCheckOptions } from './camera-config.js';
