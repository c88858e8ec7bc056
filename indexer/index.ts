// Public surface of indexer/: the EventStore contract, its backends and the snapshot blob store.
export type { EventStore, EventRecord, EventFilter, EventQuery, EventPage, SimilarQuery, SimilarHit, StoreHealth, StoreHealthState } from './event-store.js';
export type { BlobStore } from './blob-store.js';
export { SqliteEventStore, DEFAULT_OVERSAMPLE, DEFAULT_QUANTISED_MIN_VECTORS, type SqliteEventStoreOptions } from './sqlite/sqlite-event-store.js';
export { checkEmbedding, checkRecord, checkFilter, FILTER_LIMITS } from './store-input.js';
export { EventFilterSchema, EventLimitSchema, SimilarKSchema, QUERY_LIMITS, type EventFilterInput } from './event-filter-schema.js';
export { encodeEventCursor, decodeEventCursor, checkCount, checkOrder, type EventCursor, type EventOrder } from './cursor.js';
export { FsBlobStore, plateKey, snapshotKey, thumbnailKey } from './fs-blob-store.js';
export { applyRetention, type RetentionOptions, type RetentionResult } from './retention.js';
export { MilvusEventStore, type MilvusEventStoreDeps, type MilvusEventStoreOptions, type MilvusCapabilities, type MilvusConsistencyLevel, type MilvusIndexType, type MilvusIndexOptions } from './milvus/index.js';
export { openEventStore, checkStoreSpec, registerEventStore, DEFAULT_MILVUS_COLLECTION, type OpenStoreOptions, type StoreBackend } from './open-event-store.js';
export { parseSqliteTarget, parseMilvusTarget } from './store-spec.js';
