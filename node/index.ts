// Public surface of node/: the SharpeyeNode composition root, its config model and its ports.
export type * from './ports.js';
export { ApiConfigSchema, NodeConfigSchema, loadNodeConfig, type ApiConfig, type NodeConfig } from './node-config.js';
export { SharpeyeNode, type SharpeyeNodeOptions, type NodeSummary } from './sharpeye-node.js';
export type { SharpeyeNodeEvents } from './node-events.js';
export { IndexQueue, DEFAULT_INDEX_QUEUE_CAPACITY, type IndexQueueOptions, type IndexOverflowPolicy } from './index-queue.js';
export { openIndexing, blobStoreFor, type OpenedIndexing, type IndexingOptions } from './open-indexing.js';
export { checkServeModels, prepareServeFolders, openServeResources, closeServeResources, type ServeResources } from './node-resources.js';
export { CAMERA_SCHEMAS } from './camera-documents.js';
export { CAMERA_STATES } from './node-metrics.js';
