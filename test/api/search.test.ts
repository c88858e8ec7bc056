// POST /api/search/similar: by a stored event (JSON) and by an uploaded picture (multipart, a real
// fixture JPEG through the real image reader and embedder), with filters and k; bad input, an
// oversized upload (413) and a file that is not an image (400 E_IMAGE_DECODE from the node).
import t from 'tap';
import { readFile } from 'node:fs/promises';
import { openLivePorts } from '../helpers/api-live-ports.js';
import { startLiveApp } from '../helpers/api-live-app.js';
import { image } from '../helpers/fixtures.js';
import { bruteSimilar, makeEvent, prng } from '../conformance/event-store-fixtures.js';

const lp = await openLivePorts({ events: 300 });
t.teardown(() => lp.close());
const live = await startLiveApp(lp.ports);
t.teardown(() => live.close());
const busJpeg = await readFile(image('bus.jpg'));
// The picture's own event: searching with the picture must find it first.
const pictured = makeEvent(prng(99), 50_000, { id: 'pictured-bus', camera: 'cam-plaza', label: 'bus' });
await lp.store.upsert([{ event: pictured, embedding: await lp.embedPicture(busJpeg) }]);
await lp.store.flush();

interface Hit { event: { id: string; camera: string; label: string }; score: number }
const post = async (body: BodyInit, headers: Record<string, string> = {}, url = live.url) => {
  const res = await fetch(`${url}/api/search/similar`, { method: 'POST', body, headers });
  return { status: res.status, body: await res.json() as { hits: Hit[]; error?: { code: string; message: string } } };
};
const json = (body: unknown) => post(JSON.stringify(body), { 'content-type': 'application/json' });
const form = (fields: Record<string, string | string[]>, file?: { name?: string; bytes: Uint8Array; filename?: string; type?: string }) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) f.append(k, x);
  if (file) f.append(file.name ?? 'image', new Blob([new Uint8Array(file.bytes)], { type: file.type ?? 'image/jpeg' }), file.filename ?? 'query.jpg');
  return f;
};
const sortedByScore = (hits: Hit[]) => hits.every((h, i) => i === 0 || hits[i - 1].score >= h.score);

const withEmbedding = lp.dataset.records.filter((r) => r.embedding);
const withoutEmbedding = lp.dataset.records.find((r) => !r.embedding)!;

t.test('by a stored event: itself first with score 1, then the nearest, k and filters', async (t) => {
  const query = withEmbedding[10].event;
  const { status, body } = await json({ eventId: query.id, k: 7 });
  t.equal(status, 200);
  t.equal(body.hits.length, 7);
  t.equal(body.hits[0].event.id, query.id);
  t.equal(body.hits[0].score, 1);
  t.ok(sortedByScore(body.hits), 'best first');
  t.same(Object.keys(body.hits[1].event).sort(), Object.keys(withEmbedding[11].event).sort(), 'the whole ObjectEvent');
  const planted = lp.dataset.planted[0];
  const anchor = planted.neighbours[0].id;
  const near = await json({ eventId: anchor, k: 5 });
  t.same(near.body.hits.slice(1, 3).map((h) => h.event.id), planted.neighbours.slice(1, 3).map((n) => n.id), 'planted neighbours in order');
  const filtered = await json({ eventId: query.id, k: 20, camera: ['cam-north'], label: ['car', 'bus'], from: '2026-01-02T00:00:00Z' });
  t.equal(filtered.status, 200);
  t.ok(filtered.body.hits.slice(1).every((h) => h.event.camera === 'cam-north' && ['car', 'bus'].includes(h.event.label)), 'filters hold');
});

t.test('by a stored event: the speed filters of GET /api/events apply to the hits', async (t) => {
  const query = withEmbedding[10].event;
  const all = await json({ eventId: query.id, k: 50 });
  const speeds = all.body.hits.map((h) => (h.event as unknown as { speedPxPerSecond: number }).speedPxPerSecond).sort((a, b) => a - b);
  const bound = speeds[Math.floor(speeds.length / 2)];
  const fast = await json({ eventId: query.id, k: 50, minSpeedPxPerSecond: bound, label: 'car,bus,person,truck,bicycle,motorcycle' });
  t.equal(fast.status, 200);
  const fastIds = fast.body.hits.map((h) => h.event.id);
  t.equal(fastIds[0], query.id, 'the query event itself first, as always');
  t.ok(fast.body.hits.slice(1).every((h) => (h.event as unknown as { speedPxPerSecond: number }).speedPxPerSecond >= bound), `every other hit at least ${bound} px/s`);
  t.ok(fast.body.hits.slice(1).some((h) => !all.body.hits.some((a) => a.event.id === h.event.id)), 'the store filtered before ranking: hits beyond the unfiltered top k came in');
  t.equal(fastIds.length, 50, 'k hits: the store filters on speed, nothing is removed afterwards');
  const bad = await json({ eventId: query.id, minSpeedMetresPerSecond: -1 });
  t.equal(bad.status, 400);
});

t.test('by a stored event and by a picture: plate and attribute filters as body and form fields', async (t) => {
  const query = withEmbedding[10];
  const cases: Array<[Record<string, unknown>, Parameters<typeof bruteSimilar>[3]]> = [
    [{ plate: '皖*' }, { plate: '皖*' }],
    [{ plate: '京EA5331', plateTolerant: true }, { plate: '京EA5331', plateTolerant: true }],
    [{ vehicleType: ['heavy_goods', 'bus'] }, { vehicleTypes: ['heavy_goods', 'bus'] }],
    [{ upperColor: 'red,white', carrying: ['backpack'] }, { upperColors: ['red', 'white'], carrying: ['backpack'] }],
    [{ riding: ['bicycle'], lowerColor: ['black', 'blue'] }, { riding: ['bicycle'], lowerColors: ['black', 'blue'] }],
  ];
  for (const [fields, filter] of cases) {
    // The query event comes first whatever the filter, then the k - 1 nearest matches.
    const want = bruteSimilar(lp.dataset.records, query.embedding!, 19, filter, query.event.id).map((h) => h.id);
    t.ok(want.length > 0, `${JSON.stringify(fields)}: ${want.length} to find`);
    const r = await json({ eventId: query.event.id, k: 20, ...fields });
    t.equal(r.status, 200, JSON.stringify(r.body.error));
    t.same(r.body.hits.map((h) => h.event.id).filter((id) => id !== query.event.id), want, `${JSON.stringify(fields)}: exactly the filtered nearest`);
  }
  const byPicture = await post(form({ k: '10', vehicleType: ['heavy_goods', 'bus'], plate: '*8*' }, { bytes: busJpeg }));
  t.equal(byPicture.status, 200, JSON.stringify(byPicture.body.error));
  const wantIds = new Set(lp.dataset.records.filter((r) => r.embedding && ['heavy_goods', 'bus'].includes(r.event.vehicleType ?? '') && r.event.plate?.text.includes('8')).map((r) => r.event.id));
  t.ok(byPicture.body.hits.length > 0 && byPicture.body.hits.every((h) => wantIds.has(h.event.id)), 'form fields filter a picture search');
  for (const bad of [{ plate: '皖K%' }, { plateTolerant: true }, { plate: 'A1', plateTolerant: 'often' }, { vehicleType: 'x'.repeat(300) }]) {
    const r = await json({ eventId: query.event.id, ...bad });
    t.equal(r.status, 400, JSON.stringify(bad));
    t.equal(r.body.error?.code, 'plate' in bad && bad.plate === '皖K%' ? 'E_STORE_PLATE_PATTERN' : 'E_API_BAD_REQUEST', r.body.error?.message ?? '');
  }
  const badForm = await post(form({ plate: '皖K%' }, { bytes: busJpeg }));
  t.equal(badForm.status, 400);
  t.equal(badForm.body.error?.code, 'E_STORE_PLATE_PATTERN');
});

t.test('by event: unknown id 404, no embedding 422, bad bodies 400, other media types 415', async (t) => {
  let r = await json({ eventId: 'no-such-event' });
  t.equal(r.status, 404);
  t.equal(r.body.error?.code, 'E_EVENT_NOT_FOUND');
  r = await json({ eventId: withoutEmbedding.event.id });
  t.equal(r.status, 422);
  t.equal(r.body.error?.code, 'E_EVENT_NO_EMBEDDING');
  const id = withEmbedding[0].event.id;
  for (const bad of [{}, { eventId: '' }, { eventId: { id: 'x' } }, { eventId: id, cameras: ['cam-north'] }, { eventId: id, k: 0 }, { eventId: id, k: 1001 }, { eventId: id, k: 2.5 },
    { eventId: id, camera: 'x'.repeat(300) }, { eventId: id, from: 'noon' }, { eventId: id, from: 10, to: 5 }, { eventId: id, minDurationSeconds: -1 }]) {
    r = await json(bad);
    t.equal(r.status, 400, JSON.stringify(bad).slice(0, 80));
    t.equal(r.body.error?.code, 'E_API_BAD_REQUEST', r.body.error?.message ?? '');
  }
  r = await post('{"eventId": ', { 'content-type': 'application/json' });
  t.equal(r.status, 400, 'malformed JSON');
  r = await post(id, { 'content-type': 'text/plain' });
  t.equal(r.status, 415);
  t.equal(r.body.error?.code, 'E_API_UNSUPPORTED_MEDIA_TYPE');
});

t.test('by an uploaded JPEG: its own event first, filters and k as form fields', async (t) => {
  const { status, body } = await post(form({ k: '5' }, { bytes: busJpeg }));
  t.equal(status, 200, JSON.stringify(body.error));
  t.equal(body.hits.length, 5);
  t.equal(body.hits[0].event.id, 'pictured-bus', 'the picture finds its own event');
  t.ok(body.hits[0].score > 0.99, `score ${body.hits[0].score}`);
  t.ok(sortedByScore(body.hits));
  const filtered = await post(form({ k: '10', camera: ['cam-gate', 'cam-east'], minDurationSeconds: '1' }, { bytes: busJpeg }));
  t.equal(filtered.status, 200);
  t.ok(filtered.body.hits.length > 0);
  t.ok(filtered.body.hits.every((h) => ['cam-gate', 'cam-east'].includes(h.event.camera)), 'repeated form fields are a list filter');
  t.notOk(filtered.body.hits.some((h) => h.event.id === 'pictured-bus'), 'its own event is on another camera');
});

t.test('uploads: too large 413, not an image 400 E_IMAGE_DECODE, missing or misnamed part 400, bad fields 400', async (t) => {
  const oversized = new Uint8Array(8 * 1024 * 1024 + 1);
  oversized.set(busJpeg.subarray(0, 1024));
  let r = await post(form({}, { bytes: oversized }));
  t.equal(r.status, 413);
  t.equal(r.body.error?.code, 'E_API_PAYLOAD_TOO_LARGE', r.body.error?.message ?? '');
  r = await post(form({}, { bytes: new TextEncoder().encode('this is not a picture'), type: 'image/jpeg' }));
  t.equal(r.status, 400);
  t.equal(r.body.error?.code, 'E_IMAGE_DECODE');
  r = await post(form({ k: '5' }));
  t.equal(r.status, 400, 'no image part');
  t.equal(r.body.error?.code, 'E_API_BAD_REQUEST');
  r = await post(form({}, { name: 'picture', bytes: busJpeg }));
  t.equal(r.status, 400, 'a file part with another name');
  t.match(r.body.error?.message, /'image'/);
  for (const fields of [{ k: 'abc' }, { k: '0' }, { eventId: 'x' }, { from: 'noon' }] as Array<Record<string, string>>) {
    r = await post(form(fields, { bytes: busJpeg }));
    t.equal(r.status, 400, JSON.stringify(fields));
    t.equal(r.body.error?.code, 'E_API_BAD_REQUEST', r.body.error?.message ?? '');
  }
});

t.test('the upload limit is an option', async (t) => {
  const small = await startLiveApp(lp.ports, { search: { maxImageBytes: 100_000 } });
  t.teardown(() => small.close());
  const r = await post(form({}, { bytes: busJpeg }), {}, small.url);
  t.equal(r.status, 413, `${busJpeg.length} bytes over a 100000-byte limit`);
  t.match(r.body.error?.message, /100000 bytes/);
});
