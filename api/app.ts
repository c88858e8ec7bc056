// The HTTP API: a fastify app built over a node's ports (never over pipeline internals).
// (Skeleton: the api-core helper owns this file; route groups are plugins in api/routes/, each
// `FastifyPluginAsync<{ ports: NodePorts }>`; the api-live helper owns alerts, metrics, search, traffic.)
import type { NodePorts } from '../node/index.js';

export interface ApiOptions {
  /** @defaultValue '127.0.0.1' */
  host?: string;
  /** @defaultValue 8480; 0 picks a free port */
  port?: number;
}

export interface ApiServer {
  /** e.g. http://127.0.0.1:8480 */
  readonly url: string;
  /** Stops accepting, ends SSE streams, waits for requests in flight. Idempotent. */
  close(): Promise<void>;
}

/** Builds the app over `ports` and listens on host:port. Throws E_API_LISTEN... (skeleton: listens on nothing). */
export async function startApiServer(_ports: NodePorts, _options: ApiOptions = {}): Promise<ApiServer> {
  return { url: '', close: async () => {} };
}
