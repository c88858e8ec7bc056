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
