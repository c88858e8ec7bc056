// MilvusEventStore against a real Milvus (Milvus Lite started by the harness, or MILVUS_ADDRESS):
// schema and what the server supports, filters with hostile names, paging, similarity, retention,
// the write buffer through a Milvus outage, overflow, and lifecycle. The shared EventStore
// conformance suite runs in milvus-conformance.test.ts.
import t from 'tap';
import { MilvusClient } from '@zilliz/milvus2-sdk-node';
import type { ObjectEvent } from '../../core/index.js';
import { MilvusEventStore, type MilvusEventStoreOptions } from '../../indexer/index.js';
import { MILVUS_PROCESS, startMilvusServer, type MilvusServer } from '../helpers/milvus-server.js';
import { descendantProcesses, waitForNoDescendants } from '../helpers/processes.js';
import { freePort } from '../helpers/server-process.js';
import { createLogger } from '../../core/index.js';
import { ATTRIBUTE_FIELDS, eventFields } from '../../indexer/milvus/milvus-schema.js';

const DIM = 8;
const quiet = createLogger({ level: 'silent' });
let server: MilvusServer;
const stores: MilvusEventStore[] = [];

t.before(async () => { server = await startMilvusServer(); });
t.teardown(async () => {
  for (const s of stores) await s.close();
  await server?.close();
});

function event(i: number, over: Partial<ObjectEvent> = {}): ObjectEvent {
  const first = 1_700_000_000_000 + i * 1000;
  return {
    id: `ev-${i}`, camera: `cam-${i % 3}`, trackId: i, label: i % 2 ? 'car' : 'person', score: 0.9,
    firstSeen: { ptsMs: i * 1000, wallMs: first }, lastSeen: { ptsMs: i * 1000 + 500, wallMs: first + 500 },
    durationSeconds: 0.5 + (i % 5), frames: 5, box: [1, 2, 3, 4],
    size: { width: 3, height: 4, areaFraction: 0.01 }, color: i % 4 === 0 ? null : 'red', colorFraction: 0.5,
    speedPxPerSecond: 1, headingDegrees: null, trajectory: [], zones: i % 2 ? ['z-a'] : ['z-b', 'z-c'], lines: [],
    rules: i % 3 === 0 ? ['r-1'] : [], final: true, version: 1, ...over,
  };
}

function unit(i: number): Float32Array {
  const v = new Float32Array(DIM).map((_, j) => Math.sin(i * 1.7 + j * 0.9) + (j === i % DIM ? 2 : 0));
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

async function open(over: Partial<MilvusEventStoreOptions> = {}): Promise<MilvusEventStore> {
  const store = await MilvusEventStore.open({
    address: server.address, collection: server.collectionName(), dimension: DIM, consistencyLevel: 'Strong',
    retry: { initialMs: 50, maxMs: 300 }, ...over,
  }, { logger: quiet });
  stores.push(store);
  return store;
}

t.test('schema: fields, consistency, and what the server gave the collection', async (t) => {
  const store = await open({ consistencyLevel: 'Bounded', ttlSeconds: 3600 });
  const client = new MilvusClient({ address: server.address, logLevel: 'error' });
  t.teardown(() => client.closeConnection());
  const d = await client.describeCollection({ collection_name: store.options.collection });
  t.same(d.schema.fields.map((f) => f.name), ['id', 'camera', 'label', 'color', 'first_wall', 'last_wall', 'duration', 'speed_px', 'speed_m', 'zones', 'rules',
    'plate', 'plate_key', 'vehicle_type', 'upper_color', 'lower_color', 'riding', 'carrying', 'has_vector', 'event', 'vector']);
  t.equal(d.schema.fields.find((f) => f.is_primary_key)?.name, 'id');
  // Milvus Lite keeps no collection consistency level (one process: every read is Strong).
  t.equal(d.consistency_level, server.local ? 'Strong' : 'Bounded');
  const idx = await client.describeIndex({ collection_name: store.options.collection, field_name: 'vector' });
  const params = Object.fromEntries(idx.index_descriptions[0]!.params.map((p) => [p.key, p.value]));
  t.equal(params.metric_type, 'COSINE');
  t.equal(params.index_type, store.capabilities.indexType);
  const props = Object.fromEntries((d.properties ?? []).map((p) => [p.key, p.value]));
  if (server.local) {
    // Milvus Lite: no HNSW, no partition-key filtering, no collection properties. Each falls back.
    t.same(store.capabilities, { indexType: 'FLAT', indexFallback: true, partitionKey: false, ttl: false, speedFields: true, attributeFields: true, attributeIndexes: true });
    t.equal(d.schema.fields.find((f) => f.name === 'camera')?.is_partition_key, false);
  } else {
    t.same(store.capabilities, { indexType: 'HNSW', indexFallback: false, partitionKey: true, ttl: true, speedFields: true, attributeFields: true, attributeIndexes: true });
    t.equal(d.schema.fields.find((f) => f.name === 'camera')?.is_partition_key, true);
    t.equal(props['collection.ttl.seconds'], '3600');
  }
});

t.test('a collection from before the plate and attribute fields keeps working and refuses their filters', async (t) => {
  const client = new MilvusClient({ address: server.address, logLevel: 'error' });
  t.teardown(() => client.closeConnection());
  const collection = server.collectionName('pre_plates');
  const old = eventFields(DIM, false).filter((f) => !(ATTRIBUTE_FIELDS as readonly string[]).includes(f.name));
  t.equal(old.length, eventFields(DIM, false).length - 7);
  t.equal((await client.createCollection({ collection_name: collection, fields: old })).error_code, 'Success');
  const store = await open({ collection });
  t.equal(store.capabilities.attributeFields, false);
  const plated = event(1, { plate: { text: '皖K66666', confidence: 0.9, colour: 'blue', layers: 1, kind: 'mainland', candidates: [] }, vehicleType: 'car' });
  await store.upsert([{ event: plated, embedding: unit(1) }]);
  await store.flush();
  t.same(await store.get('ev-1'), plated, 'the event (with its plate) is stored whole');
  t.equal(await store.count({ labels: ['car'] }), 1, 'other filters work');
  await t.rejects(store.count({ plate: '皖K*' }), { code: 'E_STORE_SCHEMA', message: /before the plate and attribute fields/ });
  await t.rejects(store.query({ carrying: ['backpack'] }), { code: 'E_STORE_SCHEMA' });
  await t.rejects(store.similar({ vector: unit(1), vehicleTypes: ['car'] }), { code: 'E_STORE_SCHEMA' });
});

t.test('index types: a refused type without fallback is an error; AUTOINDEX and IVF_FLAT build', async (t) => {
  for (const type of ['AUTOINDEX', 'IVF_FLAT'] as const) {
    const store = await open({ index: { type, params: type === 'IVF_FLAT' ? { nlist: 16 } : {} } });
    t.equal(store.capabilities.indexType, type);
    t.equal(store.capabilities.indexFallback, false);
  }
  if (server.local) {
    await t.rejects(open({ index: { type: 'HNSW', fallback: false } }), { code: 'E_STORE_REJECTED' });
  }
});

t.test('reopening with another dimension is E_STORE_SCHEMA; same settings reuse the collection', async (t) => {
  const store = await open();
  await store.upsert([{ event: event(1), embedding: unit(1) }]);
  await store.flush();
  await t.rejects(MilvusEventStore.open({ ...store.options, dimension: DIM * 2 }, { logger: quiet }), { code: 'E_STORE_SCHEMA' });
  const again = await open({ collection: store.options.collection });
  t.equal(await again.count(), 1);
  t.same(again.capabilities, store.capabilities);
});

t.test('round trip, replays, filters, paging, similarity and retention', async (t) => {
  const store = await open();
  const records = Array.from({ length: 40 }, (_, i) => ({ event: event(i), embedding: i === 7 ? undefined : unit(i) }));
  await store.upsert(records);
  await store.upsert(records.slice(0, 10)); // replay: idempotent
  await store.flush();
  t.equal(await store.count(), 40);
  t.same(await store.get('ev-3'), event(3));
  t.equal(await store.get('nope'), undefined);
  t.same(Array.from((await store.getEmbedding('ev-3'))!), Array.from(unit(3)));
  t.equal(await store.getEmbedding('ev-7'), undefined, 'no embedding stored');

  t.equal(await store.count({ cameras: ['cam-1'] }), 13);
  t.equal(await store.count({ labels: ['car'], zones: ['z-a'] }), 20);
  t.equal(await store.count({ zones: ['z-c', 'nope'] }), 20);
  t.equal(await store.count({ rules: ['r-1'] }), 14);
  t.equal(await store.count({ colors: ['red'] }), 30);
  t.equal(await store.count({ cameras: [] }), 40, 'an empty list constrains nothing');
  t.equal(await store.count({ minDurationSeconds: 4.5 }), 8);
  const t0 = 1_700_000_000_000;
  t.equal(await store.count({ from: t0 + 10_500, to: t0 + 12_000 }), 3, 'overlap, inclusive at both ends');

  const seen: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 10; pages++) {
    const page = await store.query({ limit: 7, cursor, cameras: ['cam-0', 'cam-2'] });
    seen.push(...page.events.map((e) => e.id));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  const want = records.map((r) => r.event).filter((e) => e.camera !== 'cam-1').sort((a, b) => b.firstSeen.wallMs - a.firstSeen.wallMs).map((e) => e.id);
  t.same(seen, want, 'newest first, every event once');
  const asc = await store.query({ order: 'asc', limit: 3 });
  t.same(asc.events.map((e) => e.id), ['ev-0', 'ev-1', 'ev-2']);
  await t.rejects(store.query({ cursor: 'garbage' }), { code: 'E_STORE_QUERY_INVALID' });
  await t.rejects(store.query({ order: 'desc', cursor: asc.nextCursor! }), { code: 'E_STORE_QUERY_INVALID' });

  const hits = await store.similar({ vector: unit(5), k: 5 });
  t.equal(hits[0]!.event.id, 'ev-5');
  t.ok(Math.abs(hits[0]!.score - 1) < 1e-4, 'cosine similarity of a vector with itself is 1');
  t.ok(hits.every((h, i) => i === 0 || h.score <= hits[i - 1]!.score), 'best first');
  const filtered = await store.similar({ vector: unit(5), k: 40, excludeId: 'ev-5', labels: ['car'] });
  t.ok(filtered.length > 0 && filtered.every((h) => h.event.label === 'car' && h.event.id !== 'ev-5'));
  t.notOk(filtered.some((h) => h.event.id === 'ev-7'), 'events without an embedding are not searched');
  await t.rejects(store.similar({ vector: new Float32Array(3) }), { code: 'E_STORE_QUERY_INVALID' });

  const gone = await store.deleteOlderThan(t0 + 5 * 1000 + 500);
  t.same(gone.sort(), ['ev-0', 'ev-1', 'ev-2', 'ev-3', 'ev-4']);
  t.equal(await store.count(), 35);
  t.same(await store.deleteOlderThan(t0), []);
});

t.test('names with quotes and expression syntax are values, never expressions', async (t) => {
  const store = await open();
  const names = ['gate"1', "gate'1", 'gate\\1', 'x"] or id != "', 'x" or camera != "', 'cam\ttab', 'ünï €', '😀'];
  await store.upsert(names.map((camera, i) => ({ event: event(i, { id: `q-${i}`, camera, zones: [camera] }), embedding: unit(i) })));
  await store.upsert([{ event: event(99, { id: 'other', camera: 'plain' }), embedding: unit(99) }]);
  await store.flush();
  for (const [i, camera] of names.entries()) {
    t.equal(await store.count({ cameras: [camera] }), 1, `camera ${JSON.stringify(camera)}`);
    t.same((await store.query({ zones: [camera] })).events.map((e) => e.id), [`q-${i}`]);
    t.same((await store.similar({ vector: unit(i), k: 10, cameras: [camera] })).map((h) => h.event.id), [`q-${i}`]);
    t.equal((await store.get(`q-${i}`))?.camera, camera);
  }
  t.equal(await store.get('other" or id != "'), undefined);
  // Line breaks cannot be spelled in a Milvus expression: refused on write, match nothing on read.
  await t.rejects(store.upsert([{ event: event(1, { id: 'nl', camera: 'cam\nx' }) }]), { code: 'E_STORE_RECORD_INVALID' });
  t.equal(await store.count({ cameras: ['cam\nx'] }), 0);
  t.equal(await store.get('a\nb'), undefined);
});

t.test('Milvus stops mid-stream: writes buffer, health degrades, all land once after restart', { skip: !process.env.MILVUS_ADDRESS ? false : 'needs the local Milvus Lite' }, async (t) => {
  const store = await open({ downAfterFailures: 3, batchSize: 25 });
  const ids: string[] = [];
  const write = async (from: number, to: number) => {
    for (let i = from; i < to; i += 10) {
      const batch = Array.from({ length: Math.min(10, to - i) }, (_, j) => ({ event: event(i + j, { id: `f-${i + j}` }), embedding: unit(i + j) }));
      ids.push(...batch.map((r) => r.event.id));
      await store.upsert(batch);
    }
  };
  await write(0, 100);
  await store.flush();
  t.equal(store.health().state, 'ok');
  await server.stop();
  await write(100, 250);
  await write(90, 110); // replays overlap the outage boundary
  const deadline = Date.now() + 10_000;
  const states = new Set<string>();
  while (store.health().state !== 'down' && Date.now() < deadline) {
    states.add(store.health().state);
    await new Promise((r) => setTimeout(r, 5));
  }
  t.ok(states.has('degraded'), 'degraded before down');
  const down = store.health();
  t.equal(down.state, 'down');
  t.ok(down.pending > 0, `pending ${down.pending}`);
  t.equal(down.dropped, 0);
  t.equal(down.lastError?.code, 'E_STORE_UNREACHABLE');
  await t.rejects(store.count(), { code: 'E_STORE_UNREACHABLE' }, 'reads fail fast and say why');
  await server.start();
  await store.flush();
  t.same(store.health(), { ...store.health(), state: 'ok', pending: 0, dropped: 0 });
  t.equal(await store.count(), 250, 'nothing lost, nothing doubled');
  const listed = (await store.query({ limit: 1000 })).events.map((e) => e.id);
  t.equal(new Set(listed).size, 250);
  t.same(new Set(listed), new Set(ids));
});

t.test('a full buffer drops the oldest records and counts them', { skip: !process.env.MILVUS_ADDRESS ? false : 'needs the local Milvus Lite' }, async (t) => {
  const store = await open({ bufferCapacity: 50, batchSize: 10 });
  await server.stop();
  for (let i = 0; i < 80; i += 20) {
    await store.upsert(Array.from({ length: 20 }, (_, j) => ({ event: event(i + j, { id: `o-${i + j}` }), embedding: unit(i + j) })));
  }
  const h = store.health();
  t.equal(h.pending, 50);
  t.equal(h.dropped, 30);
  await server.start();
  await store.flush();
  t.equal(await store.count(), 50);
  t.equal(await store.get('o-29'), undefined, 'the oldest went');
  t.ok(await store.get('o-30'), 'the newest 50 landed');
  t.equal(store.health().dropped, 30);
});

t.test("overflow 'block' makes upsert wait for room instead of dropping", { skip: process.env.MILVUS_ADDRESS ? 'needs the local Milvus Lite' : false }, async (t) => {
  const store = await open({ bufferCapacity: 20, batchSize: 10, overflow: 'block' });
  await server.stop();
  await store.upsert(Array.from({ length: 20 }, (_, j) => ({ event: event(j, { id: `b-${j}` }), embedding: unit(j) })));
  let done = false;
  const more = store.upsert(Array.from({ length: 10 }, (_, j) => ({ event: event(20 + j, { id: `b-${20 + j}` }), embedding: unit(j) }))).then(() => { done = true; });
  await new Promise((r) => setTimeout(r, 500));
  t.notOk(done, 'still waiting while the buffer is full and Milvus is down');
  t.equal(store.health().pending, 20);
  await server.start();
  await more;
  await store.flush();
  t.equal(await store.count(), 30);
  t.equal(store.health().dropped, 0);
});

t.test('createIfMissing: false (read commands) never creates a collection: a missing one is E_STORE_NOT_FOUND', async (t) => {
  const collection = server.collectionName('never_created');
  for (let i = 0; i < 2; i++) {
    // Twice: had the first attempt created the collection, the second would open it.
    await t.rejects(open({ collection, createIfMissing: false }), { code: 'E_STORE_NOT_FOUND', message: new RegExp(`collection ${collection} does not exist`) });
  }
  const writer = await open({ collection });
  await writer.upsert([{ event: event(1), embedding: unit(1) }]);
  await writer.flush();
  const reader = await open({ collection, createIfMissing: false });
  t.equal(await reader.count(), 1, 'an existing collection opens for reading');
});

t.test('opening against no server fails fast with E_STORE_UNREACHABLE', async (t) => {
  const port = await freePort();
  const started = Date.now();
  await t.rejects(MilvusEventStore.open({ address: `127.0.0.1:${port}`, collection: 'nothing_here', dimension: DIM, requestTimeoutMs: 2000 }, { logger: quiet }), { code: 'E_STORE_UNREACHABLE' });
  t.ok(Date.now() - started < 10_000);
});

t.test('invalid records are refused before anything is accepted', async (t) => {
  const store = await open();
  await t.rejects(store.upsert([{ event: event(1), embedding: unit(1) }, { event: event(2), embedding: new Float32Array(DIM + 1) }]), { code: 'E_STORE_RECORD_INVALID' });
  await t.rejects(store.upsert([{ event: event(3, { zones: Array.from({ length: 300 }, (_, i) => `z${i}`) }) }]), { code: 'E_STORE_RECORD_INVALID' });
  await store.flush();
  t.equal(await store.count(), 0);
  t.equal(store.health().pending, 0);
});

t.test('close is idempotent, flushes, and the store refuses use afterwards', async (t) => {
  const store = await open();
  await store.upsert([{ event: event(1), embedding: unit(1) }]);
  await Promise.all([store.close(), store.close()]);
  await store.close();
  await t.rejects(store.upsert([{ event: event(2) }]), { code: 'E_STORE_CLOSED' });
  await t.rejects(store.count(), { code: 'E_STORE_CLOSED' });
  const again = await open({ collection: store.options.collection });
  t.equal(await again.count(), 1, 'close wrote what was buffered');
});

t.test('the test server is stopped and reaped', { skip: process.env.MILVUS_ADDRESS ? 'external MILVUS_ADDRESS' : false }, async (t) => {
  const extra = await startMilvusServer();
  t.ok(descendantProcesses(MILVUS_PROCESS).length >= 2, 'launcher and milvus binary running');
  await extra.close();
  await extra.close();
  for (const s of stores.splice(0)) await s.close();
  await server.close();
  t.same(await waitForNoDescendants(MILVUS_PROCESS, 10_000), [], 'no milvus process left');
});
