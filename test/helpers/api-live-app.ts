// The real API app (api/app.ts) over the live ports harness (api-live-ports.ts), listening on a
// free port of 127.0.0.1, for the tests of the live routes (alerts, metrics, search, traffic).
import type { FastifyInstance } from 'fastify';
import { buildApi, type ApiOptions } from '../../api/app.js';
import type { NodePorts } from '../../node/index.js';

export interface LiveAppOptions {
  /** The alert stream's heartbeat, buffer, retry hint and close grace. */
  alerts?: ApiOptions['alertStream'];
  search?: { maxImageBytes?: number };
}

export interface LiveApp {
  readonly app: FastifyInstance;
  /** http://127.0.0.1:PORT */
  readonly url: string;
  close(): Promise<void>;
}

/** Builds the app over `ports` and listens on a free port of 127.0.0.1. */
export async function startLiveApp(ports: NodePorts, o: LiveAppOptions = {}): Promise<LiveApp> {
  const app = await buildApi(ports, { alertStream: o.alerts, uploadLimitBytes: o.search?.maxImageBytes });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url: address, close: () => app.close() };
}
