// The events collection: its fields, how it is created (partition key on camera, COSINE index, TTL)
// and how an existing one is checked. Servers that lack a feature (Milvus Lite: partition keys,
// HNSW, collection properties) get the closest supported layout, which `MilvusCapabilities` reports.
import { DataType, type FieldType, type MilvusClient } from '@zilliz/milvus2-sdk-node';
import { SharpeyeError, type Logger } from '../../core/index.js';
import { assertStatus, isStatusOk } from './milvus-status.js';
import { DEFAULT_INDEX_PARAMS, type MilvusIndexType, type ResolvedMilvusOptions } from './milvus-options.js';

/** Byte limits of the VarChar fields and capacity of the array fields. */
export const FIELD_LIMITS = {
  id: 256, camera: 256, label: 64, color: 64, listCapacity: 256, listItem: 256, event: 65_535,
  /** Normalised plate text (a plate has 7-8 symbols; Han characters are 3 bytes). */
  plate: 64,
  /** plate-match.ts plateKey of the plate: 7 bytes per symbol, so up to 73 symbols. */
  plateKey: 512,
  /** vehicle_type, riding and the carried items (short enum words). */
  attribute: 32,
  /** Most distinct carried items per person. */
  carryingCapacity: 8,
} as const;

export const OUTPUT_EVENT = ['event'] as const;

/** What the server actually gave the collection, which may differ from what was asked for. */
export interface MilvusCapabilities {
  /** The index built on `vector` (the fallback when the requested type was refused). */
  readonly indexType: MilvusIndexType;
  readonly indexFallback: boolean;
  readonly partitionKey: boolean;
  /** Whether `collection.ttl.seconds` is set on the collection (false if not asked for or not kept). */
  readonly ttl: boolean;
  /**
   * Whether the collection has the speed fields (speed_px, speed_m) that the speed filters read.
   * Collections created before them lack them (a Milvus schema takes no new field in place): such a
   * store keeps working, writes rows without them, and refuses speed filters with E_STORE_SCHEMA.
   */
  readonly speedFields: boolean;
  /**
   * Whether the collection has the video-structuring fields (plate, vehicle_type, upper_color,
   * lower_color, riding, carrying). Older collections lack them: they keep working, write rows
   * without them, and refuse plate and attribute filters with E_STORE_SCHEMA.
   */
  readonly attributeFields: boolean;
  /** Scalar (INVERTED) indexes built on the attribute fields; false where the server refuses them (Milvus Lite). */
  readonly attributeIndexes: boolean;
}

/** Fields added after the first release; an existing collection may lack them (see speedFields). */
export const SPEED_FIELDS = ['speed_px', 'speed_m'] as const;
/** Video-structuring fields (issue 11); '' (or []) when an event lacks the attribute. */
export const ATTRIBUTE_FIELDS = ['plate', 'plate_key', 'vehicle_type', 'upper_color', 'lower_color', 'riding', 'carrying'] as const;
/** The ones that get a scalar index (filters on them are `in` lists and `like` patterns). */
const INDEXED_ATTRIBUTE_FIELDS = ['plate', 'plate_key', 'vehicle_type', 'upper_color', 'lower_color', 'riding'] as const;

export function eventFields(dimension: number, partitionKey: boolean): FieldType[] {
  return [
    { name: 'id', data_type: DataType.VarChar, is_primary_key: true, autoID: false, max_length: FIELD_LIMITS.id },
    { name: 'camera', data_type: DataType.VarChar, max_length: FIELD_LIMITS.camera, is_partition_key: partitionKey },
    { name: 'label', data_type: DataType.VarChar, max_length: FIELD_LIMITS.label },
    { name: 'color', data_type: DataType.VarChar, max_length: FIELD_LIMITS.color },
    { name: 'first_wall', data_type: DataType.Double },
    { name: 'last_wall', data_type: DataType.Double },
    { name: 'duration', data_type: DataType.Double },
    // Image speed (px/s); ground speed (m/s), -1 when the camera is not calibrated (no NULL needed).
    { name: 'speed_px', data_type: DataType.Double },
    { name: 'speed_m', data_type: DataType.Double },
    { name: 'zones', data_type: DataType.Array, element_type: DataType.VarChar, max_capacity: FIELD_LIMITS.listCapacity, max_length: FIELD_LIMITS.listItem },
    { name: 'rules', data_type: DataType.Array, element_type: DataType.VarChar, max_capacity: FIELD_LIMITS.listCapacity, max_length: FIELD_LIMITS.listItem },
    // Normalised plate text (plate-match.ts normalisePlate), vehicle type and person attributes.
    { name: 'plate', data_type: DataType.VarChar, max_length: FIELD_LIMITS.plate },
    // The plate as a fixed-width key (plateKey) for wildcard patterns: Milvus Lite's `like` `_` is one byte.
    { name: 'plate_key', data_type: DataType.VarChar, max_length: FIELD_LIMITS.plateKey },
    { name: 'vehicle_type', data_type: DataType.VarChar, max_length: FIELD_LIMITS.attribute },
    { name: 'upper_color', data_type: DataType.VarChar, max_length: FIELD_LIMITS.color },
    { name: 'lower_color', data_type: DataType.VarChar, max_length: FIELD_LIMITS.color },
    { name: 'riding', data_type: DataType.VarChar, max_length: FIELD_LIMITS.attribute },
    { name: 'carrying', data_type: DataType.Array, element_type: DataType.VarChar, max_capacity: FIELD_LIMITS.carryingCapacity, max_length: FIELD_LIMITS.attribute },
    { name: 'has_vector', data_type: DataType.Bool },
    { name: 'event', data_type: DataType.VarChar, max_length: FIELD_LIMITS.event },
    { name: 'vector', data_type: DataType.FloatVector, dim: dimension },
  ];
}

/** Creates the collection if missing (or checks the existing one), builds the index and loads it. */
export async function ensureCollection(client: MilvusClient, o: ResolvedMilvusOptions, log: Logger): Promise<MilvusCapabilities> {
  const name = o.collection;
  const has = await collectionExists(client, name);
  let partitionKey: boolean;
  let speedFields = true;
  let attributeFields = true;
  let attributeIndexes = false;
  let index: MilvusIndexType;
  if (!has && !o.createIfMissing) {
    throw new SharpeyeError('E_STORE_NOT_FOUND', `Milvus collection ${name} does not exist at ${o.address}; check the collection name (read commands never create one)`, { details: { address: o.address, collection: name } });
  }
  if (has) {
    ({ partitionKey, speedFields, attributeFields } = await checkExisting(client, o));
    if (!speedFields) log.warn({ collection: name }, 'Milvus collection predates the speed fields: speed filters are refused on it (a new collection has them)');
    if (!attributeFields) log.warn({ collection: name }, 'Milvus collection predates the plate and attribute fields: plate and attribute filters are refused on it (a new collection has them)');
    index = await ensureIndex(client, o, log);
    attributeIndexes = attributeFields && await ensureAttributeIndexes(client, name, log);
    assertStatus(await client.loadCollection({ collection_name: name }), 'load the collection', name);
  } else {
    partitionKey = await create(client, o, o.partitionKey !== false);
    index = await ensureIndex(client, o, log);
    attributeIndexes = attributeFields && await ensureAttributeIndexes(client, name, log);
    assertStatus(await client.loadCollection({ collection_name: name }), 'load the collection', name);
    if (partitionKey && !(await filtersWork(client, name))) {
      // Milvus Lite accepts a partition-key schema but then fails every filtered query; the new
      // collection is still empty, so recreate it without one.
      log.warn({}, 'Milvus server cannot filter on a partition-key collection (Milvus Lite); using a plain collection');
      assertStatus(await client.dropCollection({ collection_name: name }), 'drop the new collection', name);
      partitionKey = await create(client, o, false);
      index = await ensureIndex(client, o, log);
      attributeIndexes = attributeFields && await ensureAttributeIndexes(client, name, log);
      assertStatus(await client.loadCollection({ collection_name: name }), 'load the collection', name);
    }
  }
  const ttl = o.ttlSeconds === undefined ? false : await ensureTtl(client, o, log);
  return Object.freeze({ indexType: index, indexFallback: index !== o.index.type, partitionKey, ttl, speedFields, attributeFields, attributeIndexes });
}

async function collectionExists(client: MilvusClient, name: string): Promise<boolean> {
  // Not hasCollection(): SDK 2.5 reads only `error_code`, which Milvus Lite leaves at 'Success'
  // when it answers "collection not found" (code 100), so it says every collection exists.
  const d = await client.describeCollection({ collection_name: name });
  if (isStatusOk(d.status)) return true;
  if (d.status.code === 100 || /not found|can ?not find/i.test(d.status.reason ?? '')) return false;
  assertStatus(d.status, 'check for the collection', name);
  return false;
}

async function create(client: MilvusClient, o: ResolvedMilvusOptions, partitionKey: boolean): Promise<boolean> {
  const status = await client.createCollection({
    collection_name: o.collection,
    description: 'sharpeye object events',
    fields: eventFields(o.dimension, partitionKey),
    consistency_level: o.consistencyLevel,
    ...(partitionKey && o.partitionKey ? { num_partitions: o.partitionKey.numPartitions } : {}),
    ...(o.ttlSeconds !== undefined ? { properties: { 'collection.ttl.seconds': o.ttlSeconds } } : {}),
  });
  assertStatus(status, 'create the collection', o.collection);
  return partitionKey;
}

async function filtersWork(client: MilvusClient, name: string): Promise<boolean> {
  const probe = await client.query({ collection_name: name, filter: 'first_wall >= 0', output_fields: ['id'], limit: 1 });
  return isStatusOk(probe.status);
}

/**
 * Builds an INVERTED scalar index on each attribute field that lacks one (exact `in`, prefix and
 * pattern `like` on the plate use it); true when all exist. A server that refuses scalar indexes
 * (Milvus Lite) still filters, by scanning: logged once, not an error.
 */
async function ensureAttributeIndexes(client: MilvusClient, name: string, log: Logger): Promise<boolean> {
  let all = true;
  for (const field of INDEXED_ATTRIBUTE_FIELDS) {
    const existing = await client.describeIndex({ collection_name: name, field_name: field });
    if (isStatusOk(existing.status) && (existing.index_descriptions?.length ?? 0) > 0) continue;
    const status = await client.createIndex({ collection_name: name, field_name: field, index_name: `${field}_idx`, index_type: 'INVERTED' });
    if (!isStatusOk(status)) {
      log.info({ field, reason: status.reason }, 'Milvus refused a scalar index on the attribute fields; their filters scan instead');
      all = false;
      break;
    }
  }
  return all;
}

async function checkExisting(client: MilvusClient, o: ResolvedMilvusOptions): Promise<{ partitionKey: boolean; speedFields: boolean; attributeFields: boolean }> {
  const d = await client.describeCollection({ collection_name: o.collection });
  assertStatus(d.status, 'describe the collection', o.collection);
  const fields = d.schema.fields;
  const vector = fields.find((f) => f.name === 'vector');
  const dim = Number(vector?.type_params?.find((p) => p.key === 'dim')?.value ?? (vector as { dim?: unknown } | undefined)?.dim);
  const optional: readonly string[] = [...SPEED_FIELDS, ...ATTRIBUTE_FIELDS];
  const missing = eventFields(o.dimension, false).map((f) => f.name).filter((n) => !fields.some((f) => f.name === n) && !optional.includes(n));
  if (missing.length > 0 || dim !== o.dimension) {
    throw new SharpeyeError('E_STORE_SCHEMA', `Milvus collection ${o.collection} does not match: ${missing.length > 0 ? `missing fields ${missing.join(', ')}` : `its vectors have dimension ${dim}, the store is configured for ${o.dimension}`}. Use another collection name or drop it.`, {
      details: { collection: o.collection, missing, dimension: dim, expected: o.dimension },
    });
  }
  return {
    partitionKey: fields.some((f) => f.name === 'camera' && f.is_partition_key),
    speedFields: SPEED_FIELDS.every((n) => fields.some((f) => f.name === n)),
    attributeFields: ATTRIBUTE_FIELDS.every((n) => fields.some((f) => f.name === n)),
  };
}

async function ensureIndex(client: MilvusClient, o: ResolvedMilvusOptions, log: Logger): Promise<MilvusIndexType> {
  const name = o.collection;
  const existing = await client.describeIndex({ collection_name: name, field_name: 'vector' });
  const built = existing.index_descriptions?.[0]?.params?.find((p) => p.key === 'index_type')?.value;
  const wanted = o.index.type;
  if (isStatusOk(existing.status) && built) {
    // Rebuilding a city's collection is an operator's decision, not a side effect of a config change.
    if (built !== wanted && built !== o.index.fallback) log.warn({ built, requested: wanted }, 'Milvus collection keeps its existing index type');
    return built as MilvusIndexType;
  }
  const build = (type: MilvusIndexType, params: Record<string, number | string>) =>
    client.createIndex({ collection_name: name, field_name: 'vector', index_type: type, metric_type: 'COSINE', params });
  const status = await build(wanted, o.index.params);
  if (isStatusOk(status)) return wanted;
  if (o.index.fallback === false || o.index.fallback === wanted) assertStatus(status, `build a ${wanted} index`, name);
  const fallback = o.index.fallback as MilvusIndexType;
  log.warn({ requested: wanted, fallback, reason: status.reason }, 'Milvus refused the index type; using the fallback');
  assertStatus(await build(fallback, DEFAULT_INDEX_PARAMS[fallback]), `build a ${fallback} index`, name);
  return fallback;
}

async function ensureTtl(client: MilvusClient, o: ResolvedMilvusOptions, log: Logger): Promise<boolean> {
  const name = o.collection;
  const read = async () => {
    const d = await client.describeCollection({ collection_name: name });
    return d.properties?.find((p) => p.key === 'collection.ttl.seconds')?.value;
  };
  if ((await read()) !== String(o.ttlSeconds)) {
    await client.alterCollectionProperties({ collection_name: name, properties: { 'collection.ttl.seconds': o.ttlSeconds! } });
  }
  if ((await read()) === String(o.ttlSeconds)) return true;
  log.warn({ ttlSeconds: o.ttlSeconds }, 'Milvus did not keep collection.ttl.seconds (Milvus Lite); retention relies on deleteOlderThan');
  return false;
}
