// GET /api/alerts: pages newest first through the whole log with the cursor, each filter, and bad
// input (limit, cursor, type, times) answered 400 with the error shape.
import t from 'tap';
import { openLivePorts } from '../helpers/api-live-ports.js';
import { makeAlertEvent } from '../helpers/api-alerts.js';
import { startLiveApp } from '../helpers/api-live-app.js';

const lp = await openLivePorts({ events: 20 });
t.teardown(() => lp.close());
const live = await startLiveApp(lp.ports);
t.teardown(() => live.close());
const T0 = 1767225600000;
const published = [
  ...Array.from({ length: 7 }, (_, i) => lp.alerts.publish(makeAlertEvent({ camera: 'cam-north', wallMs: T0 + i * 60_000 }))),
  ...Array.from({ length: 5 }, (_, i) => lp.alerts.publish(makeAlertEvent({ camera: 'cam-south', type: 'loitering', ruleId: 'r-loiter', wallMs: T0 + (10 + i) * 60_000 }))),
];

const get = async (query: string) => {
  const res = await fetch(`${live.url}/api/alerts${query}`);
  return { status: res.status, body: await res.json() };
};

t.test('pages newest first through every alert with nextCursor', async (t) => {
  const seen: number[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const { status, body } = await get(`?limit=5${cursor ? `&cursor=${cursor}` : ''}`);
    t.equal(status, 200);
    t.ok(body.alerts.length <= 5);
    seen.push(...body.alerts.map((a: { seq: number }) => a.seq));
    cursor = body.nextCursor;
    pages++;
  } while (cursor !== null && pages < 10);
  t.same(seen, published.map((r) => r.seq).reverse(), 'every alert once, newest first');
  t.equal(pages, 3);
  const { body } = await get('?limit=1');
  t.same(body.alerts[0].event, published.at(-1)!.event, 'the AlertEvent as logged');
});

t.test('filters: camera, rule, type, time range', async (t) => {
  const seqs = async (q: string) => (await get(q)).body.alerts.map((a: { seq: number }) => a.seq);
  const north = published.slice(0, 7).map((r) => r.seq).reverse();
  const south = published.slice(7).map((r) => r.seq).reverse();
  t.same(await seqs('?camera=cam-north'), north);
  t.same(await seqs('?camera=cam-north&camera=cam-south&limit=100'), [...south, ...north]);
  t.same(await seqs('?camera=cam-north,cam-south&limit=100'), [...south, ...north], 'comma-separated list');
  t.same(await seqs('?rule=r-loiter'), south);
  t.same(await seqs('?type=loitering'), south);
  t.same(await seqs(`?from=${T0 + 2 * 60_000}&to=2026-01-01T00:05:00Z`), published.slice(2, 6).map((r) => r.seq).reverse(), 'epoch ms and ISO 8601');
  t.same(await seqs('?camera=cam-nowhere'), []);
});

t.test('bad input answers 400 E_API_BAD_REQUEST', async (t) => {
  for (const q of ['?limit=0', '?limit=1001', '?limit=ten', '?cursor=abc', '?cursor=-5', '?type=speeding', '?from=yesterday', '?from=2026-01-01T00:00:00', `?from=${T0 + 1}&to=${T0}`]) {
    const { status, body } = await get(q);
    t.equal(status, 400, q);
    t.equal(body.error?.code, 'E_API_BAD_REQUEST', `${q}: ${body.error?.message}`);
    t.type(body.error?.message, 'string');
  }
});
