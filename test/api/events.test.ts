// GET /api/events, /api/events/:id and the event images over the ports test harness: results
// compared with the fixtures' in-memory oracle (bruteList), every filter, cursor paging to the end,
// and bad input of each kind answered with the one error shape.
import t from 'tap';
import sharp from 'sharp';
import { SharpeyeError, type ObjectEvent } from '../../core/index.js';
import { bruteList } from '../conformance/event-store-fixtures.js';
import { apiTestApp, errorOf } from '../helpers/api-app.js';

type Page = { events: ObjectEvent[]; nextCursor: string | null };

t.test('events: filters, order and paging match the oracle', async (t) => {
  const h = await apiTestApp(t);
  const get = async (url: string): Promise<Page> => {
    const r = await h.app.inject({ url });
    t.equal(r.statusCode, 200, `${url} answers 200`);
    return r.json() as Page;
  };
  const all = h.dataset.records;

  const first = await get('/api/events');
  t.same(first.events.map((e) => e.id), h.newestFirst.slice(0, 50).map((e) => e.id), 'default: 50 newest first');
  t.same(first.events[0], h.newestFirst[0], 'events come back whole');

  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: Page = await get(`/api/events?order=asc&limit=17&label=car,bus${cursor ? `&cursor=${cursor}` : ''}`);
    ids.push(...page.events.map((e) => e.id));
    cursor = page.nextCursor;
    pages++;
  } while (cursor !== null && pages < 50);
  t.same(ids, bruteList(all, { labels: ['car', 'bus'] }, 'asc'), 'cursor paging walks every match once, in order');

  const repeated = await get('/api/events?camera=cam-gate&camera=cam-north&limit=1000');
  t.same(repeated.events.map((e) => e.id), bruteList(all, { cameras: ['cam-gate', 'cam-north'] }, 'desc'), 'repeated parameters are OR');

  const from = Date.parse('2026-01-03T00:00:00Z');
  const to = Date.parse('2026-01-05T12:00:00Z');
  const timed = await get(`/api/events?from=2026-01-03T00:00:00Z&to=${to}&limit=1000`);
  t.same(timed.events.map((e) => e.id), bruteList(all, { from, to }, 'desc'), 'from as ISO 8601, to as epoch ms');
  const offset = await get('/api/events?from=2026-01-03T01:00:00%2B01:00&to=2026-01-05T12:00:00Z&limit=1000');
  t.same(offset.events.map((e) => e.id), timed.events.map((e) => e.id), 'an ISO time with an offset is the same instant');

  const mixed = await get('/api/events?color=red&zone=z-north,z-south&minDurationSeconds=5&limit=1000');
  t.same(mixed.events.map((e) => e.id), bruteList(all, { colors: ['red'], zones: ['z-north', 'z-south'], minDurationSeconds: 5 }, 'desc'), 'filters combine with AND');
  const ruled = await get('/api/events?rule=r-speed&limit=1000');
  t.same(ruled.events.map((e) => e.id), bruteList(all, { rules: ['r-speed'] }, 'desc'));
  t.ok(ruled.events.length > 0, 'the rule filter has matches to compare');
});

t.test('events: the speed bound pages like the others', async (t) => {
  const h = await apiTestApp(t);
  const want = h.newestFirst.filter((e) => e.speedPxPerSecond >= 150).map((e) => e.id);
  t.ok(want.length > 10 && want.length < h.newestFirst.length, `${want.length} events are fast enough`);
  const got: string[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 100; i++) {
    const r = await h.app.inject({ url: `/api/events?minSpeedPxPerSecond=150&limit=7${cursor ? `&cursor=${cursor}` : ''}` });
    const page = r.json() as Page;
    t.ok(page.events.length <= 7, 'never more than limit');
    got.push(...page.events.map((e) => e.id));
    cursor = page.nextCursor;
    if (cursor === null) break;
  }
  t.same(got, want, 'every fast event once, newest first');
  const ground = await h.app.inject({ url: '/api/events?minSpeedMetresPerSecond=0&limit=1000' });
  const grounded = h.newestFirst.filter((e) => e.speedMetresPerSecond !== undefined).map((e) => e.id);
  t.ok(grounded.length < h.newestFirst.length, 'some fixture events have no ground speed');
  t.same((ground.json() as Page).events.map((e) => e.id), grounded.slice(0, 1000), 'events without a ground speed never meet a ground-speed bound');
});

t.test('events: plate and attribute filters match the oracle, with cursors', async (t) => {
  const h = await apiTestApp(t, { events: 600 });
  const all = h.dataset.records;
  const ids = async (query: string): Promise<string[]> => {
    const r = await h.app.inject({ url: `/api/events?limit=1000&${query}` });
    t.equal(r.statusCode, 200, `${query}: 200`);
    return (r.json() as Page).events.map((e) => e.id);
  };
  const cases: Array<[string, Parameters<typeof bruteList>[1]]> = [
    [`plate=${encodeURIComponent('皖K*')}`, { plate: '皖K*' }],
    [`plate=${encodeURIComponent('皖K66666')}&plateTolerant=true`, { plate: '皖K66666', plateTolerant: true }],
    [`plate=${encodeURIComponent('?786 poj')}`, { plate: '?786 poj' }],
    ['vehicleType=heavy_goods,bus', { vehicleTypes: ['heavy_goods', 'bus'] }],
    ['upperColor=red&upperColor=blue&lowerColor=black', { upperColors: ['red', 'blue'], lowerColors: ['black'] }],
    ['carrying=backpack', { carrying: ['backpack'] }],
    ['riding=bicycle,motorcycle&camera=cam-gate,cam-north', { riding: ['bicycle', 'motorcycle'], cameras: ['cam-gate', 'cam-north'] }],
  ];
  for (const [query, filter] of cases) {
    const want = bruteList(all, filter, 'desc');
    t.ok(want.length > 0, `${query}: ${want.length} matches to compare`);
    t.same(await ids(query), want, query);
  }
  t.same(await ids(`plate=${encodeURIComponent('皖K66666')}`), bruteList(all, { plate: '皖K66666' }, 'desc'), 'exact');
  t.ok((await ids(`plate=${encodeURIComponent('皖K66666')}&plateTolerant=true`)).length > (await ids(`plate=${encodeURIComponent('皖K66666')}`)).length, 'tolerant finds the misread plates too');
  const paged: string[] = [];
  let cursor: string | null = null;
  do {
    const page: Page = (await h.app.inject({ url: `/api/events?limit=3&order=asc&plate=${encodeURIComponent('皖*')}${cursor ? `&cursor=${cursor}` : ''}` })).json() as Page;
    paged.push(...page.events.map((e) => e.id));
    cursor = page.nextCursor;
  } while (cursor !== null);
  t.same(paged, bruteList(all, { plate: '皖*' }, 'asc'), 'cursor paging with a plate pattern');
  const plated = h.newestFirst.find((e) => e.plate && e.vehicleType)!;
  t.same((await h.app.inject({ url: `/api/events/${plated.id}` })).json(), plated, 'the event JSON carries plate and vehicle type');
  const person = h.newestFirst.find((e) => e.person)!;
  t.same((await h.app.inject({ url: `/api/events/${person.id}` })).json(), person, 'and person attributes');
});

t.test('events: bad input is a 400 naming the field', async (t) => {
  const h = await apiTestApp(t);
  const cases: Array<[string, string, RegExp]> = [
    ['/api/events?limit=0', 'E_API_BAD_REQUEST', /'limit'/],
    ['/api/events?limit=1001', 'E_API_BAD_REQUEST', /'limit'/],
    ['/api/events?limit=ten', 'E_API_BAD_REQUEST', /'limit'/],
    ['/api/events?order=sideways', 'E_API_BAD_REQUEST', /'order'/],
    ['/api/events?lable=car', 'E_API_BAD_REQUEST', /'lable' is not allowed/],
    ['/api/events?from=yesterday', 'E_API_BAD_REQUEST', /'from'/],
    ['/api/events?to=2026-01-03T00:00:00', 'E_API_BAD_REQUEST', /'to'.*time zone/],
    ['/api/events?from=2026-01-05&to=2026-01-03', 'E_API_BAD_REQUEST', /'from' is after 'to'/],
    ['/api/events?minDurationSeconds=-1', 'E_API_BAD_REQUEST', /'minDurationSeconds'/],
    ['/api/events?cursor=not-a-cursor', 'E_STORE_QUERY_INVALID', /cursor/],
    [`/api/events?plate=${encodeURIComponent('皖K%')}`, 'E_STORE_PLATE_PATTERN', /plate pattern "皖K%" holds "%"/],
    ['/api/events?plate=*', 'E_STORE_PLATE_PATTERN', /matches every plate/],
    [`/api/events?plate=${'A'.repeat(33)}`, 'E_STORE_PLATE_PATTERN', /33 symbols, more than 32/],
    [`/api/events?plate=${'A'.repeat(65)}`, 'E_API_BAD_REQUEST', /'plate'/],
    ['/api/events?plate=', 'E_API_BAD_REQUEST', /'plate'/],
    ['/api/events?plateTolerant=true', 'E_API_BAD_REQUEST', /'plateTolerant' needs 'plate'/],
    ['/api/events?plate=A1&plateTolerant=maybe', 'E_API_BAD_REQUEST', /'plateTolerant'/],
    [`/api/events?vehicleType=${'x'.repeat(300)}`, 'E_API_BAD_REQUEST', /'vehicleType' has a value longer than 256/],
    ['/api/events?vehicleType=lorry', 'E_STORE_QUERY_INVALID', /"lorry" is not one of car, suv_van/],
    ['/api/events?carrying=umbrella', 'E_STORE_QUERY_INVALID', /"umbrella" is not one of handbag/],
  ];
  for (const [url, code, message] of cases) {
    const r = await h.app.inject({ url });
    t.equal(r.statusCode, 400, `${url}: 400`);
    const error = errorOf(r.body);
    t.equal(error.code, code, `${url}: ${code}`);
    t.match(error.message, message, `${url}: ${error.message}`);
  }
  const page = (await h.app.inject({ url: '/api/events?limit=5' })).json() as Page;
  const swapped = await h.app.inject({ url: `/api/events?order=asc&cursor=${page.nextCursor}` });
  t.equal(errorOf(swapped.body).code, 'E_STORE_QUERY_INVALID', 'a cursor read in the other order is refused');
});

t.test('one event and its images', async (t) => {
  const h = await apiTestApp(t);
  const [noThumb, both] = h.withSnapshot;
  const one = await h.app.inject({ url: `/api/events/${both}` });
  t.equal(one.statusCode, 200);
  t.same(one.json(), h.newestFirst.find((e) => e.id === both));

  const snap = await h.app.inject({ url: `/api/events/${both}/snapshot.jpg` });
  t.equal(snap.statusCode, 200);
  t.equal(snap.headers['content-type'], 'image/jpeg');
  t.same(await sharp(snap.rawPayload).metadata().then((m) => [m.format, m.width, m.height]), ['jpeg', 64, 48], 'a decodable JPEG');
  const thumb = await h.app.inject({ url: `/api/events/${both}/thumbnail.jpg` });
  t.same(await sharp(thumb.rawPayload).metadata().then((m) => [m.format, m.width]), ['jpeg', 160]);

  const missing = await h.app.inject({ url: `/api/events/${noThumb}/thumbnail.jpg` });
  t.equal(missing.statusCode, 404);
  t.equal(errorOf(missing.body).code, 'E_IMAGE_NOT_FOUND', 'a stored event without that image');
  const none = await h.app.inject({ url: `/api/events/${h.newestFirst[10].id}/snapshot.jpg` });
  t.equal(errorOf(none.body).code, 'E_IMAGE_NOT_FOUND');

  for (const url of ['/api/events/ffff00000000dead', '/api/events/ffff00000000dead/snapshot.jpg', '/api/events/ffff00000000dead/thumbnail.jpg']) {
    const r = await h.app.inject({ url });
    t.equal(r.statusCode, 404, url);
    t.equal(errorOf(r.body).code, 'E_EVENT_NOT_FOUND', `${url}: unknown id`);
  }
  const bad = await h.app.inject({ url: '/api/events/..%2Fetc/snapshot.jpg' });
  t.equal(bad.statusCode, 400);
  t.match(errorOf(bad.body), { code: 'E_API_BAD_REQUEST', message: /path parameter 'id'/ });
});

t.test('a server fault is not quoted, a node state is', async (t) => {
  const h = await apiTestApp(t);
  Object.assign(h.ports.events, { get: () => Promise.reject(new SharpeyeError('E_STORE_IO', 'cannot read snapshot /srv/secret/layout/x.jpg: EACCES')) });
  const r = await h.app.inject({ url: '/api/events/abc' });
  t.equal(r.statusCode, 503);
  const error = errorOf(r.body);
  t.equal(error.code, 'E_STORE_IO');
  t.notMatch(error.message, /\/srv|EACCES/, 'no path or system detail');
  t.match(error.message, /request req-/, 'the request id instead');
});

t.test('without a store the event routes say so', async (t) => {
  const h = await apiTestApp(t);
  const noStore = () => Promise.reject(new SharpeyeError('E_STORE_NOT_CONFIGURED', 'this node runs without an event store'));
  Object.assign(h.ports.events, { query: noStore, get: noStore });
  for (const url of ['/api/events', '/api/events/abc']) {
    const r = await h.app.inject({ url });
    t.equal(r.statusCode, 501, url);
    t.same(errorOf(r.body), { code: 'E_STORE_NOT_CONFIGURED', message: 'this node runs without an event store' });
  }
});
