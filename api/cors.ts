// CORS, off unless origins are configured: without them no Access-Control-* header is ever sent,
// so browsers keep other sites' scripts out. With them, a request from a listed origin gets it
// echoed back (never `*`, so credentials cannot be pulled by any site) and preflights are answered.
import type { FastifyInstance } from 'fastify';

export interface CorsOptions {
  /** Exact origins allowed, e.g. `https://console.example.org`. @defaultValue [] (CORS off) */
  readonly origins?: readonly string[];
  /** How long a browser may cache a preflight answer, seconds. @defaultValue 600 */
  readonly maxAgeSeconds?: number;
}

const ALLOW_METHODS = 'GET, POST, PUT, PATCH, DELETE';
const ALLOW_HEADERS = 'Content-Type, Last-Event-ID';

/** Adds the CORS hook and the preflight route when `o.origins` is not empty; does nothing otherwise. */
export function installCors(app: FastifyInstance, o: CorsOptions | undefined): void {
  const origins = new Set(o?.origins ?? []);
  if (origins.size === 0) return;
  const maxAge = String(o?.maxAgeSeconds ?? 600);
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    reply.header('vary', 'Origin');
    if (typeof origin !== 'string' || !origins.has(origin)) return;
    reply.header('access-control-allow-origin', origin);
    reply.header('access-control-expose-headers', 'Location, X-Sharpeye-Row-Cap, Content-Disposition');
    if (request.method === 'OPTIONS') {
      reply.header('access-control-allow-methods', ALLOW_METHODS);
      reply.header('access-control-allow-headers', ALLOW_HEADERS);
      reply.header('access-control-max-age', maxAge);
    }
  });
  app.options('/*', { schema: { hide: true } }, async (_request, reply) => reply.code(204).send());
}
