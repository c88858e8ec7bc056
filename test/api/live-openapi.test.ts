// The live route plugins' schemas make a valid OpenAPI 3.1 document (the app's full document is
// checked with every route group; this one fails closer to the cause), with the multipart upload
// and the SSE stream described.
import t from 'tap';
import Fastify from 'fastify';
import fastifySwagger from '@fastify/swagger';
import { Validator } from '@seriousme/openapi-schema-validator';
import { openLivePorts } from '../helpers/api-live-ports.js';
import { alertsRoutes } from '../../api/routes/alerts.js';
import { metricsRoutes } from '../../api/routes/metrics.js';
import { searchRoutes } from '../../api/routes/search.js';
import { trafficRoutes } from '../../api/routes/traffic.js';

t.test('OpenAPI document of the live routes', async (t) => {
  const lp = await openLivePorts({ events: 40 });
  t.teardown(() => lp.close());
  const app = Fastify({ ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: false } } });
  t.teardown(() => app.close());
  await app.register(fastifySwagger, { openapi: { openapi: '3.1.0', info: { title: 'live routes', version: '1' } } });
  await app.register(alertsRoutes, { ports: lp.ports });
  await app.register(metricsRoutes, { ports: lp.ports });
  await app.register(searchRoutes, { ports: lp.ports });
  await app.register(trafficRoutes, { ports: lp.ports });
  await app.ready();
  const doc = app.swagger() as { paths: Record<string, Record<string, any>> };
  const result = await new Validator().validate(doc as never);
  t.same(result, { valid: true }, 'valid OpenAPI 3.1');
  t.same(Object.keys(doc.paths).sort(), ['/api/alerts', '/api/alerts/stream', '/api/search/similar', '/api/stats/traffic', '/metrics']);
  const similar = doc.paths['/api/search/similar'].post;
  t.same(Object.keys(similar.requestBody.content).sort(), ['application/json', 'multipart/form-data']);
  t.equal(similar.requestBody.content['multipart/form-data'].schema.properties.image.format, 'binary');
  t.ok(similar.responses['200'].content['application/json'].schema.properties.hits, 'hits documented');
  t.ok(doc.paths['/api/alerts/stream'].get.responses['200'].content['text/event-stream'], 'SSE documented');
  t.ok(doc.paths['/api/alerts/stream'].get.parameters.some((p: { in: string; name: string }) => p.in === 'header' && p.name === 'last-event-id'));
  t.ok(doc.paths['/api/alerts'].get.responses['200'].content['application/json'].schema.properties.alerts);
});
