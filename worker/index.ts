// Public surface of worker/: pipeline wiring from a frame source to detections.
export { DetectionPipeline, type DetectionPipelineOptions, type DetectionPipelineStats } from './detection-pipeline.js';
