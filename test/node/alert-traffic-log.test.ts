// The alert log and the traffic log on both backends (a table in a SQLite file, a memory ring):
// seq, paging, replay bounded by the stream capacity, aborts, the ring's bound, seq kept across a
// reopen of the file, traffic buckets by direction and label, congestion changes only.
import t from 'tap';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlertEvent } from '../../core/index.js';
import { AlertLog } from '../../node/alert-log.js';
import { TrafficLog, type TrafficRecord } from '../../node/traffic-log.js';
import { MemoryRecordLog, openRecordLog, SqliteRecordLog } from '../../node/record-log.js';

const dir = mkdtempSync(join(tmpdir(), 'sharpeye-logs-'));
const T0 = Date.UTC(2026, 0, 5, 8, 0, 0);

function alertEvent(i: number, camera = 'gate', type: 'loitering' | 'congestion' = 'loitering'): AlertEvent {
  return {
    kind: 'started', frameIndex: i, ptsMs: i * 200, wallMs: T0 + i * 1000,
    alert: { id: `r:${camera}:${i}`, ruleId: type === 'loitering' ? 'wait' : 'jam', type, severity: 'warning', camera, startedPtsMs: i * 200, startedWallMs: T0 + i * 1000, objects: [i], labels: ['car'], details: {} },
  };
}

async function take<T>(it: AsyncIterator<T>, n: number): Promise<T[]> {
  const out: T[] = [];
  while (out.length < n) out.push((await it.next()).value as T);
  return out;
}

for (const backend of ['sqlite', 'memory'] as const) {
  t.test(`${backend}: seq, paging, filters, replay then live`, async (t) => {
    const log = backend === 'sqlite' ? new SqliteRecordLog<AlertEvent>(join(dir, 'alerts.db'), 'sharpeye_alert_log') : new MemoryRecordLog<AlertEvent>();
    const alerts = new AlertLog(log);
    t.teardown(() => { alerts.close(); log.close(); });
    t.equal(alerts.lastSeq, 0);
    for (let i = 1; i <= 10; i++) t.equal(alerts.record(alertEvent(i, i % 2 ? 'gate' : 'yard')).seq, i);
    const page = await alerts.list({ limit: 4 });
    t.same(page.alerts.map((r) => r.seq), [10, 9, 8, 7]);
    t.equal(page.nextCursor, 7);
    const last = await alerts.list({ limit: 4, beforeSeq: 3 });
    t.same(last.alerts.map((r) => r.seq), [2, 1]);
    t.equal(last.nextCursor, null, 'no page after the last');
    t.same((await alerts.list({ cameras: ['yard'], from: T0 + 4000, to: T0 + 8000 })).alerts.map((r) => r.seq), [8, 6, 4]);
    t.same((await alerts.list({ rules: ['nope'] })).alerts, []);

    const stream = alerts.stream({ afterSeq: 7, cameras: ['gate', 'yard'] });
    t.same((await take(stream, 3)).map((r) => r.seq), [8, 9, 10], 'replayed');
    alerts.record(alertEvent(11));
    t.same((await take(stream, 1)).map((r) => r.seq), [11], 'then live');
    stream.close();

    const small = alerts.stream({ afterSeq: 0, capacity: 3 });
    t.equal(small.dropped, 8, 'replay bounded by the capacity; the older ones counted as dropped');
    t.same((await take(small, 3)).map((r) => r.seq), [9, 10, 11]);
    small.close();

    const ac = new AbortController();
    const aborted = alerts.stream({ afterSeq: 5, signal: ac.signal });
    ac.abort();
    t.same(await aborted.next(), { value: undefined, done: true }, 'an aborted stream ends, replay included');

    const yard = alerts.stream({ cameras: ['yard'] });
    alerts.record(alertEvent(13, 'gate'));
    alerts.record(alertEvent(14, 'yard'));
    t.same((await take(yard, 1)).map((r) => r.event.alert.camera), ['yard'], 'live camera filter');
    alerts.close();
    t.same(await yard.next(), { value: undefined, done: true }, 'closing ends live streams');
  });
}

t.test('sqlite: the log is kept in the file and seq goes on after a reopen; a memory ring forgets the oldest', async (t) => {
  const file = join(dir, 'reopen.db');
  const a = openRecordLog<AlertEvent>(`sqlite:${file}`, 'sharpeye_alert_log');
  t.ok(a instanceof SqliteRecordLog);
  a.append(T0, 'gate', 'wait', 'loitering', alertEvent(1));
  a.append(T0, 'gate', 'wait', 'loitering', alertEvent(2));
  a.close();
  const b = openRecordLog<AlertEvent>(`sqlite:${file}`, 'sharpeye_alert_log');
  t.equal(b.lastSeq, 2);
  t.equal(b.append(T0, 'gate', 'wait', 'loitering', alertEvent(3)), 3);
  t.same(b.query({ order: 'asc' }).map((r) => r.record.frameIndex), [1, 2, 3]);
  b.close();
  t.ok(openRecordLog(undefined, 'x') instanceof MemoryRecordLog, 'no store: memory');
  t.ok(openRecordLog('sqlite::memory:', 'x') instanceof MemoryRecordLog, 'in-memory store: memory');
  t.ok(openRecordLog('milvus:127.0.0.1:19530', 'x') instanceof MemoryRecordLog, 'Milvus: memory');
  const ring = new MemoryRecordLog<number>(3);
  for (let i = 0; i < 5; i++) ring.append(T0, 'c', 'k', 'k', i);
  t.same(ring.query({ order: 'asc' }).map((r) => [r.seq, r.record]), [[3, 2], [4, 3], [5, 4]], 'bounded, seq keeps counting');
  t.throws(() => new SqliteRecordLog(join(dir, 'no', 'such', 'folder', 'x.db'), 'sharpeye_alert_log'), { code: 'E_STORE_OPEN' });
});

t.test('traffic: crossings in buckets by line, direction and label; congestion changes only', async (t) => {
  const traffic = new TrafficLog(new SqliteRecordLog<TrafficRecord>(join(dir, 'traffic.db'), 'sharpeye_traffic_log'));
  const cross = (line: string, direction: 'forward' | 'backward', label: string, atMs: number) => traffic.recordCrossing({
    ruleId: 'count', line, camera: 'gate', trackId: 1, label, direction, frameIndex: 0, ptsMs: 0, wallMs: atMs, point: [0.5, 0.5],
  });
  cross('north', 'forward', 'car', T0 + 5_000);
  cross('north', 'forward', 'car', T0 + 59_999);
  cross('north', 'backward', 'bus', T0 + 60_000);
  cross('south', 'forward', 'truck', T0 + 130_000);
  cross('north', 'forward', 'car', T0 + 500_000); // outside the range asked for
  const s = await traffic.traffic({ camera: 'gate', from: T0, to: T0 + 179_999, intervalSeconds: 60 });
  t.same(s.buckets.map((b) => [b.line, b.startMs - T0, b.forward, b.backward]), [
    ['north', 0, 2, 0], ['north', 60_000, 0, 1], ['north', 120_000, 0, 0],
    ['south', 0, 0, 0], ['south', 60_000, 0, 0], ['south', 120_000, 1, 0],
  ]);
  t.same(s.buckets[1].byLabel, { bus: { forward: 0, backward: 1 } });
  const north = await traffic.traffic({ camera: 'gate', line: 'north', from: T0, to: T0 + 59_999, intervalSeconds: 60 });
  t.same(north.buckets.map((b) => b.byLabel), [{ car: { forward: 2, backward: 0 } }]);
  const none = await traffic.traffic({ camera: 'elsewhere', line: 'north', from: T0, to: T0 + 60_000, intervalSeconds: 3600 });
  t.same(none.buckets.map((b) => b.forward + b.backward), [0], 'an empty bucket for a line asked for');

  const status = (level: 'free' | 'busy' | 'congested') => [{ ruleId: 'jam', zone: 'lane', measure: 'count' as const, level, value: 1, current: 1 }];
  traffic.recordCongestion('gate', T0 + 1000, status('free'));
  traffic.recordCongestion('gate', T0 + 2000, status('busy'));
  traffic.recordCongestion('gate', T0 + 3000, status('busy'));
  traffic.recordCongestion('gate', T0 + 4000, status('congested'));
  traffic.recordCongestion('gate', T0 + 5000, status('free'));
  const c = await traffic.traffic({ camera: 'gate', from: T0, to: T0 + 10_000, intervalSeconds: 60 });
  t.same(c.congestion.map((x) => [x.atMs - T0, x.level]), [[2000, 'busy'], [4000, 'congested'], [5000, 'free']], 'changes only');
  await t.rejects(traffic.traffic({ camera: 'gate', from: T0, to: T0 + 1, intervalSeconds: 30 }), { code: 'E_STORE_QUERY_INVALID' });
  await t.rejects(traffic.traffic({ camera: 'gate', from: T0, to: T0 - 1, intervalSeconds: 60 }), { code: 'E_STORE_QUERY_INVALID' });
});
