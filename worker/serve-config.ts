// The `sharpeye serve` config file: detector settings and the cameras, composed from each stage's
// schema (ingest's camera entry and motion gate, inference's detector, tiling and embedders, the
// alert webhooks); the node config (node/node-config.ts) adds its own sections on top. Loaded
// once, validated, frozen; every error names the file, the camera and the field.
import { Type, type Static, type TObject } from '@sinclair/typebox';
import { configError, configFileScope, deepFreeze, readYamlFile, validateConfig, type ConfigProblem } from '../core/index.js';
import { CameraConfigSchema, cameraProblems, MotionConfigSchema, type CameraConfig, type MotionConfig } from '../ingest/index.js';
import { simplePolygonProblem } from '../analytics/index.js';
import { DetectorConfigSchema, EmbedderConfigSchema, TilingConfigSchema } from '../inference/index.js';
import { WebhookTargetsSchema, resolveWebhookTargets } from './alerts/index.js';
import { validateCameraRules, type CameraRules } from './rules-file.js';
import { readRulesFiles, resolveConfigPaths } from './serve-config-files.js';
import { PlatesConfigSchema } from './plates/index.js';

export const ServeCameraSchema = Type.Object({
  ...CameraConfigSchema.properties,
  motion: MotionConfigSchema,
  tiling: Type.Optional(TilingConfigSchema),
  track: Type.Boolean({ description: 'track objects and publish object events (on whenever rules are given)', default: false }),
  rules: Type.Optional(Type.Unknown({ description: 'zones, lines, rules and calibration of this camera, inline (see README "Rules")' })),
  rulesFile: Type.Optional(Type.String({ description: "the same in a YAML file, relative to this config file's folder and inside it (or a --config-root folder)", minLength: 1 })),
  gat1400DeviceId: Type.Optional(Type.String({ pattern: '^[0-9]{20}$', description: 'this camera\'s 20-digit GA/T 1400 DeviceID (GB/T 28181 style) for GA/T 1400 exports; absent: a placeholder derived from the camera id (README "GA/T 1400 export")' })),
  gat1400ImageUpBearingDegrees: Type.Optional(Type.Number({ minimum: 0, maximum: 360, description: 'compass bearing (0 north, 90 east) of the image\'s up direction, so GA/T 1400 exports give a direction of travel without a ground calibration' })),
  plates: PlatesConfigSchema,
}, { additionalProperties: false });

export const StoreConfigSchema = Type.Object({
  spec: Type.String({ description: 'sqlite:PATH (embedded) or milvus:HOST:PORT[/COLLECTION]; Milvus credentials from the environment', minLength: 1 }),
  retentionHours: Type.Optional(Type.Number({ description: 'delete object events (and their snapshots) last seen longer ago than this', exclusiveMinimum: 0 })),
  retentionCheckSeconds: Type.Number({ description: 'how often retention runs (also once at start)', default: 3600, minimum: 1, maximum: 86_400 }),
  embedder: Type.Optional(EmbedderConfigSchema),
}, { additionalProperties: false, description: 'the event store for object events, embeddings and snapshots (see README "Event store")' });

export const ServeConfigSchema = Type.Object({
  allowFiles: Type.Boolean({ description: 'accept file paths as camera URLs (looped; for tests and replays)', default: false }),
  detector: DetectorConfigSchema,
  webhooks: Type.Array(WebhookTargetsSchema.items, { description: 'alert webhooks (see README "Alert delivery")', default: [] }),
  snapshotsDir: Type.Optional(Type.String({ description: 'write each object\'s best crop and frame thumbnail (JPEG) here; relative to the config\'s folder and inside it (or a --config-root folder)', minLength: 1 })),
  store: Type.Optional(StoreConfigSchema),
  cameras: Type.Array(ServeCameraSchema, { description: 'cameras to run', minItems: 1 }),
}, { additionalProperties: false });

/** The motion section's schema lives with the motion gate (ingest/motion); re-exported for existing callers. */
export { MotionConfigSchema, type MotionConfig };
export type StoreConfig = Static<typeof StoreConfigSchema>;
/** A camera with its rules resolved (inline or from rulesFile) and validated. */
export type ServeCameraConfig = Omit<Static<typeof ServeCameraSchema>, 'rules'> & { rules?: CameraRules };
export type ServeConfig = Omit<Static<typeof ServeConfigSchema>, 'cameras'> & { cameras: ServeCameraConfig[] };

/**
 * Validates a parsed config document; `source` names it in errors (a file path, 'API').
 * `rulesFiles` holds the parsed documents of the cameras' `rulesFile`s, by the name as written.
 * `schema` is ServeConfigSchema or one composed from it with more sections (the node config);
 * those sections come back validated with the rest.
 */
export function validateServeConfig(value: unknown, source: string, rulesFiles: ReadonlyMap<string, unknown> = new Map(), schema: TObject = ServeConfigSchema): ServeConfig {
  const label = cameraLabel(value);
  const config = validateConfig(schema, value, source, label) as Static<typeof ServeConfigSchema>;
  resolveWebhookTargets(config.webhooks, source, 'webhooks'); // URLs, hosts, secrets: refused here, before anything opens
  const { cameras, problems } = cameraProblems(config.cameras as CameraConfig[], 'cameras', { allowFiles: config.allowFiles });
  problems.push(...config.cameras.flatMap((c, i) => motionMaskProblems(c, `cameras[${i}]`)));
  if (problems.length > 0) throw configError(source, problems, label);
  const withRules = (cameras as Array<Static<typeof ServeCameraSchema>>).map((c, i) => ({ ...c, rules: cameraRules(c, `cameras[${i}]`, source, label, rulesFiles) }));
  return deepFreeze({ ...config, cameras: withRules }) as ServeConfig;
}

/**
 * Validates one camera entry on its own (the API's add and change), with exactly the checks a
 * camera of a config file gets: schema, URL scheme and credentials, motion masks, inline rules.
 * `rulesFile` is refused: only a config file names files. Paths in errors start at `camera`.
 * A file camera's path is not resolved here (see resolveCameraFile).
 */
export function validateServeCamera(value: unknown, source: string, o: { allowFiles?: boolean } = {}): ServeCameraConfig {
  const label = (path: string) => path || 'camera';
  const camera = validateConfig(ServeCameraSchema, value, source, (p) => (p ? `camera.${p}` : 'camera'));
  if (camera.rulesFile !== undefined) throw configError(source, [{ path: 'camera.rulesFile', message: 'rulesFile is for config files; give the rules inline (rules) or set them through the rules endpoint' }]);
  const { cameras, problems } = cameraProblems([camera as CameraConfig], 'camera', { allowFiles: o.allowFiles });
  const checked = cameras[0] as Static<typeof ServeCameraSchema>;
  const all = [...problems.map((p) => ({ ...p, path: p.path.replace(/^camera\[0\]/, 'camera') })), ...motionMaskProblems(checked, 'camera')];
  if (all.length > 0) throw configError(source, all);
  return deepFreeze({ ...checked, rules: cameraRules(checked, 'camera', source, label, new Map()) });
}

function cameraRules(c: Static<typeof ServeCameraSchema>, at: string, source: string, label: (p: string) => string, files: ReadonlyMap<string, unknown>): CameraRules | undefined {
  const problem = (path: string, message: string): never => { throw configError(source, [{ path, message } satisfies ConfigProblem], label); };
  if (c.rules !== undefined && c.rulesFile !== undefined) problem(`${at}.rules`, 'give rules inline or rulesFile, not both');
  if (c.rulesFile !== undefined && !files.has(c.rulesFile)) problem(`${at}.rulesFile`, `${c.rulesFile} was not loaded (rules files are read by loadServeConfig)`);
  const value = c.rulesFile !== undefined ? files.get(c.rulesFile) : c.rules;
  if (value === undefined) return undefined;
  const where = c.rulesFile !== undefined ? `${source}: camera '${c.id}' (${at}.rulesFile ${c.rulesFile})` : `${source}: camera '${c.id}' (${at}.rules)`;
  return validateCameraRules(value, where);
}

export interface LoadServeConfigOptions {
  /**
   * Folders besides the config's own that its file names may reach (`serve --config-root`). Only
   * the operator widens this: a config cannot, since its author may not be trusted with the disk.
   * @defaultValue []
   */
  roots?: readonly string[];
  /**
   * The schema the whole document is validated by: ServeConfigSchema, or one that adds sections
   * to it (the node config adds `api` and `log`); the added sections come back as validated.
   * @defaultValue ServeConfigSchema
   */
  schema?: TObject;
}

/**
 * Reads, validates and freezes the serve config at `path`. Every file it names (rulesFile, model
 * paths, file cameras, snapshotsDir, sqlite:PATH) is resolved against the config's folder and must
 * stay inside it or `o.roots`; rules files are read with the config file limits (see readYamlFile).
 * Throws one E_CONFIG_INVALID naming the file, the path and the field.
 */
export async function loadServeConfig(path: string, o: LoadServeConfigOptions = {}): Promise<ServeConfig> {
  const value = await readYamlFile(path);
  const scope = await configFileScope(path, o.roots);
  // Rules files are read up front, so validation itself stays pure.
  const files = await readRulesFiles(value, path, scope, cameraLabel(value));
  const config = validateServeConfig(value, path, files, o.schema);
  return resolveConfigPaths(config, path, scope, cameraLabel(value));
}

const CAMERA_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** `cameras[2].url` -> `camera 'gate-1' (cameras[2].url)`, using the id as written when it is a valid id. */
function cameraLabel(value: unknown): (path: string) => string {
  const cams = (value as { cameras?: unknown } | null)?.cameras;
  const ids = Array.isArray(cams) ? cams.map((c) => (c as { id?: unknown } | null)?.id) : [];
  return (path: string) => {
    const m = /^cameras\[(\d+)\](.*)$/.exec(path);
    const id = m ? ids[Number(m[1])] : undefined;
    return m && typeof id === 'string' && CAMERA_ID.test(id) ? `camera '${id}' (cameras[${m[1]}]${m[2]})` : path || '(document)';
  };
}

/** Motion masks are zones too: each must be a simple polygon. */
function motionMaskProblems(c: Static<typeof ServeCameraSchema>, at: string): ConfigProblem[] {
  return c.motion.ignore.flatMap((polygon, j) => {
    const problem = simplePolygonProblem(polygon);
    return problem ? [{ path: `${at}.motion.ignore[${j}]`, message: `motion ignore polygon ${problem.message}` }] : [];
  });
}
