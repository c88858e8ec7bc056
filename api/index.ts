// Public surface of api/: the fastify app over a node's ports.
export { startApiServer, type ApiOptions, type ApiServer } from './app.js';
