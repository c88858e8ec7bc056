// Opens an event store from a one-line spec, the way the CLI and config name it:
//   sqlite:PATH                          embedded default (one file)
//   milvus:HOST:PORT[/COLLECTION]        Milvus over gRPC (https://HOST:PORT for TLS)
// Backends are chosen by key from a registry, so a site can add its own. Every spec is checked
// before anything is opened (see store-spec.ts). Read access never creates: a missing store is
// E_STORE_NOT_FOUND. Milvus credentials come from the environment (SHARPEYE_MILVUS_TOKEN, or
// SHARPEYE_MILVUS_USER and SHARPEYE_MILVUS_PASSWORD), never from the command line, where they would
// show in process lists.
import { SharpeyeError } from '../core/index.js';
import type { EventStore } from './event-store.js';
import { MilvusEventStore } from './milvus/index.js';
import { SqliteEventStore } from './sqlite/sqlite-event-store.js';
import { parseMilvusTarget, parseSqliteTarget, quoteSpec } from './store-spec.js';

export interface OpenStoreOptions {
  /** Embedding dimension of the store (the embedder's). */
  dimension: number;
  /**
   * 'read' opens an existing store without creating or changing anything (listing, search);
   * 'write' creates the store when missing and upgrades its schema. @defaultValue 'write'
   */
  access?: 'read' | 'write';
  /** Environment for credentials. @defaultValue process.env */
  env?: NodeJS.ProcessEnv;
}

/** A backend: `check` validates the part after `KIND:` without I/O (throws E_CONFIG_INVALID); `open` opens it. */
export interface StoreBackend {
  check(target: string, spec: string): void;
  open(target: string, spec: string, o: OpenStoreOptions): Promise<EventStore>;
}

export const DEFAULT_MILVUS_COLLECTION = 'sharpeye_events';

const BACKENDS = new Map<string, StoreBackend>([
  ['sqlite', {
    check: (target, spec) => void parseSqliteTarget(target, spec),
    open: (target, spec, o) => SqliteEventStore.open({ path: parseSqliteTarget(target, spec).path, dimension: o.dimension, readOnly: o.access === 'read' }),
  }],
  ['milvus', {
    check: (target, spec) => void parseMilvusTarget(target, spec),
    open: (target, spec, o) => {
      const env = o.env ?? process.env;
      const { address, collection } = parseMilvusTarget(target, spec);
      return MilvusEventStore.open({
        address, collection: collection ?? DEFAULT_MILVUS_COLLECTION, dimension: o.dimension, createIfMissing: o.access !== 'read',
        token: env.SHARPEYE_MILVUS_TOKEN || undefined, username: env.SHARPEYE_MILVUS_USER || undefined, password: env.SHARPEYE_MILVUS_PASSWORD || undefined,
      });
    },
  }],
]);

/** Registers (or replaces) the backend for a key, e.g. a site's own store. */
export function registerEventStore(kind: string, backend: StoreBackend): void {
  BACKENDS.set(kind, backend);
}

function backendOf(spec: string): { backend: StoreBackend; target: string } {
  const colon = typeof spec === 'string' ? spec.indexOf(':') : -1;
  const backend = colon > 0 ? BACKENDS.get(spec.slice(0, colon)) : undefined;
  if (!backend) {
    throw new SharpeyeError('E_CONFIG_INVALID', `store ${quoteSpec(String(spec))} must be one of ${[...BACKENDS.keys()].map((k) => `${k}:...`).join(', ')} (e.g. sqlite:events.db, milvus:127.0.0.1:19530)`);
  }
  return { backend, target: spec.slice(colon + 1) };
}

/** Validates a spec without opening anything (config validation); throws E_CONFIG_INVALID naming it. */
export function checkStoreSpec(spec: string): void {
  const { backend, target } = backendOf(spec);
  backend.check(target, spec);
}

/** `sqlite:events.db`, `milvus:10.0.0.9:19530/city_events`. */
export async function openEventStore(spec: string, o: OpenStoreOptions): Promise<EventStore> {
  const { backend, target } = backendOf(spec);
  backend.check(target, spec);
  return backend.open(target, spec, o);
}
