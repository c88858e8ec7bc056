// EventStore on Milvus (@zilliz/milvus2-sdk-node), for city scale: a collection with the event's
// scalar columns, a COSINE index on the embedding and a partition key on camera. Writes go through a
// bounded buffer with a background flusher, so a Milvus outage degrades health instead of losing
// events; reads go straight to Milvus.
import { ConsistencyLevelEnum, MilvusClient, type RowData } from '@zilliz/milvus2-sdk-node';
import { SharpeyeError, createLogger, type Logger, type ObjectEvent } from '../../core/index.js';
import type { EventFilter, EventPage, EventQuery, EventRecord, EventStore, SimilarHit, SimilarQuery, StoreHealth } from '../event-store.js';
import { afterKey, andAll, filterClauses, unspellableInMilvus, inList, numberLiteral, quoteMilvusString } from './milvus-filter.js';
import { QUERY_WINDOW, firstKeys, type EventKey, type KeyReader } from './milvus-keyset.js';
import { resolveMilvusOptions, type MilvusEventStoreOptions, type ResolvedMilvusOptions } from './milvus-options.js';
import { fromEventJson, toRow, type MilvusEventRow } from './milvus-rows.js';
import { ensureCollection, type MilvusCapabilities } from './milvus-schema.js';
import { assertStatus, milvusError } from './milvus-status.js';
import { checkCount, checkOrder, decodeEventCursor, encodeEventCursor } from '../cursor.js';
import { QUERY_LIMITS } from '../event-filter-schema.js';
import { checkEmbedding, checkFilter } from '../store-input.js';
import { MilvusWriteBuffer } from './milvus-write-buffer.js';

export interface MilvusEventStoreDeps {
  /** @defaultValue a pino logger named 'milvus-event-store' */
  readonly logger?: Logger;
}

const DELETE_CHUNK = 1000;

export class MilvusEventStore implements EventStore {
  readonly kind = 'milvus';
  readonly dimension: number;
  /** What the server gave the collection (index type actually built, partition key, TTL). */
  readonly capabilities: MilvusCapabilities;
  private readonly buffer: MilvusWriteBuffer;
  private closing: Promise<void> | null = null;

  private constructor(
    private readonly client: MilvusClient,
    readonly options: ResolvedMilvusOptions,
    capabilities: MilvusCapabilities,
    private readonly log: Logger,
  ) {
    this.dimension = options.dimension;
    this.capabilities = capabilities;
    this.buffer = new MilvusWriteBuffer({
      capacity: options.bufferCapacity,
      overflow: options.overflow,
      batchSize: options.batchSize,
      maxBatchBytes: options.maxBatchBytes,
      retry: options.retry,
      downAfterFailures: options.downAfterFailures,
      maxRejections: options.maxRejections,
      write: (rows) => this.writeBatch(rows),
      log,
      collection: options.collection,
    });
  }

  /** Connects, creates or checks the collection, builds its index and loads it. */
  static async open(options: MilvusEventStoreOptions, deps: MilvusEventStoreDeps = {}): Promise<MilvusEventStore> {
    const o = resolveMilvusOptions(options);
    const log = (deps.logger ?? createLogger({ name: 'milvus-event-store' })).child({ store: 'milvus', collection: o.collection });
    const client = new MilvusClient({
      address: o.address,
      token: o.token,
      username: o.username,
      password: o.password,
      database: o.database,
      ssl: o.ssl,
      ...(o.tls ? { tls: { ...o.tls } } : {}),
      timeout: o.requestTimeoutMs,
      // The write buffer retries with its own backoff; reads fail fast and say so.
      maxRetries: 0,
      logLevel: 'error',
    });
    try {
      // The SDK starts connecting in its constructor; awaiting it here also keeps its rejection handled.
      await client.connectPromise;
      const capabilities = await ensureCollection(client, o, log);
      log.info({ address: o.address, ...capabilities }, 'Milvus event store open');
      return new MilvusEventStore(client, o, capabilities, log);
    } catch (err) {
      await client.closeConnection().catch(() => undefined);
      throw milvusError(err, 'open the event collection', o.address, o.collection);
    }
  }

  async upsert(records: readonly EventRecord[]): Promise<void> {
    this.assertOpen();
    // Map every record first: an invalid one rejects the call before any of it is accepted.
    const rows = records.map((r, i) => toRow(r, this.dimension, i, this.capabilities.speedFields, this.capabilities.attributeFields));
    await this.buffer.waitForRoom(rows.length);
    this.assertOpen();
    this.buffer.add(rows);
  }

  async flush(): Promise<void> {
    this.assertOpen();
    await this.buffer.drain(Date.now() + this.options.flushTimeoutMs);
    // A Strong read waits until the query nodes have applied every write so far, after which reads
    // at any consistency level see them.
    await this.read('flush', () => this.client.query({ collection_name: this.options.collection, filter: 'id == ""', output_fields: ['id'], limit: 1, consistency_level: ConsistencyLevelEnum.Strong }));
  }

  async get(id: string): Promise<ObjectEvent | undefined> {
    this.assertOpen();
    if (typeof id !== 'string' || unspellableInMilvus(id)) return undefined; // never stored (see toRow)
    const res = await this.read('get an event', () =>
      this.client.query({ collection_name: this.options.collection, filter: `id == ${quoteMilvusString(id)}`, output_fields: ['event'], limit: 1, consistency_level: this.level() }));
    return res.data[0] ? fromEventJson(res.data[0].event) : undefined;
  }

  async getEmbedding(id: string): Promise<Float32Array | undefined> {
    this.assertOpen();
    if (typeof id !== 'string' || unspellableInMilvus(id)) return undefined; // never stored (see toRow)
    const res = await this.read('get an embedding', () =>
      this.client.query({ collection_name: this.options.collection, filter: `id == ${quoteMilvusString(id)}`, output_fields: ['vector', 'has_vector'], limit: 1, consistency_level: this.level() }));
    const row = res.data[0];
    return row && row.has_vector ? Float32Array.from(row.vector as number[]) : undefined;
  }

  async query(q: EventQuery = {}): Promise<EventPage> {
    this.assertOpen();
    const order = checkOrder(q.order);
    const limit = checkCount('limit', q.limit, QUERY_LIMITS.limit);
    checkFilter(q);
    const clauses = filterClauses(q, this.capabilities.speedFields, this.capabilities.attributeFields);
    if (q.cursor !== undefined && q.cursor !== null) {
      const key = decodeEventCursor(q.cursor, order);
      clauses.push(afterKey(order, key.wallMs, key.id));
    }
    const keys = await firstKeys(this.keyReader(), clauses, order, limit + 1);
    const page = keys.slice(0, limit);
    const events = await this.fetchEvents(page.map((k) => k.id));
    return { events, nextCursor: keys.length > limit && page.length > 0 ? encodeEventCursor({ ...page[page.length - 1]!, order }) : null };
  }

  async count(filter: EventFilter = {}): Promise<number> {
    this.assertOpen();
    checkFilter(filter);
    return this.countWhere(filterClauses(filter, this.capabilities.speedFields, this.capabilities.attributeFields));
  }

  async similar(q: SimilarQuery): Promise<SimilarHit[]> {
    this.assertOpen();
    const k = checkCount('k', q.k, QUERY_LIMITS.k);
    checkEmbedding(q.vector, this.dimension, 'query vector', 'E_STORE_QUERY_INVALID');
    checkFilter(q);
    const clauses = [...filterClauses(q, this.capabilities.speedFields, this.capabilities.attributeFields), 'has_vector == true'];
    if (q.excludeId !== undefined && !unspellableInMilvus(q.excludeId)) clauses.push(`id != ${quoteMilvusString(q.excludeId)}`);
    const res = await this.read('search similar events', () =>
      this.client.search({
        collection_name: this.options.collection,
        data: [Array.from(q.vector)],
        anns_field: 'vector',
        limit: k,
        filter: andAll(clauses),
        output_fields: ['event'],
        metric_type: 'COSINE',
        params: { ...this.options.index.searchParams },
        consistency_level: this.level(),
      }));
    // COSINE scores are similarities (higher = closer), already sorted best first.
    const hits = (res.results as unknown as Array<{ score: number; event: unknown }>).map((r) => ({ event: fromEventJson(r.event), score: r.score }));
    return hits.sort((a, b) => b.score - a.score);
  }

  async deleteOlderThan(wallMs: number): Promise<string[]> {
    this.assertOpen();
    if (typeof wallMs !== 'number' || !Number.isFinite(wallMs)) throw new SharpeyeError('E_STORE_QUERY_INVALID', `deleteOlderThan needs a finite wall-clock time in ms, got ${String(wallMs)}`);
    // Buffered rows must land first, or an old one written after the delete would come back.
    await this.flush();
    const deleted: string[] = [];
    const seen = new Set<string>();
    for (;;) {
      const keys = await this.keyReader(ConsistencyLevelEnum.Strong).keys([`last_wall < ${numberLiteral('wallMs', wallMs)}`], QUERY_WINDOW);
      const ids = keys.map((k) => k.id).filter((id) => !seen.has(id));
      if (ids.length === 0) break;
      // In chunks, so that one delete expression stays small whatever the ids' length.
      for (let i = 0; i < ids.length; i += DELETE_CHUNK) {
        const chunk = ids.slice(i, i + DELETE_CHUNK);
        await this.read('delete old events', () => this.client.delete({ collection_name: this.options.collection, filter: inList('id', chunk) }));
      }
      for (const id of ids) { seen.add(id); deleted.push(id); }
    }
    return deleted;
  }

  health(): StoreHealth {
    return this.buffer.health();
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    try {
      await this.buffer.drain(Date.now() + this.options.closeTimeoutMs);
    } catch (err) {
      this.log.warn({ code: (err as SharpeyeError).code, err: (err as Error).message }, 'Milvus store closing with records still buffered');
    }
    await this.buffer.stop();
    await this.client.closeConnection().catch(() => undefined);
  }

  private async writeBatch(rows: MilvusEventRow[]): Promise<void> {
    let res;
    try {
      res = await this.client.upsert({ collection_name: this.options.collection, data: rows as unknown as RowData[] });
    } catch (err) {
      throw milvusError(err, `upsert ${rows.length} events`, this.options.address, this.options.collection);
    }
    assertStatus(res.status, `upsert ${rows.length} events`, this.options.collection);
  }

  private keyReader(level = this.level()): KeyReader {
    return {
      keys: async (clauses, limit) => {
        const res = await this.read('list events', () =>
          this.client.query({ collection_name: this.options.collection, filter: andAll(clauses), output_fields: ['id', 'first_wall'], limit, consistency_level: level }));
        return res.data.map((r): EventKey => ({ id: String(r.id), wallMs: Number(r.first_wall) }));
      },
      count: (clauses) => this.countWhere(clauses, level),
    };
  }

  private async countWhere(clauses: readonly string[], level = this.level()): Promise<number> {
    const res = await this.read('count events', () =>
      this.client.query({ collection_name: this.options.collection, filter: andAll(clauses), output_fields: ['count(*)'], consistency_level: level }));
    return Number(res.data[0]?.['count(*)'] ?? 0);
  }

  private async fetchEvents(ids: readonly string[]): Promise<ObjectEvent[]> {
    if (ids.length === 0) return [];
    const res = await this.read('fetch events', () =>
      this.client.query({ collection_name: this.options.collection, filter: inList('id', ids), output_fields: ['id', 'event'], limit: ids.length, consistency_level: this.level() }));
    const byId = new Map(res.data.map((r) => [String(r.id), fromEventJson(r.event)]));
    // An event deleted between the two queries is simply left out.
    return ids.map((id) => byId.get(id)).filter((e): e is ObjectEvent => e !== undefined);
  }

  /** Runs one SDK read, turning thrown errors and failed statuses into SharpeyeErrors. */
  private async read<T extends { status: Parameters<typeof assertStatus>[0] }>(what: string, call: () => Promise<T>): Promise<T> {
    let res: T;
    try {
      res = await call();
    } catch (err) {
      throw milvusError(err, what, this.options.address, this.options.collection);
    }
    assertStatus(res.status, what, this.options.collection);
    return res;
  }

  private level(): ConsistencyLevelEnum {
    return ConsistencyLevelEnum[this.options.consistencyLevel];
  }

  private assertOpen(): void {
    if (this.closing) throw new SharpeyeError('E_STORE_CLOSED', `Milvus event store for collection ${this.options.collection} is closed.`);
  }
}
