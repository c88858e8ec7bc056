// The one catalogue of sharpeye error codes. Every SharpeyeError carries one of these codes; the
// README's "Error codes" table documents each, and a test keeps the two in step.

export interface ErrorCodeInfo {
  /** What the code means, in one line (also the README text). */
  readonly description: string;
  /** Whether retrying the same operation later may succeed (network, busy server). */
  readonly retryable: boolean;
}

export const ERROR_CODES = {
  E_CONFIG_INVALID: { description: 'A configuration value or CLI option failed validation.', retryable: false },
  E_INPUT_NOT_FOUND: { description: 'An input file (image, video, config) does not exist or is not readable.', retryable: false },
  E_INPUT_UNSUPPORTED_URL: { description: 'A source URL uses a scheme sharpeye does not read.', retryable: false },
  E_INPUT_TOO_LARGE: { description: 'An image or video frame has more pixels than the configured limit (maxInputPixels, --max-input-pixels); it is refused before it is decoded.', retryable: false },
  E_IMAGE_DECODE: { description: 'An image file could not be decoded (not an image, or corrupt).', retryable: false },
  E_INGEST_SPAWN: { description: 'The decoder child process (ffmpeg, gst-launch-1.0) could not be started.', retryable: false },
  E_INGEST_DECODE: { description: 'The decoder failed on the input: corrupt, truncated or not a video.', retryable: false },
  E_INGEST_UNREACHABLE: { description: 'A stream could not be reached (connection refused, timeout, DNS).', retryable: true },
  E_INGEST_NOT_FOUND: { description: 'The stream or file was not found by the decoder (404, missing path).', retryable: false },
  E_INGEST_UNAUTHORIZED: { description: 'The stream refused the credentials (401/403).', retryable: false },
  E_INGEST_STALLED: { description: 'No frame arrived within the stall timeout.', retryable: true },
  E_INGEST_ABORTED: { description: 'Frame reading was cancelled by its AbortSignal.', retryable: false },
  E_INGEST_KILLED: { description: 'The decoder child process was killed by a signal from outside (OOM killer, operator); not a fault of the stream.', retryable: true },
  E_MODEL_UNKNOWN: { description: 'A model name is not in the manifest and is not a path to a file.', retryable: false },
  E_MODEL_NOT_FOUND: { description: 'A model file could not be found in any source (path, model dir, cache, mirror, URL).', retryable: false },
  E_MODEL_CHECKSUM: { description: 'A model file does not match the sha256 in the manifest.', retryable: false },
  E_MODEL_DOWNLOAD: { description: 'Downloading a model from its URL or mirror failed.', retryable: true },
  E_MODEL_LOAD: { description: 'onnxruntime could not load the model file.', retryable: false },
  E_MODEL_SHAPE: { description: "A model's inputs or outputs match no supported family.", retryable: false },
  E_MODEL_PROVIDER: { description: 'The requested execution provider is not available in this onnxruntime build.', retryable: false },
  E_INFERENCE_RUN: { description: 'onnxruntime failed while running a model.', retryable: true },
  E_WEBHOOK_DELIVERY: { description: 'A webhook could not be delivered: network error, timeout, or a 408, 429 or 5xx answer.', retryable: true },
  E_WEBHOOK_REJECTED: { description: 'A webhook receiver refused a delivery with a 4xx or redirect answer; it is not retried.', retryable: false },
  E_WEBHOOK_BLOCKED: { description: 'A webhook host resolved to an address sharpeye does not send to (link-local, cloud metadata, unspecified, multicast); it is not retried.', retryable: false },
  E_STORE_UNREACHABLE: { description: 'The event store backend (Milvus) could not be reached or timed out; writes stay buffered and are retried.', retryable: true },
  E_STORE_REJECTED: { description: 'The event store backend refused a request (invalid expression, parameters or data); see details.reason.', retryable: false },
  E_STORE_SCHEMA: { description: 'An existing event collection or table does not match the configuration (dimension, fields); use another name or migrate.', retryable: false },
  E_STORE_RECORD_INVALID: { description: 'An event record cannot be stored: wrong embedding length, oversized event or too many zones.', retryable: false },
  E_STORE_OVERFLOW: { description: 'The event store write buffer was full; the oldest buffered records were dropped and counted.', retryable: false },
  E_STORE_CLOSED: { description: 'The event store was used after close().', retryable: false },
  E_STORE_QUERY_INVALID: { description: 'An event store query is invalid: query vector length or values, cursor, limit or k, order or filter values.', retryable: false },
  E_STORE_PLATE_PATTERN: { description: 'A plate filter is not a valid pattern: empty, longer than 32 symbols, only `*`, or a symbol other than letters, digits, Chinese characters, `*` and `?`.', retryable: false },
  E_STORE_OPEN: { description: 'The embedded event store file could not be opened or created (missing folder rights, not a SQLite file).', retryable: false },
  E_STORE_NOT_FOUND: { description: 'A read-only command named an event store that does not exist (no such SQLite file or Milvus collection); nothing was created.', retryable: false },
  E_STORE_IO: { description: 'The embedded event store failed to read or write its file (locked by another process, disk full, I/O error).', retryable: true },
  E_CAMERA_NOT_FOUND: { description: 'No camera with this id is configured on the node.', retryable: false },
  E_CAMERA_EXISTS: { description: 'A camera with this id already exists; change it instead, or pick another id.', retryable: false },
  E_EVENT_NOT_FOUND: { description: 'No stored object event has this id (deleted by retention, or never stored).', retryable: false },
  E_EVENT_NO_EMBEDDING: { description: 'The object event has no appearance embedding (its label is not embedded, or it had no view), so it cannot be searched by similarity.', retryable: false },
  E_IMAGE_NOT_FOUND: { description: 'The requested image (event snapshot or thumbnail, latest camera frame) does not exist (yet).', retryable: false },
  E_STORE_NOT_CONFIGURED: { description: 'The node runs without an event store (config `store`), so events cannot be listed or searched.', retryable: false },
  E_INDEX_QUEUE_OVERFLOW: { description: 'The hand-off from analytics to the indexer was full; the oldest queued object records were dropped and counted.', retryable: false },
  E_NODE_CLOSED: { description: 'The node was used after close(), or is shutting down.', retryable: false },
  E_API_BAD_REQUEST: { description: 'An HTTP request failed validation (path, query, headers or body); the message names the field.', retryable: false },
  E_API_NOT_FOUND: { description: 'No API route matches this method and path.', retryable: false },
  E_API_PAYLOAD_TOO_LARGE: { description: 'An HTTP request body or upload is larger than the API accepts.', retryable: false },
  E_API_UNSUPPORTED_MEDIA_TYPE: { description: 'An HTTP request body has a content type the route does not accept.', retryable: false },
  E_INTERNAL: { description: 'An unexpected internal failure; please report it with the log line.', retryable: false },
} as const satisfies Record<string, ErrorCodeInfo>;

export type ErrorCode = keyof typeof ERROR_CODES;
