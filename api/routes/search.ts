// `POST /api/search/similar`: stored objects that look like a stored event (JSON `{ eventId }`) or
// like an uploaded picture (multipart with an `image` part), best first, with the event filters
// and `k`. Built only over the node's EventSearch port: decoding and embedding the picture is the
// node's (a file that is not an image fails there with E_IMAGE_DECODE).
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { Type, type Static, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { SharpeyeError } from '../../core/index.js';
import type { NodePorts, SimilarSearchOptions } from '../../node/index.js';
import { ErrorResponseSchema } from '../schemas/error-response.js';
import { ObjectEventSchema, objectEventWire } from '../schemas/object-event.js';
import { parseTime, VALUE_LENGTH, VALUES_PER_LIST } from '../query-values.js';
import { readSimilarUpload } from '../similar-upload.js';

export interface SearchRoutesOptions {
  readonly ports: NodePorts;
  /** Largest uploaded image, bytes; larger ones get 413 E_API_PAYLOAD_TOO_LARGE. @defaultValue the app's `apiLimits.uploadLimitBytes`, else 8 MiB */
  readonly maxImageBytes?: number;
}

export const DEFAULT_MAX_IMAGE_BYTES = 8 * 1024 * 1024;

const list = (what: string) => Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: VALUE_LENGTH }), {
  maxItems: VALUES_PER_LIST, description: `${what}: any of them (at most ${VALUES_PER_LIST})`,
}));
const time = (what: string) => Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.String({ minLength: 1, maxLength: 40 })], {
  description: `${what}: epoch ms, or ISO 8601 with a time zone`,
}));

/** The filters of GET /api/events (same names) and k. */
const FilterProperties = {
  k: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 10, description: 'how many hits' })),
  camera: list('camera ids'),
  label: list('labels'),
  color: list('dominant colours'),
  zone: list('zone ids the object entered'),
  rule: list('rule ids whose alerts involved the object'),
  from: time('objects last seen at or after this'),
  to: time('objects first seen at or before this'),
  minDurationSeconds: Type.Optional(Type.Number({ minimum: 0, description: 'seen for at least this many seconds' })),
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
      response: { 200: HitsResponse, 400: ErrorResponseSchema, 404: ErrorResponseSchema, 413: ErrorResponseSchema, 415: ErrorResponseSchema, 422: ErrorResponseSchema, 501: ErrorResponseSchema },
    },
  }, async (request) => {
    const hits = request.isMultipart()
      ? await byImage(request.body as ByImage, uploads.get(request))
      : await byEvent(request.body);
    return { hits: hits.map((h) => ({ event: objectEventWire(h.event), score: h.score })) };
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

function searchOptions(b: Static<typeof ByEventBody> | Static<typeof ByImageBody>): SimilarSearchOptions {
  const from = b.from === undefined ? undefined : typeof b.from === 'number' ? b.from : parseTime('from', b.from, 'body field');
  const to = b.to === undefined ? undefined : typeof b.to === 'number' ? b.to : parseTime('to', b.to, 'body field');
  if (from !== undefined && to !== undefined && from > to) {
    throw new SharpeyeError('E_API_BAD_REQUEST', "body field 'from' is after 'to'; give a time range that starts before it ends");
  }
  return {
    k: b.k, from, to, cameras: b.camera, labels: b.label, colors: b.color, zones: b.zone, rules: b.rule,
    minDurationSeconds: b.minDurationSeconds,
  };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && !Buffer.isBuffer(v);

function refuseUnknownFields(body: Record<string, unknown>, allowed: ReadonlySet<string>, part: string): void {
  const unknown = Object.keys(body).find((k) => !allowed.has(k));
  if (unknown !== undefined) {
    throw new SharpeyeError('E_API_BAD_REQUEST', `${part} '${unknown.slice(0, 64)}' is not allowed here; the fields are ${[...allowed].join(', ')}`);
  }
}
