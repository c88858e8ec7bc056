// The HTTP API: a fastify app built over a node's ports (never over pipeline internals). Route
// groups are plugins in api/routes/ (`FastifyPluginAsync<{ ports: NodePorts }>`); TypeBox schemas
// on every route validate requests, serialize answers and make the OpenAPI document at
// /openapi.json, shown at /docs. Errors have one shape (error-handler.ts, http-status.ts).
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { NodePorts } from '../node/index.js';
import { installCors, type CorsOptions } from './cors.js';
import { installErrorHandlers } from './error-handler.js';
import { ErrorResponseSchema } from './schemas/error-schema.js';
import { healthRoutes } from './routes/health.js';
import { camerasRoutes } from './routes/cameras.js';
import { rulesRoutes } from './routes/rules.js';
import { eventsRoutes } from './routes/events.js';
import { exportRoutes } from './routes/export.js';
import { alertsRoutes, type AlertsRoutesOptions } from './routes/alerts.js';
import { metricsRoutes } from './routes/metrics.js';
import { searchRoutes } from './routes/search.js';
import { trafficRoutes } from './routes/traffic.js';

export type { CorsOptions } from './cors.js';

/** Size limits the routes read from `app.apiLimits` (the search plugin takes its upload limit from here). */
export interface ApiLimits {
  readonly bodyLimitBytes: number;
  readonly uploadLimitBytes: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    readonly apiLimits: ApiLimits;
    /**
     * Aborted when close() begins (fastify's preClose), before the server waits for open
     * connections: long-lived answers (SSE) pass it on, e.g. to ports.alerts.stream({ signal }),
     * and end. Ending them in an onClose hook would be too late: fastify's server close (itself
     * an onClose hook) waits for every connection first.
     */
    readonly apiClosing: AbortSignal;
  }
}

export interface ApiOptions {
  /** @defaultValue '127.0.0.1' */
  host?: string;
  /** @defaultValue 8480; 0 picks a free port */
  port?: number;
  /** Largest JSON request body. @defaultValue 1 MiB */
  bodyLimitBytes?: number;
  /** Largest uploaded image (POST /api/search/similar, multipart). @defaultValue 8 MiB */
  uploadLimitBytes?: number;
  /** Cross-origin access; off unless origins are given. */
  cors?: CorsOptions;
  /** A pino logger for request logs (the node's, with its redaction); none when absent. */
  logger?: FastifyBaseLogger;
  /** The alert stream's heartbeat, per-client buffer, retry hint and close grace (GET /api/alerts/stream). @defaultValue alertsRoutes' defaults */
  alertStream?: Omit<AlertsRoutesOptions, 'ports'>;
}

export const API_DEFAULTS = Object.freeze({ host: '127.0.0.1', port: 8480, bodyLimitBytes: 1024 * 1024, uploadLimitBytes: 8 * 1024 * 1024 });

export interface ApiServer {
  /** e.g. http://127.0.0.1:8480 */
  readonly url: string;
  /** Stops accepting, ends SSE streams, waits for requests in flight. Idempotent. */
  close(): Promise<void>;
}

/** The app over `ports`, routes registered and ready, not listening (tests use `inject`). */
export async function buildApi(ports: NodePorts, options: ApiOptions = {}): Promise<FastifyInstance> {
  const limits: ApiLimits = {
    bodyLimitBytes: options.bodyLimitBytes ?? API_DEFAULTS.bodyLimitBytes,
    uploadLimitBytes: options.uploadLimitBytes ?? API_DEFAULTS.uploadLimitBytes,
  };
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    bodyLimit: limits.bodyLimitBytes,
    // Unknown query parameters and body fields are errors, not silently dropped (a typo such as
    // `lable=car` would otherwise list every event). No defaults are filled in: a PATCH must reach
    // the node as sent, or the defaults of the fields it left out would overwrite their values.
    // Routes apply their query defaults in code (the schemas still show them in OpenAPI).
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: false } },
    // A request (headers and body, not the answer: SSE streams are unaffected) must arrive within
    // this, so slow senders cannot hold sockets open (fastify's default is no limit).
    requestTimeout: 120_000,
    // Event ids are up to 151 characters (fastify's default cut is 100).
    routerOptions: { maxParamLength: 200 },
    // One log line per request (below), without the query string, instead of fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.decorate('apiLimits', limits);
  installGracefulClose(app);
  installRequestLog(app);
  installErrorHandlers(app);
  installCors(app, options.cors);
  // JSON only (fastify also parses text/plain by default): any other body is a 415. Routes that
  // take uploads (search) add the multipart parser in their own plugin.
  app.removeContentTypeParser('text/plain');
  app.addSchema(ErrorResponseSchema);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'sharpeye API', version: '1', description: 'Cameras, object events, alerts, traffic statistics and metrics of a sharpeye node.' },
      tags: ['health', 'cameras', 'rules', 'events', 'search', 'alerts', 'traffic', 'metrics'].map((name) => ({ name })),
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  // Until the web console exists (issue 10), the root sends people to the API docs.
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/docs', 302));
  for (const plugin of [healthRoutes, camerasRoutes, rulesRoutes, eventsRoutes, exportRoutes]) await app.register(plugin, { ports });
  await app.register(alertsRoutes, { ports, ...options.alertStream });
  for (const plugin of [metricsRoutes, searchRoutes, trafficRoutes]) await app.register(plugin, { ports });
  await app.ready();
  return app;
}

/** One structured line per answered request: debug when it went well, info for 4xx, warn for 5xx. */
function installRequestLog(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    const status = reply.statusCode;
    const level = status >= 500 ? 'warn' : status >= 400 ? 'info' : 'debug';
    request.log[level]({ method: request.method, path: request.url.split('?')[0], status, ms: Math.round(reply.elapsedTime) }, 'API request');
  });
}

/**
 * `app.apiClosing` fires when close() begins. Once it has, answers still going out end their connection: otherwise a keep-alive
 * socket that goes idle after the close started would hold close() for fastify's keep-alive
 * timeout (72 s), since only connections idle at the start are closed at once.
 */
function installGracefulClose(app: FastifyInstance): void {
  let closing = false;
  const closingController = new AbortController();
  app.decorate('apiClosing', closingController.signal);
  app.addHook('preClose', async () => {
    closing = true;
    closingController.abort();
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });
}

/**
 * Builds the app over `ports` and listens on host:port. Listening failures (port taken, address
 * not local) reject with the system error (EADDRINUSE, EADDRNOTAVAIL) after the app is closed.
 */
export async function startApiServer(ports: NodePorts, options: ApiOptions = {}): Promise<ApiServer> {
  const app = await buildApi(ports, options);
  try {
    await app.listen({ host: options.host ?? API_DEFAULTS.host, port: options.port ?? API_DEFAULTS.port });
  } catch (err) {
    await app.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port ?? API_DEFAULTS.port;
  const host = options.host ?? API_DEFAULTS.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | undefined;
  return { url, close: () => (closing ??= app.close()) };
}
