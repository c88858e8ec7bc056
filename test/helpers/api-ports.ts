// TEST HARNESS of the ports contract (node/ports.ts), not the node: NodePorts assembled from REAL
// parts — a SqliteEventStore in a temp folder seeded with the conformance fixtures' events, an
// FsBlobStore holding real JPEGs (sharp), the core EventBus for alerts (api-alerts.ts), a camera registry over the
// serve-config validation — so the API tests exercise real stores, cursors and validation. The
// lead adds end-to-end tests of the API on the real SharpeyeNode at merge.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { Gauge, Registry } from 'prom-client';
import { SharpeyeError, type ObjectEvent } from '../../core/index.js';
import { FsBlobStore, SqliteEventStore, snapshotKey, thumbnailKey } from '../../indexer/index.js';
import { NodeEventExport } from '../../node/index.js';
import type { EventSearch, NodeHealth, NodePorts, SimilarHit, SimilarSearchOptions, TrafficBucket, TrafficQuery, TrafficSeries } from '../../node/index.js';
import { makeDataset, type Dataset } from '../conformance/event-store-fixtures.js';
import { InMemoryAlertSource } from './api-alerts.js';
import { HarnessCameraRegistry, solidJpeg } from './api-camera-registry.js';

export { InMemoryAlertSource, makeAlertEvent } from './api-alerts.js';
export { HarnessCameraRegistry, solidJpeg, HARNESS_SCHEMAS } from './api-camera-registry.js';

/** Embedding dimension of the harness store: an 8x8 grey thumbnail of the image (see imageVector). */
export const HARNESS_DIMENSION = 64;

export interface ApiTestPorts {
  readonly ports: NodePorts;
  readonly store: SqliteEventStore;
  readonly blobs: FsBlobStore;
  readonly cameras: HarnessCameraRegistry;
  readonly alerts: InMemoryAlertSource;
  readonly dataset: Dataset;
  /** Events ordered newest first (the API's default order). */
  readonly newestFirst: ObjectEvent[];
  /** Ids of the seeded events that have a snapshot; the first has no thumbnail. */
  readonly withSnapshot: string[];
  /** Test hook: the node's overall health state (default: from the store). */
  setHealthState(state: NodeHealth['state'] | undefined): void;
  close(): Promise<void>;
}

/** An L2-normalised 64-vector from an encoded image: its 8x8 greyscale thumbnail, mean removed. E_IMAGE_DECODE if sharp cannot read it. */
export async function imageVector(image: Uint8Array): Promise<Float32Array> {
  let raw: Buffer;
  try {
    raw = await sharp(image).resize(8, 8, { fit: 'fill' }).greyscale().raw().toBuffer();
  } catch (err) {
    throw new SharpeyeError('E_IMAGE_DECODE', 'the uploaded file is not an image sharpeye can decode (JPEG, PNG, WebP)', { cause: err });
  }
  const v = Float32Array.from(raw, (x) => x);
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  let n = 0;
  for (let i = 0; i < v.length; i++) { v[i] -= mean; n += v[i] * v[i]; }
  n = Math.sqrt(n) || 1;
  for (let i = 0; i < v.length; i++) v[i] /= n;
  return v;
}

/**
 * The EventSearch port over a real store, for every API harness (here and api-live-ports.ts):
 * `embedImage` turns an uploaded picture into a query vector (E_IMAGE_DECODE when it cannot), and
 * `image` reads an event's JPEGs (none when absent).
 */
export function storeEventSearch(store: SqliteEventStore, o: { embedImage(image: Uint8Array, label?: string): Promise<Float32Array>; image?: EventSearch['image'] }): EventSearch {
  return {
    query: (q) => store.query(q),
    get: (id) => store.get(id),
    count: (f) => store.count(f),
    async similarToEvent(eventId, s: SimilarSearchOptions): Promise<SimilarHit[]> {
      const event = await store.get(eventId);
      if (!event) throw new SharpeyeError('E_EVENT_NOT_FOUND', `no stored event '${eventId}'`);
      const vector = await store.getEmbedding(eventId);
      if (!vector) throw new SharpeyeError('E_EVENT_NO_EMBEDDING', `event '${eventId}' has no appearance embedding`);
      const k = s.k ?? 10;
      const others = k > 1 ? await store.similar({ ...s, vector, k: k - 1, excludeId: eventId }) : [];
      return [{ event, score: 1 }, ...others];
    },
    async similarToImage(image, s) {
      const { label, ...filter } = s;
      return store.similar({ ...filter, vector: await o.embedImage(image, label), k: s.k ?? 10 });
    },
    image: o.image ?? (async () => undefined),
  };
}

/** Line-crossing counts per bucket from the stored events (the node computes these from its own counters). */
async function trafficFromStore(store: SqliteEventStore, q: TrafficQuery): Promise<TrafficSeries> {
  const buckets = new Map<string, { -readonly [K in keyof TrafficBucket]: TrafficBucket[K] }>();
  const widthMs = q.intervalSeconds * 1000;
  let cursor: string | undefined;
  do {
    const page = await store.query({ cameras: [q.camera], from: q.from, to: q.to, order: 'asc', limit: 1000, cursor });
    for (const e of page.events) {
      for (const c of e.lines) {
        if (q.line !== undefined && c.line !== q.line) continue;
        const startMs = q.from + Math.floor((e.firstSeen.wallMs - q.from) / widthMs) * widthMs;
        const key = `${startMs}\u0000${c.line}`;
        const b = buckets.get(key) ?? { startMs, line: c.line, forward: 0, backward: 0, byLabel: {} };
        b[c.direction]++;
        const byLabel = b.byLabel as Record<string, { forward: number; backward: number }>;
        byLabel[e.label] ??= { forward: 0, backward: 0 };
        byLabel[e.label][c.direction]++;
        buckets.set(key, b);
      }
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { camera: q.camera, intervalSeconds: q.intervalSeconds, buckets: [...buckets.values()].sort((a, b) => a.startMs - b.startMs), congestion: [] };
}

/**
 * Ports over real parts, seeded with `events` fixture events (seed `seed`); three of them get a
 * snapshot JPEG (the first of those without a thumbnail). Call close() to remove everything.
 */
export async function createApiTestPorts(o: { events?: number; seed?: number; allowFiles?: boolean } = {}): Promise<ApiTestPorts> {
  const dir = mkdtempSync(join(tmpdir(), 'sharpeye-api-'));
  const store = await SqliteEventStore.open({ path: join(dir, 'events.db'), dimension: HARNESS_DIMENSION });
  const blobs = new FsBlobStore(join(dir, 'snapshots'));
  const dataset = makeDataset(o.seed ?? 14, o.events ?? 120, HARNESS_DIMENSION, 2);
  await store.upsert(dataset.records);
  await store.flush();
  const newestFirst = dataset.records.map((r) => r.event)
    .sort((a, b) => b.firstSeen.wallMs - a.firstSeen.wallMs || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const withSnapshot = newestFirst.slice(0, 3).map((e) => e.id);
  for (const [i, id] of withSnapshot.entries()) {
    await blobs.put(snapshotKey(id), await solidJpeg([200, 40 * i, 30]));
    if (i > 0) await blobs.put(thumbnailKey(id), await solidJpeg([20, 40 * i, 200], 160, 90));
  }
  const cameras = new HarnessCameraRegistry({ allowFiles: o.allowFiles });
  const alerts = new InMemoryAlertSource();
  const registry = new Registry();
  new Gauge({ name: 'sharpeye_cameras', help: 'cameras configured', registers: [registry], collect() { this.set(cameras.list().length); } });
  const startedAtMs = Date.now();
  let healthState: NodeHealth['state'] | undefined;
  const ports: NodePorts = {
    cameras,
    events: storeEventSearch(store, {
      embedImage: (image) => imageVector(image),
      image: (eventId, kind) => blobs.get(kind === 'snapshot' ? snapshotKey(eventId) : thumbnailKey(eventId)),
    }),
    exports: new NodeEventExport((id) => cameras.get(id)?.config),
    alerts,
    traffic: { traffic: (q) => trafficFromStore(store, q) },
    stats: {
      health: () => {
        const s = store.health();
        return {
          state: healthState ?? s.state,
          startedAtMs,
          store: { ...s, kind: store.kind },
          detector: { state: 'ok', model: 'harness', provider: 'cpu' },
          cameras: cameras.list().map((c) => ({ id: c.id, state: c.status.state, ready: c.status.state === 'running' })),
        };
      },
      metrics: async () => ({ contentType: registry.contentType, text: await registry.metrics() }),
      registry,
    },
  };
  return {
    ports, store, blobs, cameras, alerts, dataset, newestFirst, withSnapshot,
    setHealthState: (s) => { healthState = s; },
    async close() {
      alerts.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
