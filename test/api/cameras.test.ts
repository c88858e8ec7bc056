// Cameras and their rules over the ports test harness (real serve-config and rules validation):
// add, read, change, remove, the newest frame, and every kind of bad request; credentials are
// never echoed, not even from a body that fails to parse.
import t from 'tap';
import sharp from 'sharp';
import { solidJpeg } from '../helpers/api-ports.js';
import { apiTestApp, errorOf } from '../helpers/api-app.js';

const json = { 'content-type': 'application/json' };

t.test('cameras: add, list, read, change, remove', async (t) => {
  const h = await apiTestApp(t);
  const added = await h.app.inject({ method: 'POST', url: '/api/cameras', headers: json, payload: { id: 'gate-1', url: 'rtsp://admin:s3cret-pw@10.0.0.5/live', fps: 4 } });
  t.equal(added.statusCode, 201);
  t.equal(added.headers.location, '/api/cameras/gate-1');
  t.notMatch(added.body, /s3cret-pw|admin/, 'credentials never come back');
  t.match(added.json(), { id: 'gate-1', hasCredentials: true, config: { id: 'gate-1', url: 'rtsp://10.0.0.5/live', fps: 4, enabled: true }, status: { state: 'running' } });

  await h.app.inject({ method: 'POST', url: '/api/cameras', headers: json, payload: { id: 'north', url: 'rtsp://10.0.0.6/live', enabled: false } });
  const list = await h.app.inject({ url: '/api/cameras' });
  t.same((list.json() as { cameras: Array<{ id: string; status: { state: string } }> }).cameras.map((c) => [c.id, c.status.state]), [['gate-1', 'running'], ['north', 'disabled']]);
  t.notMatch(list.body, /s3cret-pw/);

  const keep = await h.app.inject({ method: 'PATCH', url: '/api/cameras/gate-1', headers: json, payload: { track: true, motion: { holdSeconds: 7 } } });
  t.match(keep.json(), { config: { track: true, motion: { holdSeconds: 7 } } });
  const patched = await h.app.inject({ method: 'PATCH', url: '/api/cameras/gate-1', headers: json, payload: { fps: 2, enabled: false } });
  t.equal(patched.statusCode, 200);
  t.match(patched.json(), { config: { fps: 2, enabled: false, track: true, motion: { holdSeconds: 7 } }, hasCredentials: true, status: { state: 'disabled' } }, 'fields a patch leaves out keep their values (no schema defaults fill them in)');
  t.match((await h.app.inject({ url: '/api/cameras/gate-1' })).json(), { config: { fps: 2 } }, 'the change is kept');

  const removed = await h.app.inject({ method: 'DELETE', url: '/api/cameras/gate-1' });
  t.equal(removed.statusCode, 204);
  t.equal(removed.body, '');
  const gone = await h.app.inject({ url: '/api/cameras/gate-1' });
  t.equal(gone.statusCode, 404);
  t.equal(errorOf(gone.body).code, 'E_CAMERA_NOT_FOUND');
});

t.test('cameras: bad requests', async (t) => {
  const h = await apiTestApp(t, { bodyLimitBytes: 4096 });
  await h.app.inject({ method: 'POST', url: '/api/cameras', headers: json, payload: { id: 'gate-1', url: 'rtsp://10.0.0.5/live' } });
  const post = (payload: unknown, headers: Record<string, string> = json) => h.app.inject({ method: 'POST', url: '/api/cameras', headers, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });

  const cases: Array<[string, Awaited<ReturnType<typeof post>>, number, string, RegExp]> = [
    ['an existing id', await post({ id: 'gate-1', url: 'rtsp://10.0.0.7/live' }), 409, 'E_CAMERA_EXISTS', /gate-1/],
    ['no url', await post({ id: 'gate-2' }), 400, 'E_API_BAD_REQUEST', /'url' is required/],
    ['an unknown field', await post({ id: 'gate-2', url: 'rtsp://h/1', fsp: 3 }), 400, 'E_API_BAD_REQUEST', /'fsp' is not allowed/],
    ['fps out of bounds', await post({ id: 'gate-2', url: 'rtsp://h/1', fps: 0 }), 400, 'E_API_BAD_REQUEST', /'fps'/],
    ['a file camera without allowFiles', await post({ id: 'gate-2', url: '/etc/passwd' }), 400, 'E_CONFIG_INVALID', /./],
    ['no body', await h.app.inject({ method: 'POST', url: '/api/cameras', headers: json }), 400, 'E_API_BAD_REQUEST', /./],
    ['a body that is not JSON', await post('{"id": "x", "url": "rtsp://h/1", "password": "hunter2"', json), 400, 'E_API_BAD_REQUEST', /not valid JSON/],
    ['the wrong content type', await post('id=x&url=rtsp://h/1', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'E_API_UNSUPPORTED_MEDIA_TYPE', /./],
    ['a text body', await post('{"id": "x", "url": "rtsp://h/1"}', { 'content-type': 'text/plain' }), 415, 'E_API_UNSUPPORTED_MEDIA_TYPE', /text\/plain/],
    ['a body over the limit', await post({ id: 'gate-2', url: 'rtsp://h/1', name: 'x'.repeat(5000) }), 413, 'E_API_PAYLOAD_TOO_LARGE', /./],
    ['a bad id in the path', await h.app.inject({ url: '/api/cameras/bad%20id' }), 400, 'E_API_BAD_REQUEST', /path parameter 'id'/],
    ['an unknown camera', await h.app.inject({ method: 'PATCH', url: '/api/cameras/nope', headers: json, payload: { fps: 2 } }), 404, 'E_CAMERA_NOT_FOUND', /nope/],
    ['an id in a patch', await h.app.inject({ method: 'PATCH', url: '/api/cameras/gate-1', headers: json, payload: { id: 'other' } }), 400, 'E_API_BAD_REQUEST', /'id' is not allowed/],
    ['removing an unknown camera', await h.app.inject({ method: 'DELETE', url: '/api/cameras/nope' }), 404, 'E_CAMERA_NOT_FOUND', /nope/],
    ['an unknown method', await h.app.inject({ method: 'PUT', url: '/api/cameras/gate-1' }), 404, 'E_API_NOT_FOUND', /PUT \/api\/cameras\/gate-1/],
  ];
  for (const [what, r, status, code, message] of cases) {
    t.equal(r.statusCode, status, `${what}: ${status}`);
    const error = errorOf(r.body);
    t.equal(error.code, code, `${what}: ${code}`);
    t.match(error.message, message, `${what}: ${error.message}`);
    t.notMatch(r.body, /hunter2|passwd:|root:/, `${what}: nothing from the body or a file is echoed`);
  }
  t.same((await h.app.inject({ url: '/api/cameras' })).json(), { cameras: [(await h.app.inject({ url: '/api/cameras/gate-1' })).json()] }, 'no failed request changed anything');
});

t.test('cameras: the newest frame', async (t) => {
  const h = await apiTestApp(t);
  await h.app.inject({ method: 'POST', url: '/api/cameras', headers: json, payload: { id: 'gate-1', url: 'rtsp://10.0.0.5/live' } });
  const before = await h.app.inject({ url: '/api/cameras/gate-1/snapshot.jpg' });
  t.equal(before.statusCode, 404);
  t.equal(errorOf(before.body).code, 'E_IMAGE_NOT_FOUND', 'no frame yet');
  h.cameras.setFrame('gate-1', await solidJpeg([10, 200, 10], 320, 240));
  const after = await h.app.inject({ url: '/api/cameras/gate-1/snapshot.jpg' });
  t.equal(after.statusCode, 200);
  t.equal(after.headers['content-type'], 'image/jpeg');
  t.equal(after.headers['cache-control'], 'no-store');
  t.same(await sharp(after.rawPayload).metadata().then((m) => [m.format, m.width, m.height]), ['jpeg', 320, 240]);
  const unknown = await h.app.inject({ url: '/api/cameras/nope/snapshot.jpg' });
  t.equal(errorOf(unknown.body).code, 'E_CAMERA_NOT_FOUND');
});

t.test('rules: read and replace, validated like a rules file', async (t) => {
  const h = await apiTestApp(t);
  await h.app.inject({ method: 'POST', url: '/api/cameras', headers: json, payload: { id: 'gate-1', url: 'rtsp://10.0.0.5/live' } });
  const empty = await h.app.inject({ url: '/api/cameras/gate-1/rules' });
  t.equal(empty.statusCode, 200);
  t.match(empty.json(), { zones: [], lines: [], rules: [] });

  const doc = {
    zones: [{ id: 'door', polygon: [[0.1, 0.1], [0.5, 0.1], [0.5, 0.5], [0.1, 0.5]] }],
    rules: [{ id: 'intrusion', type: 'zone_intrusion', zone: 'door', labels: ['person'] }],
  };
  const put = await h.app.inject({ method: 'PUT', url: '/api/cameras/gate-1/rules', headers: json, payload: doc });
  t.equal(put.statusCode, 200, put.body);
  t.match(put.json(), { zones: [{ id: 'door' }], rules: [{ id: 'intrusion', type: 'zone_intrusion', zone: 'door' }] });
  t.same((await h.app.inject({ url: '/api/cameras/gate-1/rules' })).json(), put.json(), 'kept as validated');

  const bad: Array<[string, unknown, string, RegExp]> = [
    ['a zone with two points', { zones: [{ id: 'z', polygon: [[0, 0], [1, 1]] }] }, 'E_API_BAD_REQUEST', /polygon/],
    ['an unknown top-level key', { zonez: [] }, 'E_API_BAD_REQUEST', /'zonez' is not allowed/],
    ['a rule on a zone that does not exist', { rules: [{ id: 'r', type: 'zone_intrusion', zone: 'nowhere' }] }, 'E_CONFIG_INVALID', /rules\[0\]\.zone/],
    ['a list', [], 'E_API_BAD_REQUEST', /request body must be object/],
  ];
  for (const [what, payload, code, message] of bad) {
    const r = await h.app.inject({ method: 'PUT', url: '/api/cameras/gate-1/rules', headers: json, payload: JSON.stringify(payload) });
    t.equal(r.statusCode, 400, `${what}: 400`);
    t.match(errorOf(r.body), { code, message }, what);
  }
  t.same((await h.app.inject({ url: '/api/cameras/gate-1/rules' })).json(), put.json(), 'a refused document changes nothing');
  const unknown = await h.app.inject({ method: 'PUT', url: '/api/cameras/nope/rules', headers: json, payload: doc });
  t.equal(unknown.statusCode, 404);
  t.equal(errorOf(unknown.body).code, 'E_CAMERA_NOT_FOUND');
  t.equal(errorOf((await h.app.inject({ url: '/api/cameras/nope/rules' })).body).code, 'E_CAMERA_NOT_FOUND');
});
