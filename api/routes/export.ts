// GET /api/export/events: every event matching the filters as CSV or JSON, streamed while it is
// read from the store a page at a time, so memory stays flat whatever the size. Capped at
// EXPORT_MAX_ROWS rows (or `limit`); the JSON form says whether rows were left out.
import { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { NodePorts, ObjectEvent } from '../../node/index.js';
import { eachEvent } from '../event-pages.js';
import { csvHeader, csvRow } from '../event-csv.js';
import { errorResponses } from '../schemas/error-schema.js';
import { EventFilterQueryProperties, eventFilterFromQuery } from '../schemas/event-filter-query.js';
import { ObjectEventSchema } from '../schemas/object-event-schema.js';

/** The most rows one export returns; narrow the time range (from/to) and export again for more. */
export const EXPORT_MAX_ROWS = 100_000;

const ExportQuery = Type.Object({
  ...EventFilterQueryProperties,
  format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('json')], { default: 'csv', description: 'csv (RFC 4180, one row per event) or json ({ events, truncated })' })),
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
      summary: 'Export events as CSV or JSON (streamed)',
      description: `The filters of GET /api/events. At most ${EXPORT_MAX_ROWS} rows per export (header X-Sharpeye-Row-Cap); the CSV cannot say it was cut, the JSON has "truncated".`,
      querystring: ExportQuery,
      response: {
        200: { description: 'the events', content: { 'text/csv': { schema: Type.Unsafe<Readable>({ type: 'string' }) }, 'application/json': { schema: Type.Unsafe<Readable>(ExportJsonSchema) } } },
        ...errorResponses(400, 501, 503),
      },
    },
  }, async (request, reply) => {
    const { format = 'csv', order = 'asc', limit = EXPORT_MAX_ROWS, ...filters } = request.query;
    const filter = eventFilterFromQuery(filters);
    const abort = new AbortController();
    reply.raw.once('close', () => abort.abort());
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
