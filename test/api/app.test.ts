// The app as a whole: a valid OpenAPI 3 document with a schema on every route, the docs UI and the
// root's redirect to it, CORS off unless configured, listening on a real port, and a graceful
// close that lets requests in flight finish while refusing new ones.
import t from 'tap';
import { Validator } from '@seriousme/openapi-schema-validator';
import { buildApi, startApiServer } from '../../api/app.js';
import { createApiTestPorts } from '../helpers/api-ports.js';
import { apiTestApp, errorOf } from '../helpers/api-app.js';

type OpenApi = { openapi: string; paths: Record<string, Record<string, { responses?: Record<string, unknown>; parameters?: Array<{ name: string; in: string }>; requestBody?: unknown }>> };

t.test('building the app uses no deprecated fastify option', async (t) => {
  const warnings: string[] = [];
  const onWarning = (w: Error & { code?: string }) => { warnings.push(`${w.code ?? w.name}: ${w.message}`); };
  process.on('warning', onWarning);
  t.teardown(() => { process.off('warning', onWarning); });
  const h = await apiTestApp(t);
  await h.app.inject({ url: '/api/health' });
  await new Promise((resolve) => setImmediate(resolve));
  t.same(warnings.filter((w) => w.startsWith('FST')), [], 'no FSTDEP/FSTWRN warnings');
});

t.test('the OpenAPI document is valid and covers every route with schemas', async (t) => {
  const h = await apiTestApp(t);
  const r = await h.app.inject({ url: '/openapi.json' });
  t.equal(r.statusCode, 200);
  const doc = r.json() as OpenApi;
  const result = await new Validator().validate(doc as unknown as Parameters<Validator['validate']>[0]);
  t.ok(result.valid, `valid OpenAPI ${doc.openapi}: ${JSON.stringify(result.errors ?? []).slice(0, 2000)}`);
  const want: Array<[string, string]> = [
    ['/api/health', 'get'], ['/api/cameras', 'get'], ['/api/cameras', 'post'], ['/api/cameras/{id}', 'get'], ['/api/cameras/{id}', 'patch'],
    ['/api/cameras/{id}', 'delete'], ['/api/cameras/{id}/snapshot.jpg', 'get'], ['/api/cameras/{id}/rules', 'get'], ['/api/cameras/{id}/rules', 'put'],
    ['/api/events', 'get'], ['/api/events/{id}', 'get'], ['/api/events/{id}/snapshot.jpg', 'get'], ['/api/events/{id}/thumbnail.jpg', 'get'], ['/api/export/events', 'get'],
    ['/api/alerts', 'get'], ['/api/alerts/stream', 'get'], ['/api/search/similar', 'post'], ['/api/stats/traffic', 'get'],
  ];
  for (const [path, method] of want) {
    const op = doc.paths[path]?.[method];
    t.ok(op, `${method.toUpperCase()} ${path} is documented`);
    t.ok(op?.responses?.['200'] ?? op?.responses?.['201'] ?? op?.responses?.['204'], `${method.toUpperCase()} ${path} documents its answer`);
    t.ok(op?.responses?.['500'], `${method.toUpperCase()} ${path} documents the error shape`);
  }
  t.ok(doc.paths['/api/cameras'].post.requestBody, 'the camera body schema is in the document');
  t.ok(doc.paths['/api/events'].get.parameters?.some((p) => p.name === 'cursor' && p.in === 'query'), 'query parameters are in the document');
  t.notOk(doc.paths['/openapi.json'], 'the document does not list itself');
  const same = await h.app.inject({ url: '/docs/json' });
  t.same(same.json(), doc, '/docs/json is the same document');
});

t.test('the docs UI is served at /docs', async (t) => {
  const h = await apiTestApp(t);
  const r = await h.app.inject({ url: '/docs' });
  t.equal(r.statusCode, 200);
  t.match(r.headers['content-type'], /^text\/html/);
  t.match(r.body, /swagger-ui/i);
  const asset = await h.app.inject({ url: '/docs/static/swagger-ui-bundle.js' });
  t.equal(asset.statusCode, 200, 'with its assets');
});

t.test('the root redirects to the docs (until the console exists); other unknown paths are 404 E_API_NOT_FOUND', async (t) => {
  const h = await apiTestApp(t);
  const root = await h.app.inject({ url: '/' });
  t.equal(root.statusCode, 302);
  t.equal(root.headers.location, '/docs');
  t.notOk((await h.app.inject({ url: '/openapi.json' })).json().paths['/'], 'not in the API document');
  const other = await h.app.inject({ url: '/nothing-here' });
  t.equal(other.statusCode, 404);
  t.equal(errorOf(other.body).code, 'E_API_NOT_FOUND');
});

t.test('CORS is off unless origins are configured', async (t) => {
  const off = await apiTestApp(t);
  const plain = await off.app.inject({ url: '/api/health', headers: { origin: 'https://evil.example' } });
  t.notOk(Object.keys(plain.headers).some((h) => h.startsWith('access-control-')), 'no Access-Control headers by default');
  const preflight = await off.app.inject({ method: 'OPTIONS', url: '/api/cameras', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
  t.equal(preflight.statusCode, 404, 'no preflight route either');
  t.equal(errorOf(preflight.body).code, 'E_API_NOT_FOUND');

  const on = await apiTestApp(t, { cors: { origins: ['https://console.example'] } });
  const allowed = await on.app.inject({ url: '/api/health', headers: { origin: 'https://console.example' } });
  t.equal(allowed.headers['access-control-allow-origin'], 'https://console.example', 'a listed origin is echoed');
  t.match(allowed.headers.vary, /Origin/);
  const other = await on.app.inject({ url: '/api/health', headers: { origin: 'https://evil.example' } });
  t.notOk(other.headers['access-control-allow-origin'], 'an unlisted origin gets nothing');
  const pre = await on.app.inject({ method: 'OPTIONS', url: '/api/cameras/x/rules', headers: { origin: 'https://console.example', 'access-control-request-method': 'PUT' } });
  t.equal(pre.statusCode, 204);
  t.match(pre.headers, { 'access-control-allow-origin': 'https://console.example', 'access-control-allow-methods': /PUT/, 'access-control-allow-headers': /Content-Type/ });
});

t.test('startApiServer listens, answers over HTTP and closes gracefully', async (t) => {
  const h = await createApiTestPorts();
  t.teardown(() => h.close());
  let release!: () => void;
  const gate = new Promise<void>((resolve) => { release = resolve; });
  let entered!: () => void;
  const inside = new Promise<void>((resolve) => { entered = resolve; });
  const query = h.ports.events.query.bind(h.ports.events);
  // A slow search: the request is in flight while the server closes.
  Object.assign(h.ports.events, { query: async (q: Parameters<typeof query>[0]) => { entered(); await gate; return query(q); } });

  const server = await startApiServer(h.ports, { host: '127.0.0.1', port: 0 });
  t.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const health = await fetch(`${server.url}/api/health`);
  t.equal(health.status, 200);
  t.equal((await health.json() as { state: string }).state, 'ok');

  const slow = fetch(`${server.url}/api/events?limit=3`);
  await inside;
  const closing = server.close();
  t.equal(server.close(), closing, 'close is idempotent');
  const refused = await fetch(`${server.url}/api/health`).then((r) => r.status, (err: Error) => err.name);
  t.ok(refused === 503 || refused === 'TypeError', `a new request is refused while closing (${refused})`);
  release();
  const answer = await slow;
  t.equal(answer.status, 200, 'the request in flight finishes');
  t.equal(answer.headers.get('connection'), 'close', 'and ends its connection, so close() need not wait for the keep-alive timeout');
  t.equal((await answer.json() as { events: unknown[] }).events.length, 3);
  await closing;
  await t.rejects(fetch(`${server.url}/api/health`), 'nothing listens after close');
});

t.test('app.apiClosing fires when close() begins, so long-lived answers can end before the server waits for them', async (t) => {
  const h = await createApiTestPorts({ events: 5 });
  t.teardown(() => h.close());
  const app = await buildApi(h.ports);
  const query = h.ports.events.query.bind(h.ports.events);
  let entered!: () => void;
  const inside = new Promise<void>((resolve) => { entered = resolve; });
  // An answer that lasts until the app closes, as an SSE stream does.
  Object.assign(h.ports.events, {
    query: async (q: Parameters<typeof query>[0]) => {
      entered();
      await new Promise((resolve) => app.apiClosing.addEventListener('abort', resolve, { once: true }));
      return query(q);
    },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address() as { port: number };
  const held = fetch(`http://127.0.0.1:${address.port}/api/events`);
  await inside;
  t.equal(app.apiClosing.aborted, false, 'not before close');
  await app.close();
  t.equal(app.apiClosing.aborted, true);
  t.equal((await held).status, 200, 'the held answer ended and close() did not wait on it forever');
});

t.test('a port in use is an error and leaves nothing open', async (t) => {
  const h = await createApiTestPorts({ events: 5 });
  t.teardown(() => h.close());
  const first = await startApiServer(h.ports, { port: 0 });
  t.teardown(() => first.close());
  const port = Number(new URL(first.url).port);
  await t.rejects(startApiServer(h.ports, { port }), { code: 'EADDRINUSE' });
});
