// GET /api/export/events: every event matching the filters as CSV, JSON or GA/T 1400 JSON, streamed
// while it is read from the store a page at a time, so memory stays flat whatever the size. Capped
// at EXPORT_MAX_ROWS rows (or `limit`); the JSON form says whether rows were left out. GA/T 1400
// objects come from the node's export port (README "GA/T 1400 export"), one store pass per kind.
import { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { EventFilter, NodePorts, ObjectEvent } from '../../node/index.js';
import { eachEvent } from '../event-pages.js';
import { csvHeader, csvRow } from '../event-csv.js';
import { errorResponses } from '../schemas/error-schema.js';
import { EventFilterQueryProperties, eventFilterFromQuery } from '../schemas/event-filter-query.js';
import { ObjectEventSchema } from '../schemas/object-event-schema.js';

/** The most rows one export returns; narrow the time range (from/to) and export again for more. */
export const EXPORT_MAX_ROWS = 100_000;

const ExportQuery = Type.Object({
  ...EventFilterQueryProperties,
  format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('json'), Type.Literal('gat1400')], { default: 'csv', description: 'csv (RFC 4180, one row per event), json ({ events, truncated }) or gat1400 (GA/T 1400 MotorVehicle/NonMotorVehicle/Person list objects; other labels left out)' })),
  timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_+\\-/]+$', default: 'Asia/Shanghai', description: 'gat1400: IANA time zone of the 14-digit local times' })),
  order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')], { default: 'asc', description: 'by first seen time: asc = oldest first' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: EXPORT_MAX_ROWS, default: EXPORT_MAX_ROWS, description: `rows at most (at most ${EXPORT_MAX_ROWS})` })),
}, { additionalProperties: false });

const ExportJsonSchema = Type.Object({
  events: Type.Array(ObjectEventSchema),
  truncated: Type.Boolean({ description: 'true when more events matched than `limit`' }),
});

export const exportRoutes: FastifyPluginAsyncTypebox<{ ports: NodePorts }> = async (app, { ports }) => {
  app.get('/api/export/events', {
    exposeHeadRoute: false, // a HEAD would read the whole export only to drop it
    schema: {
      tags: ['events'],
      summary: 'Export events as CSV, JSON or GA/T 1400 JSON (streamed)',
      description: `The filters of GET /api/events. At most ${EXPORT_MAX_ROWS} rows per export (header X-Sharpeye-Row-Cap); the CSV and GA/T 1400 forms cannot say they were cut, the JSON has "truncated". GA/T 1400 pictures are referenced by URLs of this API.`,
      querystring: ExportQuery,
      response: {
        200: { description: 'the events', content: { 'text/csv': { schema: Type.Unsafe<Readable>({ type: 'string' }) }, 'application/json': { schema: Type.Unsafe<Readable>(ExportJsonSchema) } } },
        ...errorResponses(400, 501, 503),
      },
    },
  }, async (request, reply) => {
    const { format = 'csv', order = 'asc', limit = EXPORT_MAX_ROWS, timeZone, ...filters } = request.query;
    const filter = eventFilterFromQuery(filters);
    const abort = new AbortController();
    reply.raw.once('close', () => abort.abort());
    if (format === 'gat1400') {
      const origin = `${request.protocol}://${request.host}`;
      const body = await gat1400Parts(ports, filter, order, limit, abort.signal, {
        timeZone,
        labels: filter.labels,
        storagePath: (key, event, picture) => (picture === 'plate' ? key : `${origin}/api/events/${encodeURIComponent(event.id)}/${picture}.jpg`),
      });
      return reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="sharpeye-gat1400-${new Date().toISOString().replace(/[:.]/g, '-')}.json"`)
        .header('x-sharpeye-row-cap', String(limit))
        .header('cache-control', 'no-store')
        .send(Readable.from(body));
    }
    const { rows, truncated } = eachEvent(ports.events, { ...filter, order }, limit, abort.signal);
    // The first page is read before any byte goes out, so a bad filter or a missing store is a
    // proper error answer rather than a cut stream.
    const first = await rows.next();
    const body = format === 'csv' ? csvLines(first, rows) : jsonParts(first, rows, truncated);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    return reply
      .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="sharpeye-events-${stamp}.${format}"`)
      .header('x-sharpeye-row-cap', String(limit))
      .header('cache-control', 'no-store')
      .send(Readable.from(body));
  });
};

async function* csvLines(first: IteratorResult<ObjectEvent>, rest: AsyncGenerator<ObjectEvent>): AsyncGenerator<string> {
  yield csvHeader();
  if (first.done) return;
  yield csvRow(first.value);
  for await (const e of rest) yield csvRow(e);
}

async function* jsonParts(first: IteratorResult<ObjectEvent>, rest: AsyncGenerator<ObjectEvent>, truncated: () => boolean): AsyncGenerator<string> {
  yield '{"events":[';
  if (!first.done) {
    yield JSON.stringify(first.value);
    for await (const e of rest) yield `,\n${JSON.stringify(e)}`;
  }
  yield `],"truncated":${truncated()}}\n`;
}

/**
 * The GA/T 1400 document's chunks, one store pass per object kind, `limit` rows in all. The store is
 * asked once and the first chunk made before any byte goes out, so a bad filter, a missing store or
 * an unknown time zone is an error answer rather than a cut stream.
 */
async function gat1400Parts(ports: NodePorts, filter: EventFilter, order: 'asc' | 'desc', limit: number, signal: AbortSignal, o: Parameters<NodePorts['exports']['gat1400']>[1]): Promise<AsyncGenerator<string>> {
  await ports.events.query({ ...filter, order, limit: 1 });
  let remaining = limit;
  const source = async function* (labels: readonly string[]): AsyncGenerator<ObjectEvent> {
    const { rows } = eachEvent(ports.events, { ...filter, labels, order }, remaining, signal);
    for await (const e of rows) {
      remaining--;
      yield e;
    }
  };
  const chunks = ports.exports.gat1400(source, o);
  const first = await chunks.next();
  return (async function* () {
    if (!first.done) yield first.value;
    yield* chunks;
  })();
}
