// One error answer for the whole API: `{ error: { code, message } }` with the status from
// api/http-status.ts. Messages never echo request bodies (a JSON syntax error would quote the
// body, which may hold a camera password) nor internal details (paths, stderr) of server faults:
// those get the catalogue's description and the request id, and the full error goes to the log.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CODES, SharpeyeError, type ErrorCode } from '../core/index.js';
import { apiCodeOfFrameworkError, httpStatusOf } from './http-status.js';
import type { ErrorResponse } from './schemas/error-schema.js';

type AjvError = { instancePath?: string; keyword?: string; message?: string; params?: Record<string, unknown> };

/** Server-side codes whose message explains a state of the node, not its internals, so it is shown. */
const EXPLAINED_SERVER_CODES: ReadonlySet<ErrorCode> = new Set(['E_STORE_NOT_CONFIGURED', 'E_NODE_CLOSED', 'E_INDEX_QUEUE_OVERFLOW', 'E_STORE_OVERFLOW']);

const PART_NAMES: Record<string, string> = { querystring: 'query parameter', body: 'body field', params: 'path parameter', headers: 'header' };

/** Installs the error and not-found handlers on the root instance (child plugins inherit them). */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0].slice(0, 200);
    void sendError(reply, 'E_API_NOT_FOUND', `no API route for ${request.method} ${path}; see /docs for the routes`);
  });
  app.setErrorHandler((err: FastifyError | SharpeyeError, request, reply) => {
    const { code, message } = describeError(err, request);
    const status = httpStatusOf(code);
    if (status >= 500) request.log.error({ err, code }, 'API request failed');
    else request.log.debug({ code }, message);
    return sendError(reply, code, message);
  });
}

/** Sends the error shape with the code's status. */
export function sendError(reply: FastifyReply, code: ErrorCode, message: string): FastifyReply {
  const body: ErrorResponse = { error: { code, message } };
  return reply.code(httpStatusOf(code)).type('application/json; charset=utf-8').send(body);
}

/** The catalogue code and a message that is safe to show for any error a request can raise. */
export function describeError(err: unknown, request: FastifyRequest): { code: ErrorCode; message: string } {
  if (err instanceof SharpeyeError) {
    const status = httpStatusOf(err.code);
    // Client errors and node states (closing, no store) are explained; server faults (with paths,
    // hosts or decoder output in their messages) are not quoted.
    const safe = status < 500 || EXPLAINED_SERVER_CODES.has(err.code);
    return { code: err.code, message: safe ? err.message : serverFault(err.code, request) };
  }
  const e = err as FastifyError;
  const code = apiCodeOfFrameworkError(e);
  if (code === 'E_INTERNAL') return { code, message: serverFault(code, request) };
  if (Array.isArray(e.validation) && e.validation.length > 0) {
    return { code, message: validationMessage(e.validation as AjvError[], e.validationContext ?? 'request') };
  }
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    const type = String(request.headers['content-type'] ?? '').split(';')[0].trim().slice(0, 100);
    return { code, message: `this route does not take a body of type '${type}'; send application/json` };
  }
  if (typeof e.code === 'string' && e.code.startsWith('FST_')) return { code, message: e.message };
  // Errors without a fastify code (a JSON syntax error from the body parser) may quote the body.
  return { code, message: ERROR_CODES[code].description };
}

function serverFault(code: ErrorCode, request: FastifyRequest): string {
  return `${ERROR_CODES[code].description} (request ${request.id}; the details are in the server log)`;
}

/** `query parameter 'limit' must be <= 1000`: names the part and the field of the first problem. */
export function validationMessage(errors: readonly AjvError[], context: string): string {
  const first = errors[0];
  const part = PART_NAMES[context] ?? context;
  const path = (first.instancePath ?? '').split('/').filter(Boolean).map(unescapePointer);
  const params = first.params ?? {};
  if (first.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    return `${part} '${[...path, params.additionalProperty].join('.')}' is not allowed here${hint(context)}`;
  }
  if (first.keyword === 'required' && typeof params.missingProperty === 'string') {
    return `${part} '${[...path, params.missingProperty].join('.')}' is required`;
  }
  if (path.length === 0) return `${context === 'body' ? 'request body' : part} ${first.message ?? 'is invalid'}`;
  return `${part} '${path.join('.')}' ${first.message ?? 'is invalid'}`;
}

const hint = (context: string): string => (context === 'querystring' ? ' (see /docs for the parameters of this route)' : '');

const unescapePointer = (s: string): string => s.replace(/~1/g, '/').replace(/~0/g, '~');
