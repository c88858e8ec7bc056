// A minimal fastify app around the live route plugins (alerts, metrics, search, traffic) for their
// tests, with a small stand-in for the API's error handler ({ error: { code, message } }, status by
// code). The real app (api/app.ts) registers the same plugins with the same options.
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { isSharpeyeError } from '../../core/index.js';
import type { NodePorts } from '../../node/index.js';
import { alertsRoutes, type AlertsRoutesOptions } from '../../api/routes/alerts.js';
import { metricsRoutes } from '../../api/routes/metrics.js';
import { searchRoutes, type SearchRoutesOptions } from '../../api/routes/search.js';
import { trafficRoutes } from '../../api/routes/traffic.js';
import { ErrorResponseSchema } from '../../api/schemas/error-schema.js';

const STATUS: Record<string, number> = {
  E_API_BAD_REQUEST: 400, E_IMAGE_DECODE: 400, E_CONFIG_INVALID: 400, E_STORE_QUERY_INVALID: 400,
  E_EVENT_NOT_FOUND: 404, E_CAMERA_NOT_FOUND: 404, E_API_NOT_FOUND: 404,
  E_API_PAYLOAD_TOO_LARGE: 413, E_API_UNSUPPORTED_MEDIA_TYPE: 415, E_EVENT_NO_EMBEDDING: 422,
  E_STORE_NOT_CONFIGURED: 501, E_NODE_CLOSED: 503,
};

export interface LiveAppOptions {
  alerts?: Omit<AlertsRoutesOptions, 'ports'>;
  search?: Omit<SearchRoutesOptions, 'ports'>;
}

export interface LiveApp {
  readonly app: FastifyInstance;
  /** http://127.0.0.1:PORT */
  readonly url: string;
  close(): Promise<void>;
}

/** Builds the app over `ports` and listens on a free port of 127.0.0.1. */
export async function startLiveApp(ports: NodePorts, o: LiveAppOptions = {}): Promise<LiveApp> {
  // The validator options and JSON-only bodies of api/app.ts: unknown fields are errors, no defaults filled in.
  const app = Fastify({ logger: false, ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: false } } });
  app.removeContentTypeParser('text/plain');
  app.addSchema(ErrorResponseSchema); // the routes' error answers refer to it, as in api/app.ts
  app.setErrorHandler((err: FastifyError, _request, reply) => {
    const code = isSharpeyeError(err) ? err.code : frameworkCode(err);
    return reply.code(STATUS[code] ?? 500).send({ error: { code, message: err.message } });
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: { code: 'E_API_NOT_FOUND', message: 'no route' } }));
  await app.register(metricsRoutes, { ports });
  await app.register(alertsRoutes, { ports, ...o.alerts });
  await app.register(searchRoutes, { ports, ...o.search });
  await app.register(trafficRoutes, { ports });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url: address, close: () => app.close() };
}

function frameworkCode(err: FastifyError): string {
  if (err.validation) return 'E_API_BAD_REQUEST';
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.statusCode === 413) return 'E_API_PAYLOAD_TOO_LARGE';
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || err.statusCode === 415) return 'E_API_UNSUPPORTED_MEDIA_TYPE';
  return (err.statusCode ?? 500) < 500 ? 'E_API_BAD_REQUEST' : 'E_INTERNAL';
}
