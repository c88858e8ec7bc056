// Opens an event store from a one-line spec, the way the CLI and config name it:
//   sqlite:PATH                          embedded default (one file; ':memory:' for a throwaway)
//   milvus:HOST:PORT[/COLLECTION]        Milvus over gRPC (https://HOST:PORT for TLS)
// Backends are chosen by key from a registry, so a site can add its own. Milvus credentials come
// from the environment (SHARPEYE_MILVUS_TOKEN, or SHARPEYE_MILVUS_USER and SHARPEYE_MILVUS_PASSWORD),
// never from the command line, where they would show in process lists.
import { SharpeyeError } from '../core/index.js';
import type { EventStore } from './event-store.js';
import { MilvusEventStore } from './milvus/index.js';
import { SqliteEventStore } from './sqlite/sqlite-event-store.js';

export interface OpenStoreOptions {
  /** Embedding dimension of the store (the embedder's). */
  dimension: number;
  /** Environment for credentials. @defaultValue process.env */
  env?: NodeJS.ProcessEnv;
}

type StoreOpener = (target: string, o: OpenStoreOptions) => Promise<EventStore>;

export const DEFAULT_MILVUS_COLLECTION = 'sharpeye_events';

const OPENERS = new Map<string, StoreOpener>([
  ['sqlite', (target, o) => SqliteEventStore.open({ path: target, dimension: o.dimension })],
  ['milvus', (target, o) => {
    const env = o.env ?? process.env;
    const m = /^((?:https?:\/\/)?[^/\s]+)(?:\/([A-Za-z_][A-Za-z0-9_]*))?$/.exec(target);
    if (!m) throw new SharpeyeError('E_CONFIG_INVALID', `milvus store '${target}' must be HOST:PORT or HOST:PORT/COLLECTION (https://HOST:PORT for TLS)`);
    return MilvusEventStore.open({
      address: m[1], collection: m[2] ?? DEFAULT_MILVUS_COLLECTION, dimension: o.dimension,
      token: env.SHARPEYE_MILVUS_TOKEN || undefined, username: env.SHARPEYE_MILVUS_USER || undefined, password: env.SHARPEYE_MILVUS_PASSWORD || undefined,
    });
  }],
]);

/** Registers (or replaces) the backend for a key, e.g. a site's own store. */
export function registerEventStore(kind: string, opener: StoreOpener): void {
  OPENERS.set(kind, opener);
}

/** `sqlite:events.db`, `milvus:10.0.0.9:19530/city_events`. */
export async function openEventStore(spec: string, o: OpenStoreOptions): Promise<EventStore> {
  const colon = spec.indexOf(':');
  const kind = colon > 0 ? spec.slice(0, colon) : '';
  const target = spec.slice(colon + 1);
  const opener = OPENERS.get(kind);
  if (!opener || target === '') {
    throw new SharpeyeError('E_CONFIG_INVALID', `store '${spec}' must be one of ${[...OPENERS.keys()].map((k) => `${k}:...`).join(', ')} (e.g. sqlite:events.db, milvus:127.0.0.1:19530)`);
  }
  return opener(target, o);
}
