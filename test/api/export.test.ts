// GET /api/export/events (CSV and JSON, streamed, the filters of /api/events, a row cap) and
// GET /api/health (200 while ok or degraded, 503 when down) over the ports test harness.
import t from 'tap';
import { Ajv } from 'ajv';
import { SharpeyeError, type ObjectEvent } from '../../core/index.js';
import { Gat1400DocumentSchema, type Gat1400Document } from '../../indexer/index.js';
import { CSV_COLUMNS, csvRow } from '../../api/event-csv.js';
import { bruteList } from '../conformance/event-store-fixtures.js';
import { apiTestApp, errorOf } from '../helpers/api-app.js';

/** RFC 4180 fields of one CSV text (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; } else field += c;
  }
  return rows;
}

t.test('export: CSV and JSON hold every matching event in order', async (t) => {
  const h = await apiTestApp(t, { events: 300 });
  const want = bruteList(h.dataset.records, { labels: ['car', 'person'] }, 'asc');
  t.ok(want.length > 60, `${want.length} events to export`);

  const csv = await h.app.inject({ url: '/api/export/events?label=car,person' });
  t.equal(csv.statusCode, 200);
  t.equal(csv.headers['content-type'], 'text/csv; charset=utf-8', 'CSV by default');
  t.match(csv.headers['content-disposition'], /^attachment; filename="sharpeye-events-.*\.csv"$/);
  t.equal(csv.headers['x-sharpeye-row-cap'], '100000');
  const rows = parseCsv(csv.body);
  t.same(rows[0], [...CSV_COLUMNS], 'a header row');
  t.same(rows.slice(1).map((r) => r[0]), want, 'one row per event, oldest first');
  const byId = new Map(h.dataset.records.map((r) => [r.event.id, r.event]));
  const sample = byId.get(want[3])!;
  const cells = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, rows[4][i]]));
  t.match(cells, { camera: sample.camera, label: sample.label, firstSeenMs: String(sample.firstSeen.wallMs), firstSeen: new Date(sample.firstSeen.wallMs).toISOString(), zones: sample.zones.join(';') });

  const json = await h.app.inject({ url: '/api/export/events?format=json&label=car,person&order=desc' });
  t.equal(json.headers['content-type'], 'application/json; charset=utf-8');
  const parsed = json.json() as { events: ObjectEvent[]; truncated: boolean };
  t.same(parsed.events.map((e) => e.id), [...want].reverse(), 'JSON in the asked order');
  t.same(parsed.events[0], byId.get(parsed.events[0].id), 'whole events');
  t.equal(parsed.truncated, false);

  const capped = (await h.app.inject({ url: '/api/export/events?format=json&label=car,person&limit=10' })).json() as { events: ObjectEvent[]; truncated: boolean };
  t.same(capped.events.map((e) => e.id), want.slice(0, 10), 'limit caps the rows');
  t.equal(capped.truncated, true, 'and says so');
  const exact = (await h.app.inject({ url: `/api/export/events?format=json&label=car,person&limit=${want.length}` })).json() as { truncated: boolean };
  t.equal(exact.truncated, false, 'a cap equal to the matches cuts nothing');

  const fast = (await h.app.inject({ url: '/api/export/events?format=json&minSpeedPxPerSecond=150' })).json() as { events: ObjectEvent[] };
  t.same(fast.events.map((e) => e.id), bruteList(h.dataset.records, {}, 'asc').filter((id) => byId.get(id)!.speedPxPerSecond >= 150), 'the speed bound applies');
  const plated = await h.app.inject({ url: `/api/export/events?plate=${encodeURIComponent('皖*')}&plateTolerant=false&vehicleType=car,suv_van,light_goods,heavy_goods,bus` });
  const plateRows = parseCsv(plated.body).slice(1);
  const plateWant = bruteList(h.dataset.records, { plate: '皖*', vehicleTypes: ['car', 'suv_van', 'light_goods', 'heavy_goods', 'bus'] }, 'asc');
  t.ok(plateWant.length > 0, `${plateWant.length} plated events to export`);
  t.same(plateRows.map((r) => r[0]), plateWant, 'plate and vehicle type filters apply to the export');
  const col = (row: string[], name: (typeof CSV_COLUMNS)[number]) => row[CSV_COLUMNS.indexOf(name)];
  const first = byId.get(plateRows[0][0])!;
  t.same([col(plateRows[0], 'plate'), col(plateRows[0], 'plateColour'), col(plateRows[0], 'plateConfidence'), col(plateRows[0], 'vehicleType')],
    [first.plate!.text, first.plate!.colour, String(first.plate!.confidence), first.vehicleType], 'plate text, colour, confidence and vehicle type columns');
  const people = parseCsv((await h.app.inject({ url: '/api/export/events?carrying=backpack&upperColor=red,white,black,blue,grey,green' })).body).slice(1);
  t.ok(people.length > 0, 'people to export');
  const walker = byId.get(people[0][0])!;
  t.same([col(people[0], 'upperColor'), col(people[0], 'lowerColor'), col(people[0], 'carrying'), col(people[0], 'riding'), col(people[0], 'plate')],
    [walker.person!.upperColor ?? '', walker.person!.lowerColor ?? '', walker.person!.carrying.join(';'), walker.person!.riding ?? '', ''], 'person columns; no plate');
  const badPlate = await h.app.inject({ url: '/api/export/events?plate=%25' });
  t.equal(badPlate.statusCode, 400);
  t.equal(errorOf(badPlate.body).code, 'E_STORE_PLATE_PATTERN');
  const empty = await h.app.inject({ url: '/api/export/events?camera=cam-nowhere' });
  t.equal(empty.body, `${CSV_COLUMNS.join(',')}\r\n`, 'no match: the header alone');
  t.same((await h.app.inject({ url: '/api/export/events?format=json&camera=cam-nowhere' })).json(), { events: [], truncated: false });
});

t.test('export: gat1400 holds GA/T 1400 objects that validate, DeviceIDs from the cameras', async (t) => {
  const h = await apiTestApp(t, { events: 300 });
  const validate = new Ajv({ allErrors: true, strict: true }).compile(Gat1400DocumentSchema);
  const device = '33010299011190000253';
  const added = await h.app.inject({ method: 'POST', url: '/api/cameras', headers: { 'content-type': 'application/json' }, payload: { id: 'cam-gate', url: 'rtsp://10.0.0.5/live', gat1400DeviceId: device } });
  t.equal(added.statusCode, 201, added.body);
  const lorry: ObjectEvent = {
    ...h.dataset.records[0].event, id: 'gat-lorry', camera: 'cam-gate', trackId: 9, label: 'truck', color: 'yellow', snapshot: 'gat-lorry.jpg', thumbnail: 'gat-lorry.thumb.jpg',
    vehicleType: 'heavy_goods', plate: { text: '皖K66666', confidence: 0.9, colour: 'yellow', layers: 2, kind: 'mainland', candidates: [{ text: '皖K66666', confidence: 0.9, votes: 3 }] },
  };
  await h.store.upsert([{ event: lorry }]);
  await h.store.flush();
  const events = [...h.dataset.records.map((r) => r.event), lorry];

  const r = await h.app.inject({ url: '/api/export/events?format=gat1400&label=car,truck,bus,motorcycle,bicycle,person,dog', headers: { host: 'node.example:8480' } });
  t.equal(r.statusCode, 200, r.body.slice(0, 300));
  t.equal(r.headers['content-type'], 'application/json; charset=utf-8');
  t.match(r.headers['content-disposition'], /^attachment; filename="sharpeye-gat1400-.*\.json"$/);
  const doc = r.json() as Gat1400Document;
  t.ok(validate(doc), JSON.stringify(validate.errors?.slice(0, 3)));
  const count = (labels: string[]) => events.filter((e) => labels.includes(e.label)).length;
  t.equal(doc.MotorVehicleListObject.MotorVehicleObject.length, count(['car', 'truck', 'bus', 'motorcycle']));
  t.equal(doc.NonMotorVehicleListObject.NonMotorVehicleObject.length, count(['bicycle']));
  t.equal(doc.PersonListObject.PersonObject.length, count(['person']));
  const gate = doc.MotorVehicleListObject.MotorVehicleObject.filter((m) => m.DeviceID === device);
  t.equal(gate.length, events.filter((e) => e.camera === 'cam-gate' && ['car', 'truck', 'bus', 'motorcycle'].includes(e.label)).length, "a configured camera's objects carry its DeviceID");
  const exported = gate.find((m) => m.PlateNo === '皖K66666');
  t.match(exported, { VehicleClass: 'H11', PlateClass: '01', PlateColor: '6', VehicleColor: '6', StorageUrl1: 'http://node.example:8480/api/events/gat-lorry/snapshot.jpg', StorageUrl3: 'http://node.example:8480/api/events/gat-lorry/thumbnail.jpg' }, 'pictures are URLs of this API');

  const capped = (await h.app.inject({ url: '/api/export/events?format=gat1400&limit=10' })).json() as Gat1400Document;
  t.equal(capped.MotorVehicleListObject.MotorVehicleObject.length + capped.NonMotorVehicleListObject.NonMotorVehicleObject.length + capped.PersonListObject.PersonObject.length, 10, 'limit caps the objects of all kinds together');
  const utc = (await h.app.inject({ url: '/api/export/events?format=gat1400&label=person&timeZone=UTC' })).json() as Gat1400Document;
  const shanghai = (await h.app.inject({ url: '/api/export/events?format=gat1400&label=person' })).json() as Gat1400Document;
  const hours = (d: Gat1400Document) => Number(d.PersonListObject.PersonObject[0].PersonAppearTime.slice(8, 10));
  t.equal((hours(utc) + 8) % 24, hours(shanghai), 'times in the asked zone, Asia/Shanghai by default');
  const zone = await h.app.inject({ url: '/api/export/events?format=gat1400&timeZone=Mars/Olympus' });
  t.equal(zone.statusCode, 400);
  t.match(errorOf(zone.body), { code: 'E_CONFIG_INVALID', message: /unknown time zone/ });
  const badCamera = await h.app.inject({ method: 'POST', url: '/api/cameras', headers: { 'content-type': 'application/json' }, payload: { id: 'cam-x', url: 'rtsp://10.0.0.6/live', gat1400DeviceId: '1234' } });
  t.equal(badCamera.statusCode, 400, 'a DeviceID that is not 20 digits is refused');
});

t.test('export: CSV cells are quoted and cannot run as formulas', async (t) => {
  const base = { id: 'e1', camera: 'cam', trackId: 1, label: '=HYPERLINK("http://x")', score: 0.5, firstSeen: { ptsMs: 0, wallMs: 0 }, lastSeen: { ptsMs: 0, wallMs: 0 }, durationSeconds: 0, frames: 1, box: [1, 2, 3, 4], size: { width: 1, height: 1, areaFraction: 0 }, color: null, colorFraction: 0, speedPxPerSecond: -1, headingDegrees: null, trajectory: [], zones: ['a,b', 'c'], lines: [], rules: [], final: true, version: 1 } as unknown as ObjectEvent;
  const [cells] = parseCsv(csvRow(base));
  t.equal(cells[3], `'=HYPERLINK("http://x")`, 'a formula is defused and its quotes survive');
  t.equal(cells[17], 'a,b;c', 'a comma inside a value is quoted');
  t.equal(cells[13], '-1', 'numbers are left alone');
  t.equal(cells[11], '', 'null is empty');
});

t.test('export: bad input and a missing store are proper errors', async (t) => {
  const h = await apiTestApp(t);
  for (const [url, message] of [['/api/export/events?format=xml', /'format'/], ['/api/export/events?limit=100001', /'limit'/], ['/api/export/events?cursor=x', /'cursor' is not allowed/], ['/api/export/events?from=soon', /'from'/]] as const) {
    const r = await h.app.inject({ url });
    t.equal(r.statusCode, 400, url);
    t.match(errorOf(r.body), { code: 'E_API_BAD_REQUEST', message }, url);
  }
  Object.assign(h.ports.events, { query: () => Promise.reject(new SharpeyeError('E_STORE_NOT_CONFIGURED', 'no store')) });
  const r = await h.app.inject({ url: '/api/export/events' });
  t.equal(r.statusCode, 501, 'the first page is read before the answer starts');
  t.equal(errorOf(r.body).code, 'E_STORE_NOT_CONFIGURED');
});

t.test('health: 200 while ok or degraded, 503 when down, per dependency', async (t) => {
  const h = await apiTestApp(t);
  await h.app.inject({ method: 'POST', url: '/api/cameras', headers: { 'content-type': 'application/json' }, payload: { id: 'gate-1', url: 'rtsp://10.0.0.5/live' } });
  const ok = await h.app.inject({ url: '/api/health' });
  t.equal(ok.statusCode, 200);
  t.match(ok.json(), { state: 'ok', store: { kind: 'sqlite', state: 'ok', pending: 0, dropped: 0, lastError: null }, detector: { state: 'ok' }, cameras: [{ id: 'gate-1', state: 'running', ready: true }] });
  h.setHealthState('degraded');
  t.equal((await h.app.inject({ url: '/api/health' })).statusCode, 200, 'degraded still serves');
  h.setHealthState('down');
  const down = await h.app.inject({ url: '/api/health' });
  t.equal(down.statusCode, 503);
  t.match(down.json(), { state: 'down', cameras: [{ id: 'gate-1' }] }, 'the same body, so the failing part can be read');
  const internal = Object.assign(h.ports.stats, { health: () => { throw new Error('secret path /var/lib/x'); } });
  void internal;
  const fault = await h.app.inject({ url: '/api/health' });
  t.equal(fault.statusCode, 500);
  const error = errorOf(fault.body);
  t.equal(error.code, 'E_INTERNAL');
  t.notMatch(error.message, /secret|\/var/, 'an internal error is not quoted');
  t.match(error.message, /request req-/, 'but the request id leads to the log line');
});
