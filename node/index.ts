// Public surface of node/: the SharpeyeNode composition root, its config model and its ports.
export type * from './ports.js';
export {
  ApiConfigSchema, SseConfigSchema, CorsConfigSchema, LogConfigSchema, NodeConfigSchema, loadNodeConfig, validateNodeConfig, withApiOverrides, nodeConfigScope,
  validateCameraDocument, validateRulesDocument,
  type ApiConfig, type SseConfig, type CorsConfig, type LogConfig, type LogLevel, type NodeConfig, type ApiOverrides, type LoadNodeConfigOptions, type CameraDocumentOptions,
} from './node-config.js';
export {
  nodeConfigJsonSchema, nodeRequestSchemas, plainJsonSchema, CameraDocumentSchema, CameraPatchSchema, NodeConfigDocumentSchema, JSON_SCHEMA_DIALECT,
} from './node-config-json-schema.js';
export { NodeEventExport } from './event-export.js';
export { SharpeyeNode, type SharpeyeNodeOptions, type NodeSummary } from './sharpeye-node.js';
export type { SharpeyeNodeEvents } from './node-events.js';
export { IndexQueue, DEFAULT_INDEX_QUEUE_CAPACITY, type IndexQueueOptions, type IndexQueueStats, type IndexOverflowPolicy } from './index-queue.js';
export { openIndexing, blobStoreFor, type OpenedIndexing, type IndexingOptions } from './open-indexing.js';
export { checkServeModels, prepareServeFolders, openServeResources, closeServeResources, nodePlateReaders, plateModels, type ServeResources } from './node-resources.js';
export { PlateReaders, type PlateReadersOptions, type PlateReadersEvents, type PlateReaderFactory } from './plate-readers.js';
export { CAMERA_SCHEMAS } from './camera-documents.js';
export { CAMERA_STATES } from './node-metrics.js';
export { runFootage, type FootageRunOptions, type FootageRunResult, type FootageSink, type FootageLine, type FrameLine, type FootageSummary } from './footage-run.js';
export { FootageProgressTracker, type FootageProgress } from './footage-progress.js';
export { ObjectOutput, type AnalyticsLine, type AnalyticsSummary, type AlertLine, type CountLine, type CrossingLine, type ObjectLine } from './object-output.js';
export { confirmedTracksToJson, countByLabel, detectionToJson, type DetectionJson, type TrackJson } from './detection-json.js';
