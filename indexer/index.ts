// Public surface of indexer/: the EventStore contract, its backends and the snapshot blob store.
export type { EventStore, EventRecord, EventFilter, EventQuery, EventPage, SimilarQuery, SimilarHit, StoreHealth, StoreHealthState } from './event-store.js';
export type { BlobStore } from './blob-store.js';
export { SqliteEventStore, DEFAULT_OVERSAMPLE, DEFAULT_QUANTISED_MIN_VECTORS, type SqliteEventStoreOptions } from './sqlite/sqlite-event-store.js';
export { checkEmbedding, checkRecord, checkFilter, FILTER_LIMITS } from './store-input.js';
export { compilePlatePattern, normalisePlate, plateMatches, PLATE_CONFUSION_CLASSES, PLATE_PATTERN_MAX_LENGTH, type PlatePattern } from './plate-match.js';
export { EventFilterSchema, PlateFilterSchema, EventLimitSchema, SimilarKSchema, QUERY_LIMITS, type EventFilterInput } from './event-filter-schema.js';
export { encodeEventCursor, decodeEventCursor, checkCount, checkOrder, type EventCursor, type EventOrder } from './cursor.js';
export { FsBlobStore, plateKey, snapshotKey, thumbnailKey } from './fs-blob-store.js';
export { applyRetention, type RetentionOptions, type RetentionResult } from './retention.js';
export { MilvusEventStore, type MilvusEventStoreDeps, type MilvusEventStoreOptions, type MilvusCapabilities, type MilvusConsistencyLevel, type MilvusIndexType, type MilvusIndexOptions } from './milvus/index.js';
export { openEventStore, checkStoreSpec, registerEventStore, DEFAULT_MILVUS_COLLECTION, type OpenStoreOptions, type StoreBackend } from './open-event-store.js';
export { parseSqliteTarget, parseMilvusTarget } from './store-spec.js';
export {
  gat1400DocumentChunks, gat1400LabelsFor, type Gat1400EventSource, type Gat1400DocumentOptions,
} from './export/gat1400-document.js';
export {
  toGat1400, gat1400KindOf, speedKmh, bearingOf, GAT1400_KIND_LABELS,
  type Gat1400Kind, type Gat1400Record, type Gat1400CameraSettings, type Gat1400MappingOptions, type Gat1400Picture, type Gat1400ImageData,
} from './export/gat1400-objects.js';
export {
  gat1400Time, gat1400ImageId, gat1400ObjectId, placeholderDeviceId, checkGat1400DeviceId, checkTimeZone, DEFAULT_GAT1400_TIME_ZONE, GAT1400_OBJECT_TYPE_CODES,
} from './export/gat1400-ids.js';
export {
  colourCode, directionCode, plateClassCode, vehicleClassCode, GAT1400_COLOUR_CODES, GAT1400_COLOUR_OTHER, GAT1400_PLATE_COLOUR_CODES, GAT1400_VEHICLE_CLASS_CODES, GAT1400_IMAGE_TYPES,
} from './export/gat1400-codes.js';
export {
  Gat1400DocumentSchema, Gat1400MotorVehicleSchema, Gat1400NonMotorVehicleSchema, Gat1400PersonSchema, Gat1400SubImageInfoSchema,
  type Gat1400Document, type Gat1400MotorVehicle, type Gat1400NonMotorVehicle, type Gat1400Person, type Gat1400SubImageInfo,
} from './export/gat1400-schema.js';
