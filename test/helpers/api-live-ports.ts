// NodePorts over real parts, for the tests of the live and search routes (alerts, metrics, search,
// traffic): a SqliteEventStore on a temp file filled with the conformance fixtures' events and
// embeddings, the real image reader and appearance embedder for picture queries, the core
// node's AlertLog over an in-memory log for alerts, a prom-client Registry. A harness of the ports
// contract (node/ports.ts); the node's own ports are checked end to end by the node's tests.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Counter, Registry } from 'prom-client';
import { SharpeyeError, type ObjectEvent } from '../../core/index.js';
import { readImageFile } from '../../ingest/index.js';
import { EmbedderSet } from '../../inference/index.js';
import { SqliteEventStore, type EventRecord } from '../../indexer/index.js';
import { NodeEventExport } from '../../node/index.js';
import type { CameraRegistry, NodePorts, NodeStatsPort, TrafficBucket, TrafficQuery, TrafficSeries, TrafficStats } from '../../node/index.js';
import { CAMERAS, makeDataset, type Dataset } from '../conformance/event-store-fixtures.js';
import { MODEL_DIR } from './fixtures.js';
import { InMemoryAlertSource } from './api-alerts.js';
import { storeEventSearch } from './api-ports.js';

/** osnet-x0.25 (the default appearance model) gives 512-dimensional vectors. */
export const EMBED_DIMENSION = 512;

export interface LivePortsOptions {
  /** Stored events drawn from the conformance fixtures. @defaultValue 300 */
  events?: number;
  /** @defaultValue 14 */
  seed?: number;
  /** Extra events (traffic counts, image queries), stored as given. */
  extra?: EventRecord[];
}

export interface LivePorts {
  readonly ports: NodePorts;
  readonly alerts: InMemoryAlertSource;
  readonly store: SqliteEventStore;
  readonly dataset: Dataset;
  readonly registry: Registry;
  /** The default embedder's vector for an encoded picture (what similarToImage searches with). */
  embedPicture(bytes: Uint8Array): Promise<Float32Array>;
  close(): Promise<void>;
}

export async function openLivePorts(o: LivePortsOptions = {}): Promise<LivePorts> {
  const dir = await mkdtemp(join(tmpdir(), 'sharpeye-api-live-'));
  const store = await SqliteEventStore.open({ path: join(dir, 'events.db'), dimension: EMBED_DIMENSION });
  const dataset = makeDataset(o.seed ?? 14, o.events ?? 300, EMBED_DIMENSION);
  await store.upsert([...dataset.records, ...(o.extra ?? [])]);
  await store.flush();
  const registry = new Registry();
  const alertCount = new Counter({ name: 'sharpeye_alerts_total', help: 'alert events raised', registers: [registry] });
  const alerts = new InMemoryAlertSource(undefined, () => alertCount.inc());
  let embedders: Promise<EmbedderSet> | undefined;
  let uploads = 0;

  async function embedPicture(bytes: Uint8Array, label?: string): Promise<Float32Array> {
    const path = join(dir, `upload-${++uploads}`);
    await writeFile(path, bytes);
    const picture = await readImageFile(path);
    embedders ??= EmbedderSet.create({}, { modelDir: MODEL_DIR });
    const set = await embedders;
    if (label !== undefined && !set.embeds(label)) throw new SharpeyeError('E_CONFIG_INVALID', `label '${label}' is not embedded by this node`);
    const [vector] = label !== undefined ? await set.embed([{ image: picture, label }]) : await set.embedder(set.config.default)!.embed([{ image: picture }]);
    return vector!;
  }

  const events = storeEventSearch(store, { embedImage: embedPicture });

  const traffic: TrafficStats = { traffic: (q) => trafficOf(store, alerts, q) };
  const stats: NodeStatsPort = {
    registry,
    metrics: async () => ({ contentType: registry.contentType, text: await registry.metrics() }),
    health: () => ({ state: 'ok', startedAtMs: 0, store: { ...store.health(), kind: store.kind }, detector: { state: 'ok', model: 'none', provider: 'cpu' }, cameras: [] }),
  };
  const ports: NodePorts = { cameras: noCameras(), events, exports: new NodeEventExport(() => undefined), alerts, traffic, stats };
  return {
    ports, alerts, store, dataset, registry, embedPicture: (bytes) => embedPicture(bytes),
    async close() {
      alerts.close();
      await store.close();
      if (embedders) await (await embedders).close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Line crossings of the camera's stored events counted per bucket, line, direction and label
 * (crossing wall time = firstSeen.wallMs + crossing pts - firstSeen.ptsMs); congestion changes
 * from the alert log's congestion alerts (`details.level`).
 */
async function trafficOf(store: SqliteEventStore, alerts: InMemoryAlertSource, q: TrafficQuery): Promise<TrafficSeries> {
  if (!CAMERAS.includes(q.camera)) throw new SharpeyeError('E_CAMERA_NOT_FOUND', `no camera '${q.camera}'`);
  const widthMs = q.intervalSeconds * 1000;
  const buckets = new Map<string, TrafficBucket & { byLabel: Record<string, { forward: number; backward: number }> }>();
  for (const event of await allEvents(store, q)) {
    for (const crossing of event.lines) {
      if (q.line !== undefined && crossing.line !== q.line) continue;
      const atMs = event.firstSeen.wallMs + crossing.ptsMs - event.firstSeen.ptsMs;
      if (atMs < q.from || atMs >= q.to) continue;
      const startMs = q.from + Math.floor((atMs - q.from) / widthMs) * widthMs;
      const key = `${startMs}/${crossing.line}`;
      let b = buckets.get(key);
      if (!b) buckets.set(key, b = { startMs, line: crossing.line, forward: 0, backward: 0, byLabel: {} });
      (b as { forward: number; backward: number })[crossing.direction]++;
      (b.byLabel[event.label] ??= { forward: 0, backward: 0 })[crossing.direction]++;
    }
  }
  const congestion = (await alerts.list({ cameras: [q.camera], types: ['congestion'], from: q.from, to: q.to, limit: 1000 })).alerts
    .reverse()
    .map((r) => ({ atMs: r.event.wallMs, ruleId: r.event.alert.ruleId, zone: r.event.alert.zone, level: String(r.event.alert.details.level) }));
  const sorted = [...buckets.values()].sort((a, b) => a.startMs - b.startMs || (a.line < b.line ? -1 : 1));
  return { camera: q.camera, intervalSeconds: q.intervalSeconds, buckets: sorted, congestion };
}

async function allEvents(store: SqliteEventStore, q: TrafficQuery): Promise<ObjectEvent[]> {
  const out: ObjectEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.query({ cameras: [q.camera], from: q.from, to: q.to, limit: 1000, cursor });
    out.push(...page.events);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

/** The live routes use no camera; every call says so. */
function noCameras(): CameraRegistry {
  const none = (): never => { throw new SharpeyeError('E_CAMERA_NOT_FOUND', 'this harness has no camera registry'); };
  return {
    list: () => [], get: () => undefined, add: none, update: none, remove: none, latestFrameJpeg: none, getRules: none, setRules: none,
    schemas: { camera: {}, cameraPatch: {}, rules: {} },
  };
}
