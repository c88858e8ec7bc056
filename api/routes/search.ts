// Stub: filled in by the api-live helper. Registered by api/app.ts with { ports }.
import type { FastifyPluginAsync } from 'fastify';
import type { NodePorts } from '../../node/index.js';

export const searchRoutes: FastifyPluginAsync<{ ports: NodePorts }> = async () => {};
