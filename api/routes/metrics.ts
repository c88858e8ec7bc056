// `GET /metrics`: the node's Prometheus exposition (its prom-client registry) with the API's own
// metrics in it. The plugin is not encapsulated (like fastify-plugin's skip-override) so its
// request hooks time every route of the app, not only its own: requests and latency by route
// pattern and status.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { NodePorts } from '../../node/index.js';
import { apiMetrics } from '../api-metrics.js';

export interface MetricsRoutesOptions {
  readonly ports: NodePorts;
}

const startedAt = new WeakMap<FastifyRequest, bigint>();

const metricsPlugin: FastifyPluginAsync<MetricsRoutesOptions> = async (fastify, opts) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { ports } = opts;
  const metrics = apiMetrics(ports.stats.registry);

  fastify.addHook('onRequest', async (request) => {
    startedAt.set(request, process.hrtime.bigint());
  });
  fastify.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    const start = startedAt.get(request);
    if (start === undefined) return;
    // The route pattern, never the raw URL: ids in paths would make a series per id.
    const labels = { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, Number(process.hrtime.bigint() - start) / 1e9);
  });

  app.get('/metrics', {
    schema: {
      summary: 'Prometheus metrics of the node and the API (text exposition format)',
      tags: ['metrics'],
      response: { 200: { description: 'Prometheus text format 0.0.4', content: { 'text/plain': { schema: Type.String() } } } },
    },
  }, async (_request, reply) => {
    const { contentType, text } = await ports.stats.metrics();
    return reply.type(contentType).send(text);
  });
};

// fastify-plugin's marker: register in the parent's context so the hooks above see every route.
(metricsPlugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;

export const metricsRoutes: FastifyPluginAsync<MetricsRoutesOptions> = metricsPlugin;
