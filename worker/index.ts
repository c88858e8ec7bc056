// Public surface of worker/: pipeline wiring from frame sources to detections.
export { DetectionPipeline, type DetectionPipelineOptions, type DetectionPipelineStats } from './detection-pipeline.js';
export { CameraScheduler, type CameraSchedulerStats, type CameraSchedulerEvents, type FrameGate, type ScheduledCamera, type ScheduledCameraOptions } from './camera-scheduler.js';
export { CameraNode, type NodeCamera, type CameraStats, type CameraNodeEvents } from './camera-node.js';
export { loadServeConfig, validateServeConfig, validateServeCamera, type LoadServeConfigOptions, StoreConfigSchema, type StoreConfig, ServeConfigSchema, ServeCameraSchema, MotionConfigSchema, type ServeConfig, type ServeCameraConfig, type MotionConfig } from './serve-config.js';
export { motionGateFor } from './motion-gate-config.js';
export { ObjectAnalytics, type ObjectAnalyticsOptions, type ObjectAnalyticsOutput } from './object-analytics.js';
export { loadRulesFile, validateCameraRules, cameraRulesDocument, CameraRulesDocumentSchema, CalibrationSchema, type CameraRules, type Calibration } from './rules-file.js';
export * from './alerts/index.js';
export { EventIndexer, saveSnapshots, withPlateCrop, type EventIndexerStats } from './event-indexer.js';
/** The detector section's schema lives with the detector (inference/); re-exported for existing callers. */
export { DetectorConfigSchema } from '../inference/index.js';
export { resolveCameraFile, cameraFile } from './serve-config-files.js';
export * from './plates/index.js';
