// GET /api/alerts/stream over real HTTP connections: fan-out to two clients, resume after a
// disconnect with Last-Event-ID (exactly the missed alerts), the camera filter, heartbeats, a client
// that stops reading (bounded buffer, counted drops that match the gaps), clients going away and
// the server closing (no leaked subscriptions, close does not hang).
import t, { type Test } from 'tap';
import { setImmediate as tick } from 'node:timers/promises';
import { openLivePorts } from '../helpers/api-live-ports.js';
import { makeAlertEvent } from '../helpers/api-alerts.js';
import { startLiveApp, type LiveApp, type LiveAppOptions } from '../helpers/api-live-app.js';
import { alertIds, openSse, until } from '../helpers/sse-client.js';
import { apiMetrics } from '../../api/api-metrics.js';

const lp = await openLivePorts({ events: 20 });
t.teardown(() => lp.close());
const bus = lp.alerts.bus;
// The harness's own alert counter is a subscriber; streams come on top of it.
const base = bus.stats.subscribers;
const streams = () => bus.stats.subscribers - base;
const sseClients = () => Number((apiMetrics(lp.registry).sseClients as unknown as { hashMap: Record<string, { value: number }> }).hashMap['']?.value ?? 0);

async function app(t: Test, alerts: LiveAppOptions['alerts'] = {}): Promise<LiveApp> {
  const a = await startLiveApp(lp.ports, { alerts });
  t.teardown(() => a.close());
  return a;
}

const publish = (n: number, o: Parameters<typeof makeAlertEvent>[0] = {}) => Array.from({ length: n }, () => lp.alerts.publish(makeAlertEvent(o)).seq);

t.test('two clients get every alert in order, with seq ids and the AlertEvent as data', async (t) => {
  const { url } = await app(t);
  const a = await openSse(`${url}/api/alerts/stream`);
  const b = await openSse(`${url}/api/alerts/stream`);
  t.equal(a.status, 200);
  t.match(a.headers['content-type'], /^text\/event-stream/);
  t.equal(streams(), 2, 'one bus subscription per client');
  const seqs = publish(5);
  for (const c of [a, b]) await c.waitFor((c) => alertIds(c).length === 5, 5000, 'five alerts');
  t.same(alertIds(a), seqs);
  t.same(alertIds(b), seqs);
  const first = JSON.parse(a.events.find((e) => e.event === 'alert')!.data);
  t.equal(first.alert.camera, 'cam-gate');
  t.equal(first.kind, 'started');
  a.close();
  b.close();
  await until(() => streams() === 0 && sseClients() === 0, 'the streams to end after the clients left');
  t.pass('no subscription left');
});

t.test('resume after a disconnect with Last-Event-ID gets exactly the missed alerts, then live ones', async (t) => {
  const { url } = await app(t);
  const first = await openSse(`${url}/api/alerts/stream`);
  publish(3);
  await first.waitFor((c) => alertIds(c).length === 3, 5000, 'three alerts');
  const lastId = first.events.at(-1)!.id!;
  first.close();
  await until(() => streams() === 0, 'the first stream to end');
  const missed = publish(4);
  const again = await openSse(`${url}/api/alerts/stream`, { 'last-event-id': lastId });
  await again.waitFor((c) => alertIds(c).length === 4, 5000, 'the missed alerts');
  t.same(alertIds(again), missed, 'exactly the alerts published while away');
  const live = publish(1);
  await again.waitFor((c) => alertIds(c).length === 5, 5000, 'a live alert');
  t.same(alertIds(again), [...missed, ...live], 'no duplicate, nothing lost across replay and live');
  again.close();

  const byQuery = await openSse(`${url}/api/alerts/stream?lastEventId=${missed[1]}`);
  await byQuery.waitFor((c) => alertIds(c).length === 3, 5000, 'replay by query');
  t.same(alertIds(byQuery), [missed[2], missed[3], live[0]], 'lastEventId query parameter when no header can be set');
  byQuery.close();

  const future = await openSse(`${url}/api/alerts/stream`, { 'last-event-id': String(lp.alerts.lastSeq + 1000) });
  const next = publish(1);
  await future.waitFor((c) => alertIds(c).length === 1, 5000, 'a live alert');
  t.same(alertIds(future), next, 'an id beyond the log (an earlier node) starts live');
  future.close();
});

t.test('camera filter, on live and replayed alerts', async (t) => {
  const { url } = await app(t);
  const start = String(lp.alerts.lastSeq);
  const north = publish(2, { camera: 'cam-north' });
  publish(2, { camera: 'cam-south' });
  const plaza = publish(1, { camera: 'cam-plaza' });
  const c = await openSse(`${url}/api/alerts/stream?camera=cam-north,cam-plaza`, { 'last-event-id': start });
  const liveNorth = publish(1, { camera: 'cam-north' });
  publish(1, { camera: 'cam-east' });
  await c.waitFor((c) => alertIds(c).length === 4, 5000, 'four alerts');
  t.same(alertIds(c), [...north, ...plaza, ...liveNorth]);
  c.close();
});

t.test('heartbeat comments arrive while no alert does', async (t) => {
  const { url } = await app(t, { heartbeatSeconds: 0.05 });
  const c = await openSse(`${url}/api/alerts/stream`);
  await c.waitFor((c) => c.comments.filter((m) => m.trim() === 'heartbeat').length >= 3, 5000, 'three heartbeats');
  t.equal(alertIds(c).length, 0);
  c.close();
});

t.test('a client that stops reading is bounded: drops are counted and reported, and match the gaps', async (t) => {
  const capacity = 8;
  const { url } = await app(t, { streamCapacity: capacity });
  const c = await openSse(`${url}/api/alerts/stream`);
  c.pause();
  const droppedBefore = bus.stats.dropped;
  // 64 KiB alerts: the socket buffers fill after a few MiB, then the bounded stream drops.
  const big = 'x'.repeat(64 * 1024);
  const seqs: number[] = [];
  for (let i = 0; i < 400 && bus.stats.dropped - droppedBefore < 50; i++) {
    seqs.push(...publish(1, { details: { note: big } }));
    await tick();
  }
  t.ok(bus.stats.dropped - droppedBefore >= 50, `the stream dropped ${bus.stats.dropped - droppedBefore} alerts instead of growing`);
  c.resume();
  const droppedSum = () => c.events.filter((e) => e.event === 'dropped').reduce((s, e) => s + JSON.parse(e.data).count, 0);
  await c.waitFor((c) => alertIds(c).length + droppedSum() === seqs.length, 20_000, 'every alert delivered or reported dropped');
  t.ok(droppedSum() > 0, `${droppedSum()} reported dropped`);
  // Each `dropped` frame sits where the ids jump, and its count is the size of the jump.
  let prev = seqs[0] - 1;
  let pendingDrop = 0;
  for (const e of c.events) {
    if (e.event === 'dropped') pendingDrop += JSON.parse(e.data).count;
    if (e.event !== 'alert') continue;
    const id = Number(e.id);
    if (id - prev - 1 !== pendingDrop) t.fail(`gap before ${id} is ${id - prev - 1}, reported ${pendingDrop}`);
    prev = id;
    pendingDrop = 0;
  }
  t.equal(prev, seqs.at(-1), 'the newest alert arrived');
  const metricDropped = await lp.registry.getSingleMetric('sharpeye_api_sse_events_dropped_total')!.get();
  t.ok(metricDropped.values[0].value >= droppedSum(), 'counted in sharpeye_api_sse_events_dropped_total');
  c.close();
});

t.test('server close ends every stream, a stalled one too, and does not hang', async (t) => {
  const a = await startLiveApp(lp.ports, { alerts: { closeGraceMs: 200 } });
  const reading = await openSse(`${a.url}/api/alerts/stream`);
  const stalled = await openSse(`${a.url}/api/alerts/stream`);
  stalled.pause();
  const big = 'y'.repeat(64 * 1024);
  for (let i = 0; i < 200; i++) {
    publish(1, { details: { note: big } });
    await tick();
  }
  t.equal(streams(), 2);
  const started = performance.now();
  await a.close();
  t.ok(performance.now() - started < 10_000, 'close returned');
  await reading.ended;
  stalled.resume();
  await stalled.ended;
  t.equal(streams(), 0, 'no subscription left');
  t.equal(sseClients(), 0, 'sharpeye_api_sse_clients back to 0');
});

t.test('bad Last-Event-ID and lastEventId answer 400 with the error shape', async (t) => {
  const { url } = await app(t);
  for (const [path, headers] of [
    ['/api/alerts/stream', { 'last-event-id': 'abc' }],
    ['/api/alerts/stream?lastEventId=-1', {}],
    ['/api/alerts/stream?lastEventId=1e3', {}],
  ] as const) {
    const res = await fetch(`${url}${path}`, { headers });
    t.equal(res.status, 400, `${path} ${JSON.stringify(headers)}`);
    t.equal((await res.json()).error.code, 'E_API_BAD_REQUEST');
  }
  t.equal(streams(), 0, 'a refused request subscribes nothing');
});
