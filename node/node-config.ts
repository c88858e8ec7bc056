// The node's config model: the serve config (detector, store, webhooks, cameras, each composed
// from its stage's schema) plus the node's own sections (`api`, `log`). One schema for the YAML
// loader, the CLI flags and the API; defaults and bounds live in the stage schemas only.
// `sharpeye config schema` prints it as JSON Schema (node-config-json-schema.ts).
import { Type, type Static } from '@sinclair/typebox';
import { configFileScope, deepFreeze, validateConfig, type ConfigFileScope } from '../core/index.js';
import {
  loadServeConfig, resolveCameraFile, ServeConfigSchema, validateCameraRules, validateServeCamera, validateServeConfig,
  type CameraRules, type ServeCameraConfig, type ServeConfig,
} from '../worker/index.js';

const MiB = 1_048_576;
/** An allowed browser origin: scheme, host and optional port, nothing after (no path, no wildcard). */
const ORIGIN = '^https?://(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)(:[0-9]{1,5})?$';

export const SseConfigSchema = Type.Object({
  heartbeatSeconds: Type.Number({ description: 'comment line sent on an idle alert stream this often, so proxies keep it open and dead clients are noticed', default: 15, minimum: 1, maximum: 300 }),
  clientBufferEvents: Type.Integer({ description: 'alerts buffered for one slow client; past it the oldest are dropped and the client is told (it can fetch them from GET /api/alerts)', default: 256, minimum: 1, maximum: 100_000 }),
}, { additionalProperties: false, default: {}, description: 'Server-Sent Events of /api/alerts/stream' });

export const CorsConfigSchema = Type.Object({
  origins: Type.Array(Type.String({ pattern: ORIGIN, description: 'an origin: scheme://host[:port]' }), { description: 'browser origins allowed to call the API (e.g. https://console.example.org); empty: CORS off, only same-origin pages and non-browser clients', default: [], maxItems: 100 }),
  maxAgeSeconds: Type.Integer({ description: 'how long a browser may cache a preflight answer', default: 600, minimum: 0, maximum: 86_400 }),
}, { additionalProperties: false, default: {}, description: 'cross-origin requests from browsers; off unless origins are listed' });

export const ApiConfigSchema = Type.Object({
  host: Type.String({ description: 'address the HTTP API listens on; 0.0.0.0 or :: exposes it to the network (flag --host wins)', default: '127.0.0.1', minLength: 1, maxLength: 253 }),
  port: Type.Integer({ description: 'TCP port of the HTTP API; 0 picks a free one (flag --port wins)', default: 8480, minimum: 0, maximum: 65_535 }),
  bodyLimitBytes: Type.Integer({ description: 'largest JSON request body; larger ones get 413 E_API_PAYLOAD_TOO_LARGE', default: MiB, minimum: 1024, maximum: 64 * MiB }),
  uploadLimitBytes: Type.Integer({ description: 'largest uploaded image (multipart, POST /api/search/similar); larger ones get 413 E_API_PAYLOAD_TOO_LARGE', default: 8 * MiB, minimum: 1024, maximum: 64 * MiB }),
  cors: CorsConfigSchema,
  sse: SseConfigSchema,
}, { additionalProperties: false, default: {}, description: 'the HTTP API (see README "API")' });

export const LogConfigSchema = Type.Object({
  level: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)), { description: 'least severe operational log line written (pino levels)', default: 'info' }),
}, { additionalProperties: false, default: {}, description: 'operational logs (JSON lines on stderr; pretty on a terminal)' });

export const NodeConfigSchema = Type.Object({
  ...ServeConfigSchema.properties,
  api: ApiConfigSchema,
  log: LogConfigSchema,
}, { additionalProperties: false }); // no description: a document that is not a mapping is told "expected object, got a list"

export type SseConfig = Static<typeof SseConfigSchema>;
export type CorsConfig = Static<typeof CorsConfigSchema>;
export type ApiConfig = Static<typeof ApiConfigSchema>;
export type LogConfig = Static<typeof LogConfigSchema>;
export type LogLevel = LogConfig['level'];
/** A validated node config: cameras with their rules resolved, every default filled, deep-frozen. */
export type NodeConfig = ServeConfig & { readonly api: ApiConfig; readonly log: LogConfig };

export interface LoadNodeConfigOptions {
  /** Folders besides the config's own that its file names may reach (`--config-root`). @defaultValue [] */
  roots?: readonly string[];
}

/**
 * Reads, validates and freezes a node config file: one pass over the whole document with
 * NodeConfigSchema (every section, path-named errors), then the serve config's own checks (camera
 * URLs and credentials, webhooks, rules and rules files, files kept inside the config folder or
 * `o.roots`; see loadServeConfig). Throws one E_CONFIG_INVALID naming the file and the field.
 */
export async function loadNodeConfig(path: string, o: LoadNodeConfigOptions = {}): Promise<NodeConfig> {
  return await loadServeConfig(path, { roots: o.roots, schema: NodeConfigSchema }) as NodeConfig;
}

/**
 * Validates a parsed node config document without touching the disk (rules files given by name in
 * `rulesFiles`, file names not resolved); `source` names it in errors. For tests and documents
 * that do not come from a file.
 */
export function validateNodeConfig(value: unknown, source: string, rulesFiles: ReadonlyMap<string, unknown> = new Map()): NodeConfig {
  return validateServeConfig(value, source, rulesFiles, NodeConfigSchema) as NodeConfig;
}

/** The API flags of `serve` (`--host`, `--port`): validated by ApiConfigSchema, absent ones left out. */
export interface ApiOverrides {
  host?: string;
  port?: number;
}

/** `config` with the API flags applied (the flags win over the file), validated and frozen again. */
export function withApiOverrides(config: NodeConfig, overrides: ApiOverrides, source = 'command line'): NodeConfig {
  const given = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  if (Object.keys(given).length === 0) return config;
  const api = validateConfig(ApiConfigSchema, { ...config.api, ...given }, source, (p) => `api.${p}`);
  return deepFreeze({ ...config, api });
}

/** The folders a config's file names may reach; keep it to validate API camera documents like the file's own. */
export function nodeConfigScope(configPath: string, o: LoadNodeConfigOptions = {}): Promise<ConfigFileScope> {
  return configFileScope(configPath, o.roots);
}

export interface CameraDocumentOptions {
  /** The node config's `allowFiles`. */
  allowFiles: boolean;
  /** The config file's scope (nodeConfigScope): a file camera's path must lie inside it, as in the file. */
  scope: ConfigFileScope;
}

/**
 * Validates one camera entry sent to the API (add, or the merged result of a change) exactly like
 * a camera of the config file: schema and defaults, URL scheme, credentials moved out of the URL,
 * motion masks, inline rules; a file camera (allowFiles) must be inside the config's scope.
 * `rulesFile` is refused. Throws E_CONFIG_INVALID, e.g. `API: camera.fps: ...`.
 */
export async function validateCameraDocument(value: unknown, source: string, o: CameraDocumentOptions): Promise<ServeCameraConfig> {
  const camera = validateServeCamera(value, source, { allowFiles: o.allowFiles });
  return deepFreeze(await resolveCameraFile(camera, 'camera.url', source, o.scope));
}

/** Validates a rules document sent to the API like a rules file (E_CONFIG_INVALID naming the field). */
export function validateRulesDocument(value: unknown, source: string): CameraRules {
  return validateCameraRules(value, source);
}
