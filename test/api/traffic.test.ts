// GET /api/stats/traffic: line crossings of stored events counted per bucket, line, direction and
// label, the congestion timeline from congestion alerts, interval forms and bounds, bad input.
import t from 'tap';
import type { ObjectEvent } from '../../core/index.js';
import { openLivePorts } from '../helpers/api-live-ports.js';
import { makeAlertEvent } from '../helpers/api-alerts.js';
import { startLiveApp } from '../helpers/api-live-app.js';
import { makeEvent, prng } from '../conformance/event-store-fixtures.js';

const T0 = Date.UTC(2026, 2, 1, 8, 0, 0);
const rng = prng(7);
/** An object on cam-gate first seen at `minute`, crossing `line` `seconds` later. */
function crossing(i: number, minute: number, label: string, line: string, direction: 'forward' | 'backward', seconds = 5): { event: ObjectEvent } {
  const e = makeEvent(rng, 10_000 + i, { camera: 'cam-gate', label, firstWallMs: T0 + minute * 60_000, durationSeconds: 20 });
  return { event: { ...e, lines: [{ line, direction, ptsMs: e.firstSeen.ptsMs + seconds * 1000 }] } };
}
const extra = [
  crossing(0, 0, 'car', 'l-main', 'forward'), crossing(1, 1, 'car', 'l-main', 'forward'), crossing(2, 2, 'truck', 'l-main', 'backward'),
  crossing(3, 6, 'car', 'l-main', 'backward'), crossing(4, 7, 'bus', 'l-side', 'forward'),
  crossing(5, 14, 'car', 'l-main', 'forward', 65),
];
const lp = await openLivePorts({ events: 50, extra });
t.teardown(() => lp.close());
lp.alerts.publish(makeAlertEvent({ camera: 'cam-gate', type: 'congestion', ruleId: 'r-jam', wallMs: T0 + 3 * 60_000, details: { level: 'heavy' } }));
lp.alerts.publish(makeAlertEvent({ camera: 'cam-gate', type: 'congestion', ruleId: 'r-jam', wallMs: T0 + 9 * 60_000, details: { level: 'free' } }));
lp.alerts.publish(makeAlertEvent({ camera: 'cam-north', type: 'congestion', ruleId: 'r-jam', wallMs: T0 + 4 * 60_000, details: { level: 'heavy' } }));
const live = await startLiveApp(lp.ports);
t.teardown(() => live.close());

const get = async (query: string) => {
  const res = await fetch(`${live.url}/api/stats/traffic${query}`);
  return { status: res.status, body: await res.json() };
};

t.test('5-minute buckets by line, direction and label, with the congestion timeline', async (t) => {
  const { status, body } = await get(`?camera=cam-gate&from=${T0}&to=${T0 + 15 * 60_000}&interval=5m`);
  t.equal(status, 200);
  t.equal(body.intervalSeconds, 300);
  t.equal(body.from, T0);
  t.same(body.buckets, [
    { startMs: T0, line: 'l-main', forward: 2, backward: 1, byLabel: { car: { forward: 2, backward: 0 }, truck: { forward: 0, backward: 1 } } },
    { startMs: T0 + 300_000, line: 'l-main', forward: 0, backward: 1, byLabel: { car: { forward: 0, backward: 1 } } },
    { startMs: T0 + 300_000, line: 'l-side', forward: 1, backward: 0, byLabel: { bus: { forward: 1, backward: 0 } } },
  ], 'the object seen at 14:00 crossed at 15:05, after the range: not counted');
  t.same(body.congestion.map((c: { atMs: number; level: string }) => [c.atMs - T0, c.level]), [[180_000, 'heavy'], [540_000, 'free']], 'only this camera, in time order');
});

t.test('line filter, interval forms and ISO times', async (t) => {
  const { body } = await get(`?camera=cam-gate&line=l-side&from=2026-03-01T08:00:00Z&to=2026-03-01T09:00:00Z&interval=3600`);
  t.same(body.buckets.map((b: { line: string; forward: number }) => [b.line, b.forward]), [['l-side', 1]]);
  t.equal(body.intervalSeconds, 3600);
  for (const [interval, seconds] of [['60', 60], ['90s', 90], ['1h', 3600], ['1d', 86400]] as const) {
    const r = await get(`?camera=cam-gate&from=${T0}&to=${T0 + 86_400_000}&interval=${interval}`);
    t.equal(r.body.intervalSeconds, seconds, interval);
  }
  const defaults = await get('?camera=cam-gate');
  t.equal(defaults.status, 200);
  t.equal(defaults.body.to - defaults.body.from, 86_400_000, 'a day up to now by default');
  t.equal(defaults.body.intervalSeconds, 3600);
});

t.test('bad input: 400, and an unknown camera 404', async (t) => {
  for (const q of ['', '?camera=', '?camera=cam-gate&interval=30s', '?camera=cam-gate&interval=2d', '?camera=cam-gate&interval=5 minutes',
    `?camera=cam-gate&from=${T0}&to=${T0}`, `?camera=cam-gate&from=${T0 + 1}&to=${T0}`, `?camera=cam-gate&from=0&to=${T0}&interval=60`,
    '?camera=cam-gate&from=noon']) {
    const { status, body } = await get(q);
    t.equal(status, 400, q);
    t.equal(body.error?.code, 'E_API_BAD_REQUEST', `${q}: ${body.error?.message}`);
  }
  const { status, body } = await get('?camera=cam-nowhere');
  t.equal(status, 404);
  t.equal(body.error.code, 'E_CAMERA_NOT_FOUND');
});
