// `serve --host H --port P`: the API flags, validated by the node config's ApiConfigSchema (the
// same bounds as `api.host` / `api.port` in the file); the flags win over the file
// (node/node-config.ts withApiOverrides).
import { ApiConfigSchema, type ApiOverrides } from '../node/index.js';
import { parseSchemaOption } from './parse-options.js';

export const API_FLAGS = {
  host: { type: 'string' },
  port: { type: 'string' },
} as const;

const { host, port } = ApiConfigSchema.properties;
export const API_HELP = [
  `  --host H            address the API listens on (config api.host; default ${host.default})`,
  `  --port P            API port, ${port.minimum}..${port.maximum}, 0 = any free port (config api.port; default ${port.default})`,
].join('\n');

/** The API flags that were given, checked against ApiConfigSchema; apply with withApiOverrides(config, overrides). */
export function apiOverridesFrom(values: { host?: string; port?: string }): ApiOverrides {
  return {
    ...(values.host !== undefined ? { host: values.host } : {}),
    ...(values.port !== undefined ? { port: parseSchemaOption('port', values.port, port) } : {}),
  };
}
