// Reads a multipart similar-search request (an `image` file part plus filter fields) into the body
// the route's multipart schema validates, keeping the image bytes aside. Size limits are
// busboy's (the file stops at the limit and the rest of the upload is read and discarded, so the
// client gets its 413 instead of a reset connection).
import type { FastifyRequest } from 'fastify';
import type { Multipart } from '@fastify/multipart';
import { SharpeyeError } from '../core/index.js';

/** Multipart fields that take several values (the filter lists). */
const LIST_FIELDS = new Set(['camera', 'label', 'color', 'zone', 'rule', 'vehicleType', 'upperColor', 'lowerColor', 'carrying', 'riding']);
/** Fields that are numbers; a value that does not read as one is left a string for the schema to refuse. */
const NUMBER_FIELDS = new Set(['k', 'minDurationSeconds']);
const NUMBER = /^-?\d+(?:\.\d+)?$/;

export interface UploadLimits {
  /** Largest image, bytes. */
  readonly maxImageBytes: number;
  /** Most non-file fields. @defaultValue 100 */
  readonly maxFields?: number;
}

export interface SimilarUpload {
  /** The fields as the multipart schema expects them, with `image` set to the file name. */
  readonly body: Record<string, unknown>;
  readonly image: Buffer | undefined;
}

/**
 * Reads every part of a multipart request.
 * @throws E_API_PAYLOAD_TOO_LARGE (image over `maxImageBytes`, too many parts or fields),
 *   E_API_BAD_REQUEST (a file part other than `image`, a second image).
 */
export async function readSimilarUpload(request: FastifyRequest, limits: UploadLimits): Promise<SimilarUpload> {
  const body: Record<string, unknown> = {};
  let image: Buffer | undefined;
  const maxFields = limits.maxFields ?? 100;
  try {
    const parts = request.parts({ limits: { fileSize: limits.maxImageBytes, files: 1, fields: maxFields, parts: maxFields + 1 } });
    for await (const part of parts as AsyncIterable<Multipart>) {
      if (part.type === 'file') {
        if (part.fieldname !== 'image') {
          part.file.resume();
          throw new SharpeyeError('E_API_BAD_REQUEST', `multipart file part '${part.fieldname.slice(0, 64)}' is not taken; send the picture as the part named 'image'`);
        }
        image = await part.toBuffer();
        body.image = part.filename || 'image';
      } else {
        addField(body, part.fieldname, String(part.value));
      }
    }
  } catch (err) {
    throw asUploadError(err, limits);
  }
  return { body, image };
}

function addField(body: Record<string, unknown>, name: string, raw: string): void {
  if (LIST_FIELDS.has(name)) {
    const list = (body[name] as string[] | undefined) ?? [];
    list.push(raw);
    body[name] = list;
  } else if (NUMBER_FIELDS.has(name) && NUMBER.test(raw.trim())) {
    body[name] = Number(raw);
  } else {
    body[name] = raw;
  }
}

/** @fastify/multipart's limit errors (FST_*, status 413) as catalogue errors; others as they are. */
function asUploadError(err: unknown, limits: UploadLimits): unknown {
  if (err instanceof SharpeyeError) return err;
  const code = (err as { code?: unknown }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') {
    return new SharpeyeError('E_API_PAYLOAD_TOO_LARGE', `the uploaded image is larger than ${limits.maxImageBytes} bytes; send a smaller picture (a crop of the object is enough)`, { cause: err, details: { limitBytes: limits.maxImageBytes } });
  }
  if (code === 'FST_FILES_LIMIT') {
    return new SharpeyeError('E_API_BAD_REQUEST', "a similar search takes one image; send a single file part named 'image'", { cause: err });
  }
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
    return new SharpeyeError('E_API_PAYLOAD_TOO_LARGE', `the upload has more than ${limits.maxFields ?? 100} fields`, { cause: err });
  }
  return err;
}
