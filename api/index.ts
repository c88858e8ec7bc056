// Public surface of api/: the fastify app over a node's ports.
export { startApiServer, buildApi, API_DEFAULTS, type ApiOptions, type ApiServer, type ApiLimits, type CorsOptions } from './app.js';
export { HTTP_STATUS_BY_CODE, httpStatusOf } from './http-status.js';
export { EXPORT_MAX_ROWS } from './routes/export.js';
export { CSV_COLUMNS, csvHeader, csvRow } from './event-csv.js';
