// Options of the Milvus event store, with their defaults and checks. Resolved once in `open()`,
// frozen, and never read from the environment here (the caller's config layer does that).
import { SharpeyeError } from '../../core/index.js';

export type MilvusConsistencyLevel = 'Strong' | 'Bounded' | 'Session' | 'Eventually';
export type MilvusIndexType = 'HNSW' | 'IVF_FLAT' | 'FLAT' | 'AUTOINDEX';

export interface MilvusIndexOptions {
  /** @defaultValue 'HNSW' */
  readonly type?: MilvusIndexType;
  /** Build params (HNSW: `{ M, efConstruction }`; IVF_FLAT: `{ nlist }`). @defaultValue per type */
  readonly params?: Readonly<Record<string, number | string>>;
  /** Search params (HNSW: `{ ef }`; IVF_FLAT: `{ nprobe }`). @defaultValue per type */
  readonly searchParams?: Readonly<Record<string, number | string>>;
  /**
   * Index used when the server refuses `type` (Milvus Lite builds only FLAT, IVF_FLAT and
   * AUTOINDEX); the fallback is logged and reported by `capabilities`. `false` makes refusal an error.
   * FLAT, because it is exact: on Milvus Lite, AUTOINDEX and IVF_FLAT (whatever nprobe) measured
   * recall@10 of 0.9 unfiltered and 0.1-0.4 filtered at 100k vectors.
   * @defaultValue 'FLAT'
   */
  readonly fallback?: MilvusIndexType | false;
}

export interface MilvusEventStoreOptions {
  /** gRPC address, `host:port` or `https://host:port` (TLS). */
  readonly address: string;
  /** Collection name (letters, digits, underscores). */
  readonly collection: string;
  /** Embedding dimension; must match an existing collection. */
  readonly dimension: number;
  /**
   * Create the collection (and its index) when it does not exist. `false` for read-only use: a
   * missing collection then fails with E_STORE_NOT_FOUND and nothing is created. @defaultValue true
   */
  readonly createIfMissing?: boolean;
  /** API key or `user:password` (Zilliz Cloud, Milvus with authorization). */
  readonly token?: string;
  readonly username?: string;
  readonly password?: string;
  /** @defaultValue the server's default database */
  readonly database?: string;
  /** TLS for the gRPC channel (implied by an `https://` address). @defaultValue false */
  readonly ssl?: boolean;
  /** Private CA and mutual TLS (file paths, read by the SDK). @defaultValue system CAs, no client certificate */
  readonly tls?: {
    readonly rootCertPath?: string;
    readonly privateKeyPath?: string;
    readonly certChainPath?: string;
    /** Name the server certificate must carry, when it differs from the address's host. */
    readonly serverName?: string;
  };
  /**
   * Read consistency set on the collection when it is created and used by reads. `flush()` always
   * ends with a Strong read, so what was flushed is visible to every level afterwards.
   * @defaultValue 'Bounded'
   */
  readonly consistencyLevel?: MilvusConsistencyLevel;
  readonly index?: MilvusIndexOptions;
  /** Collection TTL (`collection.ttl.seconds`): Milvus expires rows this long after insertion. @defaultValue none */
  readonly ttlSeconds?: number;
  /**
   * Partition key on `camera`, hashed into `numPartitions` partitions, so camera filters prune.
   * `false` disables it. Servers without it (Milvus Lite) get a plain collection, logged and
   * reported by `capabilities`. @defaultValue { numPartitions: 16 }
   */
  readonly partitionKey?: { readonly numPartitions?: number } | false;
  /** Most records held while Milvus is slow or unreachable; past it the oldest are dropped and counted. @defaultValue 10000 */
  readonly bufferCapacity?: number;
  /**
   * When the buffer is full: 'drop-oldest' drops (and counts) the oldest buffered records so live
   * cameras never stall; 'block' makes `upsert()` wait for room (files, bulk loads, benchmarks).
   * @defaultValue 'drop-oldest'
   */
  readonly overflow?: 'drop-oldest' | 'block';
  /** Records per upsert request. @defaultValue 500 */
  readonly batchSize?: number;
  /**
   * Upper bound on one upsert request's estimated size, so a batch of large vectors stays under the
   * server's gRPC receive limit (Milvus Lite: 4 MiB; Milvus: 64 MiB by default). @defaultValue 2097152
   */
  readonly maxBatchBytes?: number;
  /** Retry backoff after a failed write: doubles from `initialMs` up to `maxMs`. @defaultValue { initialMs: 200, maxMs: 5000 } */
  readonly retry?: { readonly initialMs?: number; readonly maxMs?: number };
  /** Consecutive failed writes after which health turns from 'degraded' to 'down'. @defaultValue 3 */
  readonly downAfterFailures?: number;
  /** A batch the server rejects (not a connection failure) this many times is dropped and counted. @defaultValue 5 */
  readonly maxRejections?: number;
  /** Per-request deadline in ms. @defaultValue 10000 */
  readonly requestTimeoutMs?: number;
  /** How long `flush()` waits for buffered records before rejecting (they stay buffered). @defaultValue 30000 */
  readonly flushTimeoutMs?: number;
  /** How long `close()` waits for buffered records to land before dropping (and counting) the rest. @defaultValue 5000 */
  readonly closeTimeoutMs?: number;
}

export type ResolvedMilvusOptions = Readonly<Required<Omit<MilvusEventStoreOptions, 'token' | 'username' | 'password' | 'database' | 'tls' | 'ttlSeconds' | 'index' | 'partitionKey' | 'retry'>>> & {
  readonly tls?: MilvusEventStoreOptions['tls'];
  readonly token?: string;
  readonly username?: string;
  readonly password?: string;
  readonly database?: string;
  readonly ttlSeconds?: number;
  readonly index: Readonly<Required<Omit<MilvusIndexOptions, 'fallback'>>> & { readonly fallback: MilvusIndexType | false };
  readonly partitionKey: { readonly numPartitions: number } | false;
  readonly retry: { readonly initialMs: number; readonly maxMs: number };
};

const INDEX_TYPES: readonly MilvusIndexType[] = ['HNSW', 'IVF_FLAT', 'FLAT', 'AUTOINDEX'];
const LEVELS: readonly MilvusConsistencyLevel[] = ['Strong', 'Bounded', 'Session', 'Eventually'];

export const DEFAULT_INDEX_PARAMS: Readonly<Record<MilvusIndexType, Record<string, number | string>>> = {
  HNSW: { M: 16, efConstruction: 200 },
  IVF_FLAT: { nlist: 1024 },
  FLAT: {},
  AUTOINDEX: {},
};

export const DEFAULT_SEARCH_PARAMS: Readonly<Record<MilvusIndexType, Record<string, number | string>>> = {
  HNSW: { ef: 128 },
  IVF_FLAT: { nprobe: 32 },
  FLAT: {},
  AUTOINDEX: {},
};

export function resolveMilvusOptions(o: MilvusEventStoreOptions): ResolvedMilvusOptions {
  check(typeof o.address === 'string' && o.address.length > 0, 'address', o.address, 'a host:port');
  check(typeof o.collection === 'string' && /^[A-Za-z_][A-Za-z0-9_]{0,254}$/.test(o.collection), 'collection', o.collection, 'letters, digits and underscores, not starting with a digit');
  check(Number.isInteger(o.dimension) && o.dimension >= 2 && o.dimension <= 32768, 'dimension', o.dimension, 'an integer in [2, 32768]');
  check(o.createIfMissing === undefined || typeof o.createIfMissing === 'boolean', 'createIfMissing', o.createIfMissing, 'true or false');
  const level = o.consistencyLevel ?? 'Bounded';
  check(LEVELS.includes(level), 'consistencyLevel', level, LEVELS.join(' | '));
  const type = o.index?.type ?? 'HNSW';
  check(INDEX_TYPES.includes(type), 'index.type', type, INDEX_TYPES.join(' | '));
  const fallback = o.index?.fallback ?? 'FLAT';
  check(o.overflow === undefined || o.overflow === 'drop-oldest' || o.overflow === 'block', 'overflow', o.overflow, "'drop-oldest' | 'block'");
  check(fallback === false || INDEX_TYPES.includes(fallback), 'index.fallback', fallback, `${INDEX_TYPES.join(' | ')} | false`);
  if (o.ttlSeconds !== undefined) check(Number.isInteger(o.ttlSeconds) && o.ttlSeconds > 0, 'ttlSeconds', o.ttlSeconds, 'a positive integer');
  const pk = o.partitionKey === false ? false : { numPartitions: o.partitionKey?.numPartitions ?? 16 };
  if (pk) check(Number.isInteger(pk.numPartitions) && pk.numPartitions >= 1 && pk.numPartitions <= 1024, 'partitionKey.numPartitions', pk.numPartitions, 'an integer in [1, 1024]');
  const positive = (name: string, v: number | undefined, d: number): number => {
    const value = v ?? d;
    check(Number.isInteger(value) && value > 0, name, value, 'a positive integer');
    return value;
  };
  return Object.freeze({
    address: o.address,
    collection: o.collection,
    dimension: o.dimension,
    createIfMissing: o.createIfMissing ?? true,
    token: o.token,
    username: o.username,
    password: o.password,
    database: o.database,
    ssl: o.ssl ?? (o.address.startsWith('https://') || o.tls !== undefined),
    tls: o.tls,
    consistencyLevel: level,
    index: Object.freeze({
      type,
      params: { ...DEFAULT_INDEX_PARAMS[type], ...o.index?.params },
      searchParams: { ...DEFAULT_SEARCH_PARAMS[type], ...o.index?.searchParams },
      fallback,
    }),
    ttlSeconds: o.ttlSeconds,
    partitionKey: pk,
    bufferCapacity: positive('bufferCapacity', o.bufferCapacity, 10_000),
    overflow: o.overflow ?? 'drop-oldest',
    batchSize: positive('batchSize', o.batchSize, 500),
    maxBatchBytes: positive('maxBatchBytes', o.maxBatchBytes, 2 * 1024 * 1024),
    retry: { initialMs: positive('retry.initialMs', o.retry?.initialMs, 200), maxMs: positive('retry.maxMs', o.retry?.maxMs, 5000) },
    downAfterFailures: positive('downAfterFailures', o.downAfterFailures, 3),
    maxRejections: positive('maxRejections', o.maxRejections, 5),
    requestTimeoutMs: positive('requestTimeoutMs', o.requestTimeoutMs, 10_000),
    flushTimeoutMs: positive('flushTimeoutMs', o.flushTimeoutMs, 30_000),
    closeTimeoutMs: positive('closeTimeoutMs', o.closeTimeoutMs, 5000),
  });
}

function check(ok: boolean, path: string, value: unknown, expected: string): void {
  if (!ok) {
    throw new SharpeyeError('E_CONFIG_INVALID', `Milvus store option ${path} must be ${expected}; got ${JSON.stringify(value)}.`, { details: { path } });
  }
}
