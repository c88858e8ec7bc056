// Public surface of the Milvus backend.
export { MilvusEventStore, type MilvusEventStoreDeps } from './milvus-event-store.js';
export type { MilvusEventStoreOptions, MilvusConsistencyLevel, MilvusIndexType, MilvusIndexOptions } from './milvus-options.js';
export type { MilvusCapabilities } from './milvus-schema.js';
