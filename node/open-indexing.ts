// The write side of an event store: the embedders (whose dimension the store is created with), the
// store itself, its snapshot blob store and the EventIndexer over them, opened all or nothing.
// Used by the node and by `analyze --store`.
import { join, resolve } from 'node:path';
import { EmbedderSet, type EmbedderConfig } from '../inference/index.js';
import { checkStoreSpec, FsBlobStore, openEventStore, type BlobStore, type EventStore } from '../indexer/index.js';
import { EventIndexer } from '../worker/index.js';

/** A store being written to: the store, the embedders whose dimension it has, its snapshot blobs. */
export interface OpenedIndexing {
  store: EventStore;
  embedders: EmbedderSet;
  blobs: BlobStore;
  indexer: EventIndexer;
  /** Closes the store and the embedders. */
  close(): Promise<void>;
}

export interface IndexingOptions {
  spec: string;
  embedder: Partial<EmbedderConfig>;
  modelDir?: string;
  snapshotsDir?: string;
  /** Names the embedder settings in errors (a flag or a config path). */
  source: string;
}

/** Opens the embedders, then the store with their dimension; nothing stays open if either fails. */
export async function openIndexing(o: IndexingOptions): Promise<OpenedIndexing> {
  checkStoreSpec(o.spec);
  const embedders = await EmbedderSet.create(o.embedder, { modelDir: o.modelDir }, o.source);
  try {
    const store = await openEventStore(o.spec, { dimension: embedders.dimension });
    const blobs = blobStoreFor(o.spec, o.snapshotsDir);
    return {
      store, embedders, blobs, indexer: new EventIndexer(store, embedders, blobs),
      close: async () => { await store.close(); await embedders.close(); },
    };
  } catch (err) {
    await embedders.close();
    throw err;
  }
}

/** Snapshots beside a SQLite file (`events.db.snapshots/`), else the given or a local folder. */
export function blobStoreFor(spec: string, snapshots?: string): FsBlobStore {
  if (snapshots) return new FsBlobStore(snapshots);
  if (spec.startsWith('sqlite:') && spec !== 'sqlite::memory:') return new FsBlobStore(`${resolve(spec.slice('sqlite:'.length))}.snapshots`);
  return new FsBlobStore(join(process.cwd(), 'sharpeye-snapshots'));
}
