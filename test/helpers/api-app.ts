// The API app over the ports test harness (test/helpers/api-ports.ts), torn down with the test.
import type { Test } from 'tap';
import type { FastifyInstance } from 'fastify';
import { buildApi, type ApiOptions } from '../../api/app.js';
import { createApiTestPorts, type ApiTestPorts } from './api-ports.js';

export interface ApiTestApp extends ApiTestPorts {
  readonly app: FastifyInstance;
}

/** A harness and the app over it; both closed at the end of `t`. */
export async function apiTestApp(t: Test, o: ApiOptions & { events?: number; seed?: number } = {}): Promise<ApiTestApp> {
  const { events, seed, ...options } = o;
  const harness = await createApiTestPorts({ events, seed });
  const app = await buildApi(harness.ports, options);
  t.teardown(async () => {
    await app.close();
    await harness.close();
  });
  return { ...harness, app };
}

/** The parsed `{ error }` of an answer, or a tap failure when it is not one. */
export function errorOf(body: string): { code: string; message: string } {
  const parsed = JSON.parse(body) as { error?: { code: string; message: string } };
  if (!parsed.error) throw new Error(`not an error answer: ${body.slice(0, 200)}`);
  return parsed.error;
}
