// The live routes (alerts, metrics, search, traffic) in the app's OpenAPI 3.1 document, built over
// the live ports harness: valid, with the multipart upload and the SSE stream described (app.test.ts
// checks every route group's schemas and error answers).
import t from 'tap';
import { Validator } from '@seriousme/openapi-schema-validator';
import { buildApi } from '../../api/app.js';
import { openLivePorts } from '../helpers/api-live-ports.js';

t.test('OpenAPI document of the live routes', async (t) => {
  const lp = await openLivePorts({ events: 40 });
  t.teardown(() => lp.close());
  const app = await buildApi(lp.ports);
  t.teardown(() => app.close());
  const doc = app.swagger() as { paths: Record<string, Record<string, any>> };
  const result = await new Validator().validate(doc as never);
  t.same(result, { valid: true }, 'valid OpenAPI 3.1');
  for (const path of ['/api/alerts', '/api/alerts/stream', '/api/search/similar', '/api/stats/traffic', '/metrics']) t.ok(doc.paths[path], `${path} documented`);
  const similar = doc.paths['/api/search/similar'].post;
  t.same(Object.keys(similar.requestBody.content).sort(), ['application/json', 'multipart/form-data']);
  t.equal(similar.requestBody.content['multipart/form-data'].schema.properties.image.format, 'binary');
  t.ok(similar.requestBody.content['application/json'].schema.properties.minSpeedPxPerSecond, 'the speed filters of GET /api/events');
  t.ok(similar.responses['200'].content['application/json'].schema.properties.hits, 'hits documented');
  t.ok(doc.paths['/api/alerts/stream'].get.responses['200'].content['text/event-stream'], 'SSE documented');
  t.ok(doc.paths['/api/alerts/stream'].get.parameters.some((p: { in: string; name: string }) => p.in === 'header' && p.name === 'last-event-id'));
  t.ok(doc.paths['/api/alerts'].get.responses['200'].content['application/json'].schema.properties.alerts);
});
