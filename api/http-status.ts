// Error code -> HTTP status, in one place (after fastify's lib/errors.js, where each FST_ERR_* code
// carries its status). Every code of the catalogue (core/error-codes.ts) has exactly one status;
// the compiler keeps the map total and test/api/http-status.test.ts checks it at run time too.
// fastify's own errors (FST_ERR_*, @fastify/multipart's FST_*) are mapped onto catalogue codes.
import type { ErrorCode } from '../core/index.js';

/**
 * The HTTP status of each catalogue code. Rules of thumb: the caller's input is wrong -> 400
 * (413/415 for size and media type); a named thing is missing -> 404; a conflict with the current
 * state -> 409; an upstream (camera, model mirror, Milvus, webhook receiver) failed -> 502/504;
 * the node is busy, closing or its store is briefly away -> 503; our own fault -> 500.
 */
export const HTTP_STATUS_BY_CODE = {
  E_CONFIG_INVALID: 400,
  E_INPUT_NOT_FOUND: 400,
  E_INPUT_UNSUPPORTED_URL: 400,
  E_INPUT_TOO_LARGE: 413,
  E_IMAGE_DECODE: 400,
  E_INGEST_SPAWN: 500,
  E_INGEST_DECODE: 502,
  E_INGEST_UNREACHABLE: 502,
  E_INGEST_NOT_FOUND: 502,
  E_INGEST_UNAUTHORIZED: 502,
  E_INGEST_STALLED: 504,
  E_INGEST_ABORTED: 503,
  E_INGEST_KILLED: 503,
  E_MODEL_UNKNOWN: 400,
  E_MODEL_NOT_FOUND: 500,
  E_MODEL_CHECKSUM: 500,
  E_MODEL_DOWNLOAD: 502,
  E_MODEL_LOAD: 500,
  E_MODEL_SHAPE: 500,
  E_MODEL_PROVIDER: 500,
  E_INFERENCE_RUN: 500,
  E_WEBHOOK_DELIVERY: 502,
  E_WEBHOOK_REJECTED: 502,
  E_WEBHOOK_BLOCKED: 400,
  E_STORE_UNREACHABLE: 503,
  E_STORE_REJECTED: 502,
  E_STORE_SCHEMA: 500,
  E_STORE_RECORD_INVALID: 500,
  E_STORE_OVERFLOW: 503,
  E_STORE_CLOSED: 503,
  E_STORE_QUERY_INVALID: 400,
  E_STORE_PLATE_PATTERN: 400,
  E_STORE_OPEN: 500,
  E_STORE_NOT_FOUND: 500,
  E_STORE_IO: 503,
  E_CAMERA_NOT_FOUND: 404,
  E_CAMERA_EXISTS: 409,
  E_EVENT_NOT_FOUND: 404,
  E_EVENT_NO_EMBEDDING: 422,
  E_IMAGE_NOT_FOUND: 404,
  E_STORE_NOT_CONFIGURED: 501,
  E_INDEX_QUEUE_OVERFLOW: 503,
  E_NODE_CLOSED: 503,
  E_API_BAD_REQUEST: 400,
  E_API_NOT_FOUND: 404,
  E_API_PAYLOAD_TOO_LARGE: 413,
  E_API_UNSUPPORTED_MEDIA_TYPE: 415,
  E_INTERNAL: 500,
} as const satisfies Record<ErrorCode, number>;

/** The HTTP status for a catalogue code; 500 for anything not in the catalogue. */
export function httpStatusOf(code: string): number {
  return (HTTP_STATUS_BY_CODE as Record<string, number>)[code] ?? 500;
}

/**
 * fastify's (and its plugins') error codes that a client can cause, as catalogue codes. Errors
 * not listed fall back on their `statusCode` (see apiCodeOfFrameworkError).
 */
export const FRAMEWORK_ERROR_CODES: Readonly<Record<string, ErrorCode>> = {
  FST_ERR_VALIDATION: 'E_API_BAD_REQUEST',
  FST_ERR_NOT_FOUND: 'E_API_NOT_FOUND',
  FST_ERR_BAD_URL: 'E_API_BAD_REQUEST',
  FST_ERR_ASYNC_CONSTRAINT: 'E_API_BAD_REQUEST',
  FST_ERR_CTP_BODY_TOO_LARGE: 'E_API_PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'E_API_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'E_API_BAD_REQUEST',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'E_API_BAD_REQUEST',
  FST_ERR_CTP_INVALID_JSON_BODY: 'E_API_BAD_REQUEST',
  FST_REQ_FILE_TOO_LARGE: 'E_API_PAYLOAD_TOO_LARGE',
  FST_PARTS_LIMIT: 'E_API_PAYLOAD_TOO_LARGE',
  FST_FILES_LIMIT: 'E_API_PAYLOAD_TOO_LARGE',
  FST_FIELDS_LIMIT: 'E_API_PAYLOAD_TOO_LARGE',
  FST_PROTO_VIOLATION: 'E_API_BAD_REQUEST',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'E_API_UNSUPPORTED_MEDIA_TYPE',
  FST_INVALID_JSON_FIELD_ERROR: 'E_API_BAD_REQUEST',
  FST_MP_PREMATURE_CLOSE: 'E_API_BAD_REQUEST',
};

/**
 * The catalogue code for an error thrown by fastify or a plugin (not a SharpeyeError): by its
 * `code` when listed in FRAMEWORK_ERROR_CODES, else by its `statusCode` (413, 415, 404, other
 * 4xx -> bad request); anything else is E_INTERNAL.
 */
export function apiCodeOfFrameworkError(err: { code?: unknown; statusCode?: unknown }): ErrorCode {
  if (typeof err.code === 'string' && err.code in FRAMEWORK_ERROR_CODES) return FRAMEWORK_ERROR_CODES[err.code];
  const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
  if (status === 413) return 'E_API_PAYLOAD_TOO_LARGE';
  if (status === 415) return 'E_API_UNSUPPORTED_MEDIA_TYPE';
  if (status === 404) return 'E_API_NOT_FOUND';
  if (status >= 400 && status < 500) return 'E_API_BAD_REQUEST';
  return 'E_INTERNAL';
}
