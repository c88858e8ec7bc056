// GET /api/health: liveness and per-dependency readiness (store, detector, each camera). 200 while
// the node is ok or degraded, 503 when it is down, so a load balancer or compose healthcheck can
// use the status alone; the body says which dependency is the trouble.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { NodePorts } from '../../node/index.js';
import { errorResponses } from '../schemas/error-schema.js';
import { readonlyAnswer } from '../schemas/readonly-answer.js';

const State = Type.Union([Type.Literal('ok'), Type.Literal('degraded'), Type.Literal('down')]);

export const HealthSchema = Type.Object({
  state: State,
  startedAtMs: Type.Number({ description: 'when the node started, wall-clock ms since epoch' }),
  store: Type.Union([Type.Object({
    kind: Type.String({ description: 'sqlite or milvus' }),
    state: State,
    pending: Type.Integer({ description: 'records accepted but not yet written' }),
    dropped: Type.Integer({ description: 'records dropped because the write buffer was full' }),
    lastError: Type.Union([Type.Object({ code: Type.String(), message: Type.String(), atMs: Type.Number() }), Type.Null()]),
  }), Type.Null()], { description: 'null when the node runs without an event store' }),
  detector: Type.Object({ state: State, model: Type.String(), provider: Type.String() }),
  cameras: Type.Array(Type.Object({
    id: Type.String(),
    state: Type.String({ description: 'camera state (connecting, running, reconnecting, ...) or disabled' }),
    ready: Type.Boolean({ description: 'delivering frames' }),
  })),
});

export const healthRoutes: FastifyPluginAsyncTypebox<{ ports: NodePorts }> = async (app, { ports }) => {
  app.get('/api/health', {
    schema: {
      tags: ['health'],
      summary: 'Liveness and readiness of the node and each dependency',
      description: '200 when the node is ok or degraded, 503 when it is down; the body is the same in both cases.',
      response: { 200: HealthSchema, 503: HealthSchema, ...errorResponses() },
    },
  }, async (_request, reply) => {
    const health = ports.stats.health();
    return reply.code(health.state === 'down' ? 503 : 200).send(readonlyAnswer<Static<typeof HealthSchema>>(health));
  });
};
