// Alert routes: the logged alerts page by page (`GET /api/alerts`) and the live stream as
// Server-Sent Events (`GET /api/alerts/stream`), resumable with Last-Event-ID. Built only over the
// node's AlertSource port. The plugin ends every open stream when the server closes (preClose), so
// fastify.close() never waits on a client that keeps its stream open.
import type { FastifyPluginAsync } from 'fastify';
import type { ServerResponse } from 'node:http';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { SharpeyeError } from '../../core/index.js';
import type { NodePorts } from '../../node/index.js';
import { apiMetrics } from '../api-metrics.js';
import { finishOrDestroy, pumpAlertSse } from '../alert-sse.js';
import { ALERT_RULE_TYPES, AlertRecordSchema, alertRecordsWire } from '../schemas/alert.js';
import { errorResponses } from '../schemas/error-schema.js';
import { listParam, parseRange, splitList, timeParam } from '../schemas/event-filter-query.js';

export interface AlertsRoutesOptions {
  readonly ports: NodePorts;
  /** Seconds between SSE heartbeat comments. @defaultValue 15 */
  readonly heartbeatSeconds?: number;
  /** Alerts buffered per SSE client before its oldest are dropped. @defaultValue the port's (256) */
  readonly streamCapacity?: number;
  /** SSE `retry:` hint to clients, ms. @defaultValue 3000 */
  readonly retryMs?: number;
  /** On server close, how long an ended stream may take to flush before its socket is cut, ms. @defaultValue 1000 */
  readonly closeGraceMs?: number;
}

const SEQ_PATTERN = '^[0-9]{1,15}$';

const ListQuery = Type.Object({
  from: timeParam('alert events at or after this'),
  to: timeParam('alert events at or before this'),
  camera: listParam('camera ids'),
  rule: listParam('rule ids'),
  type: listParam(`rule types (${ALERT_RULE_TYPES.join(', ')})`),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 50, description: 'page size, newest first' })),
  cursor: Type.Optional(Type.String({ pattern: SEQ_PATTERN, description: "the previous page's nextCursor" })),
}, { additionalProperties: false });

const ListResponse = Type.Object({
  alerts: Type.Array(AlertRecordSchema),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'pass as cursor for the next (older) page; null on the last' }),
});

const StreamQuery = Type.Object({
  camera: listParam('camera ids'),
  lastEventId: Type.Optional(Type.String({ pattern: SEQ_PATTERN, description: 'resume after this id when the Last-Event-ID header cannot be set' })),
}, { additionalProperties: false });

const StreamHeaders = Type.Object({
  'last-event-id': Type.Optional(Type.String({ pattern: SEQ_PATTERN, description: 'the id of the last alert received: replays every later one, then goes live' })),
});

const STREAM_DESCRIPTION = `Server-Sent Events. Each alert event is \`id: <seq>\`, \`event: alert\`, \`data: <AlertEvent JSON>\`;
\`event: dropped\` with \`{"count": n}\` when the client fell behind its buffer and lost its n oldest (reconnect with
Last-Event-ID to fetch them from the log); comment lines (\`: heartbeat\`) keep the connection alive.`;

export const alertsRoutes: FastifyPluginAsync<AlertsRoutesOptions> = async (fastify, opts) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { ports } = opts;
  const metrics = apiMetrics(ports.stats.registry);
  const heartbeatMs = Math.max(10, Math.round((opts.heartbeatSeconds ?? 15) * 1000));
  const open = new Map<ServerResponse, { abort: AbortController; done: Promise<void> }>();

  app.get('/api/alerts', {
    schema: {
      summary: 'Logged alert events, newest first, page by page',
      tags: ['alerts'],
      querystring: ListQuery,
      response: { 200: ListResponse, ...errorResponses(400) },
    },
  }, async (request) => {
    const q = request.query;
    const page = await ports.alerts.list({
      ...parseRange(q), cameras: splitList('camera', q.camera), rules: splitList('rule', q.rule), types: ruleTypes(q.type), limit: q.limit,
      beforeSeq: q.cursor === undefined ? undefined : Number(q.cursor),
    });
    return { alerts: alertRecordsWire(page.alerts), nextCursor: page.nextCursor === null ? null : String(page.nextCursor) };
  });

  app.get('/api/alerts/stream', {
    schema: {
      summary: 'Live alert events as Server-Sent Events, resumable with Last-Event-ID',
      description: STREAM_DESCRIPTION,
      tags: ['alerts'],
      querystring: StreamQuery,
      headers: StreamHeaders,
      response: {
        200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: Type.String({ description: 'SSE frames; data is an AlertEvent' }) } } },
        ...errorResponses(400),
      },
    },
  }, async (request, reply) => {
    const lastId = request.headers['last-event-id'] ?? request.query.lastEventId;
    // An id above the log's end comes from an earlier log (a restarted node with an in-memory log):
    // resuming after it would skip the new log's first alerts, so such a client starts live.
    const afterSeq = lastId === undefined ? undefined : Math.min(Number(lastId), ports.alerts.lastSeq);
    const abort = new AbortController();
    const stream = ports.alerts.stream({ afterSeq, cameras: splitList('camera', request.query.camera), signal: abort.signal, capacity: opts.streamCapacity });
    reply.hijack();
    const res = reply.raw;
    const done = pumpAlertSse(res, stream, {
      heartbeatMs, retryMs: opts.retryMs ?? 3000, metrics, headers: reply.getHeaders(), signal: abort.signal,
    }).finally(() => open.delete(res));
    open.set(res, { abort, done });
    await done;
  });

  fastify.addHook('preClose', async () => {
    const streams = [...open.entries()];
    for (const [, s] of streams) s.abort.abort();
    await Promise.all(streams.map(async ([res, s]) => {
      await s.done;
      await finishOrDestroy(res, opts.closeGraceMs ?? 1000);
    }));
  });
};

/** The `type` values, each one of the rule types; E_API_BAD_REQUEST names an unknown one. */
function ruleTypes(raw: readonly string[] | undefined): string[] | undefined {
  const types = splitList('type', raw);
  const unknown = types?.find((t) => !(ALERT_RULE_TYPES as readonly string[]).includes(t));
  if (unknown !== undefined) {
    throw new SharpeyeError('E_API_BAD_REQUEST', `query parameter 'type' has '${unknown.slice(0, 64)}', which is not a rule type; use one of ${ALERT_RULE_TYPES.join(', ')}`);
  }
  return types;
}
