// `POST /api/search/similar`: stored objects that look like a stored event (JSON `{ eventId }`) or
// like an uploaded picture (multipart with an `image` part), best first, with the event filters of
// GET /api/events (same fields and parsing, speed bounds included) and `k`. Built only over the
// node's EventSearch port: decoding and embedding the picture is the node's (a file that is not an
// image fails there with E_IMAGE_DECODE).
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { Type, type Static, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { SharpeyeError } from '../../core/index.js';
import type { NodePorts, SimilarSearchOptions } from '../../node/index.js';
import { errorResponses } from '../schemas/error-schema.js';
import { EventFilterQueryProperties, eventFilterFromQuery } from '../schemas/event-filter-query.js';
import { ObjectEventSchema } from '../schemas/object-event-schema.js';
import { readonlyAnswer } from '../schemas/readonly-answer.js';
import { readSimilarUpload } from '../similar-upload.js';

export interface SearchRoutesOptions {
  readonly ports: NodePorts;
  /** Largest uploaded image, bytes; larger ones get 413 E_API_PAYLOAD_TOO_LARGE. @defaultValue the app's `apiLimits.uploadLimitBytes`, else 8 MiB */
  readonly maxImageBytes?: number;
}

export const DEFAULT_MAX_IMAGE_BYTES = 8 * 1024 * 1024;

/** The filters of GET /api/events (same names, same parsing) and k. */
const FilterProperties = {
  k: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 10, description: 'how many hits (the query event itself counts as the first when searching by an event)' })),
  ...EventFilterQueryProperties,
};

const ByEventBody = Type.Object({
  eventId: Type.String({ minLength: 1, maxLength: 256, description: 'a stored event: hits look like it (the event itself comes first, score 1)' }),
  ...FilterProperties,
}, { additionalProperties: false });

const ByImageBody = Type.Object({
  image: Type.String({ format: 'binary', description: 'the picture (JPEG, PNG or WebP), ideally cropped to the object' }),
  as: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "the label whose embedding model reads the picture (default: the store's default model)" })),
  ...FilterProperties,
}, { additionalProperties: false });

const HitsResponse = Type.Object({
  hits: Type.Array(Type.Object({
    event: ObjectEventSchema,
    score: Type.Number({ description: 'cosine similarity in [-1, 1], higher is more alike' }),
  })),
});

const BY_EVENT_FIELDS = new Set(Object.keys(ByEventBody.properties));
const BY_IMAGE_FIELDS = new Set(Object.keys(ByImageBody.properties));

type ByEvent = Static<typeof ByEventBody>;
type ByImage = Static<typeof ByImageBody>;

const uploads = new WeakMap<FastifyRequest, Buffer | undefined>();

export const searchRoutes: FastifyPluginAsync<SearchRoutesOptions> = async (fastify, opts) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { ports } = opts;
  // The app (api/app.ts) decorates its size limits as `apiLimits`; a bare instance has none.
  const appLimits = (fastify as unknown as { apiLimits?: { uploadLimitBytes?: number } }).apiLimits;
  const maxImageBytes = opts.maxImageBytes ?? appLimits?.uploadLimitBytes ?? DEFAULT_MAX_IMAGE_BYTES;
  // Registered here, not on the app: only this route takes uploads, with its own limit.
  await app.register(multipart, { limits: { fileSize: maxImageBytes } });

  // The upload becomes the typed body before validation, so the multipart schema checks its fields.
  // Unknown fields are refused here whatever the validator's removeAdditional setting: an `eventId`
  // sent with an upload, or a misspelt filter, must not be dropped silently.
  app.addHook('preValidation', async (request) => {
    if (request.isMultipart()) {
      const upload = await readSimilarUpload(request, { maxImageBytes });
      uploads.set(request, upload.image);
      request.body = upload.body;
      refuseUnknownFields(upload.body, BY_IMAGE_FIELDS, 'multipart field');
    } else if (isPlainObject(request.body)) {
      refuseUnknownFields(request.body, BY_EVENT_FIELDS, 'body field');
    }
  });

  app.post('/api/search/similar', {
    schema: {
      summary: 'Stored objects that look like a stored event or an uploaded picture, best first',
      description: 'JSON `{ eventId, k, ...filters }`, or multipart/form-data with a file part `image` and the same fields (repeat a list field for several values).',
      tags: ['search'],
      body: {
        content: {
          'application/json': { schema: ByEventBody },
          'multipart/form-data': { schema: ByImageBody },
        },
      },
      response: { 200: HitsResponse, ...errorResponses(400, 404, 413, 415, 422, 501) },
    },
  }, async (request) => {
    const hits = request.isMultipart()
      ? await byImage(request.body as ByImage, uploads.get(request))
      : await byEvent(request.body);
    return { hits: hits.map((h) => ({ event: readonlyAnswer<Static<typeof ObjectEventSchema>>(h.event), score: h.score })) };
  });

  async function byEvent(body: unknown) {
    if (!isPlainObject(body) || !('eventId' in body)) {
      throw new SharpeyeError('E_API_UNSUPPORTED_MEDIA_TYPE', 'send JSON { "eventId": ... } (Content-Type: application/json) or a multipart/form-data upload with an image part');
    }
    const b = body as ByEvent;
    return ports.events.similarToEvent(b.eventId, searchOptions(b));
  }

  async function byImage(body: ByImage, image: Buffer | undefined) {
    if (image === undefined || image.length === 0) {
      throw new SharpeyeError('E_API_BAD_REQUEST', "multipart body field 'image' is required: a file part with the picture");
    }
    return ports.events.similarToImage(new Uint8Array(image.buffer, image.byteOffset, image.byteLength), { ...searchOptions(body), label: body.as });
  }
};

/** The port's options: the filters of GET /api/events (speed bounds included) and `k`. */
function searchOptions(b: ByEvent | ByImage): SimilarSearchOptions {
  return { ...eventFilterFromQuery(b, 'body field'), k: b.k };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && !Buffer.isBuffer(v);

function refuseUnknownFields(body: Record<string, unknown>, allowed: ReadonlySet<string>, part: string): void {
  const unknown = Object.keys(body).find((k) => !allowed.has(k));
  if (unknown !== undefined) {
    throw new SharpeyeError('E_API_BAD_REQUEST', `${part} '${unknown.slice(0, 64)}' is not allowed here; the fields are ${[...allowed].join(', ')}`);
  }
}
