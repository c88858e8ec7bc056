// Stored object events: a filtered, cursor-paged list, one event, and its two images (the best
// crop and the frame thumbnail). Filters and paging are the store's (ports.events.query).
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SharpeyeError } from '../../core/index.js';
import type { NodePorts } from '../../node/index.js';
import { errorResponses } from '../schemas/error-schema.js';
import { JpegResponse } from '../schemas/camera-schema.js';
import { EventFilterQueryProperties, eventFilterFromQuery } from '../schemas/event-filter-query.js';
import { ObjectEventSchema } from '../schemas/object-event-schema.js';
import { readonlyAnswer } from '../schemas/readonly-answer.js';

/** Event ids as the store names them (and as blob keys allow). */
export const EventIdParams = Type.Object({
  id: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,150}$', description: 'event id' }),
});

export const OrderSchema = Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')], { default: 'desc', description: 'by first seen time: desc = newest first' }));

/** Events per page when `limit` is not given. */
export const DEFAULT_PAGE_SIZE = 50;

const EventListQuery = Type.Object({
  ...EventFilterQueryProperties,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: DEFAULT_PAGE_SIZE, description: 'events per page' })),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 1024, description: "a previous page's nextCursor, unchanged (with the same filters and order)" })),
  order: OrderSchema,
}, { additionalProperties: false });

const EventPageSchema = Type.Object({
  events: Type.Array(ObjectEventSchema),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'pass as `cursor` for the next page; null on the last page' }),
});

export function eventNotFound(id: string): SharpeyeError {
  return new SharpeyeError('E_EVENT_NOT_FOUND', `no stored event '${id}' (deleted by retention, or never stored)`, { details: { event: id } });
}

export const eventsRoutes: FastifyPluginAsyncTypebox<{ ports: NodePorts }> = async (app, { ports }) => {
  const events = ports.events;
  const tags = ['events'];

  app.get('/api/events', {
    schema: { tags, summary: 'Search stored object events', querystring: EventListQuery, response: { 200: EventPageSchema, ...errorResponses(400, 501, 503) } },
  }, async (request) => {
    const { limit, cursor, order, ...filters } = request.query;
    const q = { ...eventFilterFromQuery(filters), limit: limit ?? DEFAULT_PAGE_SIZE, cursor, order: order ?? 'desc' };
    return readonlyAnswer<Static<typeof EventPageSchema>>(await events.query(q));
  });

  app.get('/api/events/:id', {
    schema: { tags, summary: 'One stored event', params: EventIdParams, response: { 200: ObjectEventSchema, ...errorResponses(400, 404, 501, 503) } },
  }, async (request) => {
    const event = await events.get(request.params.id);
    if (event === undefined) throw eventNotFound(request.params.id);
    return readonlyAnswer<Static<typeof ObjectEventSchema>>(event);
  });

  for (const kind of ['snapshot', 'thumbnail'] as const) {
    app.get(`/api/events/:id/${kind}.jpg`, {
      schema: {
        tags,
        summary: kind === 'snapshot' ? "The event's best crop (JPEG)" : "The frame the best crop came from, scaled down (JPEG)",
        params: EventIdParams,
        response: { 200: JpegResponse, ...errorResponses(400, 404, 501, 503) },
      },
    }, async (request, reply) => {
      const { id } = request.params;
      const jpeg = await events.image(id, kind);
      if (jpeg === undefined) {
        if ((await events.get(id)) === undefined) throw eventNotFound(id);
        throw new SharpeyeError('E_IMAGE_NOT_FOUND', `event '${id}' has no ${kind} (snapshots are written only with snapshotsDir or a store)`, { details: { event: id } });
      }
      // A live event's images are replaced under the same key as better views arrive.
      return reply.type('image/jpeg').header('cache-control', 'no-cache').send(Buffer.from(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength));
    });
  }
};
