// A SharpeyeNode on a real config with a store, a camera on the RTSP test server and counting rules:
// object events reach the store and can be searched (by event: itself first; by its own snapshot
// image), alerts arrive on the live stream with increasing seq, page, and replay after a seq, line
// crossings add up in the traffic buckets, metrics and health report it, and the alert log
// outlives the process (a table in the store's file).
import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { stringify } from 'yaml';
import { createLogger } from '../../core/index.js';
import { loadNodeConfig, SharpeyeNode, type AlertRecord, type ObjectEvent } from '../../node/index.js';
import { MODEL_DIR, video } from '../helpers/fixtures.js';
import { waitForNoDescendants } from '../helpers/processes.js';
import { startRtspServer } from '../helpers/rtsp-server.js';

const server = await startRtspServer({ mounts: { street: `file:${video('intersection.mp4')}` } });
t.teardown(() => server.stop());
const dir = mkdtempSync(join(tmpdir(), 'sharpeye-node-'));
const path = join(dir, 'node.yaml');
writeFileSync(path, stringify({
  detector: { model: 'yolox-nano', sessions: 1 },
  store: { spec: `sqlite:${join(dir, 'events.db')}` },
  cameras: [{
    id: 'street', url: server.url('street'), fps: 5, maxWidth: 320, motion: { enabled: false },
    rules: { lines: [{ id: 'mid', points: [[0.5, 0.0], [0.5, 1.0]] }], rules: [{ id: 'flow', type: 'line_crossing', line: 'mid', labels: ['car', 'truck', 'bus'], alertOn: 'both' }] },
  }],
}));
const silent = createLogger({ level: 'silent' });

async function until<T>(what: string, fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

t.test('events, alerts, traffic, search, metrics on a running node', async (t) => {
  const t0 = Date.now();
  const node = await SharpeyeNode.open(await loadNodeConfig(path), { modelDir: MODEL_DIR, configPath: path, logger: silent });
  t.teardown(() => node.close());
  const { alerts, events, traffic, stats } = node.ports;
  const crossings: number[] = [];
  node.on('crossing', (c) => crossings.push(c.wallMs));
  const live: AlertRecord[] = [];
  const stream = alerts.stream({});
  const reading = (async () => { for await (const r of stream) live.push(r); })();
  node.start();

  await until('three alerts', () => alerts.lastSeq >= 3);
  await until('them on the live stream', () => live.length >= 3, 5000);
  t.same(live.slice(0, 3).map((r) => r.seq), [1, 2, 3], 'seq counts up from 1');
  t.ok(live.every((r) => r.event.alert.camera === 'street' && r.event.alert.type === 'line_crossing'));

  // Paging, newest first.
  const page1 = await alerts.list({ limit: 2 });
  t.equal(page1.alerts.length, 2);
  t.ok(page1.alerts[0].seq > page1.alerts[1].seq, 'newest first');
  t.equal(page1.nextCursor, page1.alerts[1].seq);
  const page2 = await alerts.list({ limit: 2, beforeSeq: page1.nextCursor! });
  t.ok(page2.alerts.every((r) => r.seq < page1.alerts[1].seq), 'the next page goes on below the cursor');
  t.same((await alerts.list({ cameras: ['elsewhere'] })).alerts, [], 'camera filter');
  t.ok((await alerts.list({ types: ['line_crossing'], rules: ['flow'] })).alerts.length >= 3, 'rule and type filters');

  // Replay after a seq, then live.
  const resumed = alerts.stream({ afterSeq: 1 });
  const first = await resumed.next();
  t.equal(first.value?.seq, 2, 'replay starts right after the given seq');
  const seen = [first.value!.seq];
  const target = alerts.lastSeq + 1;
  while (seen.at(-1)! < target) seen.push((await resumed.next()).value!.seq);
  t.same(seen, Array.from({ length: seen.length }, (_, i) => i + 2), 'no gap and no repeat between replay and live');
  resumed.close();

  // Crossings add up in the traffic buckets.
  const counted = crossings.length;
  const series = await traffic.traffic({ camera: 'street', line: 'mid', from: t0, to: Date.now() + 1000, intervalSeconds: 60 });
  const total = series.buckets.reduce((n, b) => n + b.forward + b.backward, 0);
  t.ok(counted >= 1, `${counted} crossings`);
  t.equal(total, counted, 'every crossing is in a bucket');
  t.ok(series.buckets.every((b) => b.startMs % 60_000 === 0 && b.line === 'mid'), 'buckets on the minute');
  const byLabel = series.buckets.flatMap((b) => Object.values(b.byLabel)).reduce((n, c) => n + c.forward + c.backward, 0);
  t.equal(byLabel, total, 'labels add up to the total');
  await t.rejects(traffic.traffic({ camera: 'street', from: 0, to: Date.now(), intervalSeconds: 60 }), { code: 'E_STORE_QUERY_INVALID' }, 'too many buckets');

  // Events reach the store; similar search by event puts the event itself first.
  const embedded = await until('a stored event with an embedding', async () => {
    for (const e of (await events.query({ limit: 200 })).events) {
      if (!e.final || !e.snapshot) continue;
      const hits = await events.similarToEvent(e.id, { k: 5 }).catch(() => undefined);
      if (hits) return { event: e as ObjectEvent, hits };
    }
    return undefined;
  }, 90_000);
  t.equal(embedded.hits[0].event.id, embedded.event.id, 'the event itself first');
  t.equal(embedded.hits[0].score, 1);
  t.ok(embedded.hits.length <= 5 && embedded.hits.slice(1).every((h) => h.event.id !== embedded.event.id));
  t.ok((await events.count({ cameras: ['street'] })) >= 1);
  t.same(await events.get(embedded.event.id), embedded.event);
  const snapshot = await events.image(embedded.event.id, 'snapshot');
  t.equal((await sharp(snapshot!).metadata()).format, 'jpeg', 'the snapshot from the blob store');
  t.equal((await sharp((await events.image(embedded.event.id, 'thumbnail'))!).metadata()).format, 'jpeg');
  const byImage = await events.similarToImage(snapshot!, { k: 10 });
  t.ok(byImage.some((h) => h.event.id === embedded.event.id), 'its own snapshot finds it');
  await t.rejects(events.similarToEvent('no-such-event', { k: 3 }), { code: 'E_EVENT_NOT_FOUND' });
  await t.rejects(events.similarToImage(new Uint8Array([1, 2, 3]), {}), { code: 'E_IMAGE_DECODE' });
  await t.rejects(events.image('no-such-event', 'snapshot'), { code: 'E_EVENT_NOT_FOUND' });

  // Metrics and health.
  const { text, contentType } = await stats.metrics();
  t.match(contentType, /text\/plain/);
  t.match(text, /sharpeye_events_indexed_total [1-9]/);
  t.match(text, /sharpeye_alerts_total\{camera="street",type="line_crossing"\} [1-9]/);
  t.match(text, /sharpeye_store_write_seconds_count [1-9]/);
  t.match(text, /sharpeye_store_search_seconds_count\{op="similar"\} [1-9]/);
  t.match(text, /sharpeye_queue_depth\{queue="index"\} \d/);
  t.match(text, /sharpeye_index_queue_dropped_total 0/);
  t.match(text, /sharpeye_process_cpu_seconds_total/, 'process metrics');
  t.match(stats.health(), { state: 'ok', store: { state: 'ok', kind: 'sqlite' }, detector: { state: 'ok', model: 'yolox-nano' }, cameras: [{ id: 'street', ready: true }] });

  const lastSeq = alerts.lastSeq;
  const summary = await node.close();
  await reading;
  t.ok(live.length >= 3, 'the live stream ends when the node closes');
  t.match(summary.store, { health: { state: 'ok' }, queueDropped: 0 });
  t.ok((summary.store!.indexed as number) >= 1);
  t.equal(stats.health().state, 'down', 'down once closed');
  t.same(await waitForNoDescendants(/ffmpeg|gst-launch/), [], 'nothing left running');

  // The log lives in the store's file: a new node on the same config goes on from it.
  const again = await SharpeyeNode.open(await loadNodeConfig(path), { modelDir: MODEL_DIR, configPath: path, logger: silent });
  t.teardown(() => again.close());
  t.ok(again.ports.alerts.lastSeq >= lastSeq, 'seq survives a restart (ended alerts were logged at close)');
  t.equal((await again.ports.alerts.list({ limit: 1000 })).alerts.at(-1)?.seq, 1);
  t.ok((await again.ports.events.count({})) >= 1, 'the events are in the store');
  await again.close();
});
