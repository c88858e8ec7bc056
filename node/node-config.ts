// The node's config model: the serve config (detector, store, webhooks, cameras, each composed
// from its stage's schema) plus the node's own sections (api). One schema for the YAML loader,
// the CLI flags and the API; `sharpeye config schema` prints it as JSON Schema.
// (Skeleton: the config helper owns this file and fills it in.)
import { Type, type Static } from '@sinclair/typebox';
import { ServeConfigSchema, type ServeConfig } from '../worker/index.js';

export const ApiConfigSchema = Type.Object({
  host: Type.String({ description: 'address the HTTP API listens on (flag --host wins)', default: '127.0.0.1', minLength: 1 }),
  port: Type.Integer({ description: 'TCP port of the HTTP API; 0 picks a free one (flag --port wins)', default: 8480, minimum: 0, maximum: 65_535 }),
}, { additionalProperties: false, default: {} });

export const NodeConfigSchema = Type.Object({
  ...ServeConfigSchema.properties,
  api: ApiConfigSchema,
}, { additionalProperties: false });

export type ApiConfig = Static<typeof ApiConfigSchema>;
export type NodeConfig = ServeConfig & { api: ApiConfig };

/**
 * Reads, validates and freezes a node config file (see loadServeConfig for the file rules).
 * Throws E_CONFIG_INVALID naming the file and the field. (Skeleton: validates `api` separately.)
 */
export async function loadNodeConfig(path: string, o: { roots?: readonly string[] } = {}): Promise<NodeConfig> {
  const { readYamlFile, validateConfig, deepFreeze } = await import('../core/index.js');
  const { loadServeConfig } = await import('../worker/index.js');
  const doc = (await readYamlFile(path)) as Record<string, unknown> | null;
  const api = validateConfig(ApiConfigSchema, doc?.api ?? {}, path);
  const rest = { ...(doc ?? {}) };
  delete rest.api;
  void rest;
  const serve = await loadServeConfig(path, o); // NOTE: skeleton; the config helper composes this properly (api must be accepted there)
  return deepFreeze({ ...serve, api });
}
