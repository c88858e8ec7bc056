// The `sharpeye serve` config file: detector settings and the cameras, composed from each stage's
// schema (ingest's camera entry plus its motion gate). Loaded once, validated, frozen; every error
// names the file, the camera and the field.
import { Type, type Static } from '@sinclair/typebox';
import { dirname, resolve } from 'node:path';
import { configError, deepFreeze, readYamlFile, validateConfig, type ConfigProblem } from '../core/index.js';
import { CameraConfigSchema, cameraProblems, type CameraConfig } from '../ingest/index.js';
import { EmbedderConfigSchema } from '../inference/index.js';
import { WebhookTargetsSchema, resolveWebhookTargets } from './alerts/index.js';
import { validateCameraRules, type CameraRules } from './rules-file.js';

const Point = Type.Tuple([Type.Number({ minimum: 0, maximum: 1 }), Type.Number({ minimum: 0, maximum: 1 })]);

export const MotionConfigSchema = Type.Object({
  enabled: Type.Boolean({ description: 'skip inference on frames without motion while no object is present', default: true }),
  pixelThreshold: Type.Integer({ description: 'grey-level change (0-255) that counts a pixel as moving', default: 25, minimum: 1, maximum: 255 }),
  minChangedFraction: Type.Number({ description: 'fraction of the picture that must change to count as motion', default: 0.003, minimum: 0, maximum: 1 }),
  ignore: Type.Array(Type.Array(Point, { minItems: 3 }), { description: 'polygons (normalised 0..1, origin top-left) where motion is ignored: timestamps, trees', default: [] }),
  holdSeconds: Type.Number({ description: 'keep inferring this long after the last detection', default: 2, minimum: 0, maximum: 3600 }),
  maxSkipSeconds: Type.Number({ description: 'infer at least once this often even without motion', default: 10, minimum: 0.1, maximum: 86_400 }),
}, { additionalProperties: false, default: {} });

export const ServeCameraSchema = Type.Object({
  ...CameraConfigSchema.properties,
  motion: MotionConfigSchema,
  track: Type.Boolean({ description: 'track objects and publish object events (on whenever rules are given)', default: false }),
  rules: Type.Optional(Type.Unknown({ description: 'zones, lines, rules and calibration of this camera, inline (see README "Rules")' })),
  rulesFile: Type.Optional(Type.String({ description: 'the same in a YAML file, relative to this config file', minLength: 1 })),
}, { additionalProperties: false });

export const DetectorConfigSchema = Type.Object({
  model: Type.String({ description: 'manifest name or .onnx path', default: 'yolov8n-int8' }),
  confidence: Type.Number({ description: 'minimum detection score', default: 0.25, minimum: 0, maximum: 1 }),
  iou: Type.Number({ description: 'NMS IoU threshold', default: 0.45, minimum: 0, maximum: 1 }),
  classes: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { description: 'keep only these labels' })),
  provider: Type.Union([Type.Literal('cpu'), Type.Literal('cuda'), Type.Literal('tensorrt')], { description: 'onnxruntime execution provider', default: 'cpu' }),
  sessions: Type.Optional(Type.Integer({ description: 'parallel model sessions shared by all cameras (default: CPU cores)', minimum: 1, maximum: 64 })),
  intraOpThreads: Type.Optional(Type.Integer({ description: 'threads per session', minimum: 1, maximum: 256 })),
}, { additionalProperties: false, default: {} });

export const StoreConfigSchema = Type.Object({
  spec: Type.String({ description: 'sqlite:PATH (embedded) or milvus:HOST:PORT[/COLLECTION]; Milvus credentials from the environment', minLength: 1 }),
  retentionHours: Type.Optional(Type.Number({ description: 'delete object events (and their snapshots) last seen longer ago than this', exclusiveMinimum: 0 })),
  retentionCheckSeconds: Type.Number({ description: 'how often retention runs (also once at start)', default: 3600, minimum: 1, maximum: 86_400 }),
  embedder: Type.Optional(EmbedderConfigSchema),
}, { additionalProperties: false });

export const ServeConfigSchema = Type.Object({
  allowFiles: Type.Boolean({ description: 'accept file paths as camera URLs (looped; for tests and replays)', default: false }),
  detector: DetectorConfigSchema,
  webhooks: Type.Array(WebhookTargetsSchema.items, { description: 'alert webhooks (see README "Alert delivery")', default: [] }),
  snapshotsDir: Type.Optional(Type.String({ description: 'write each object\'s best crop and frame thumbnail (JPEG) here', minLength: 1 })),
  store: Type.Optional(StoreConfigSchema),
  cameras: Type.Array(ServeCameraSchema, { description: 'cameras to run', minItems: 1 }),
}, { additionalProperties: false });

export type MotionConfig = Static<typeof MotionConfigSchema>;
export type StoreConfig = Static<typeof StoreConfigSchema>;
/** A camera with its rules resolved (inline or from rulesFile) and validated. */
export type ServeCameraConfig = Omit<Static<typeof ServeCameraSchema>, 'rules'> & { rules?: CameraRules };
export type ServeConfig = Omit<Static<typeof ServeConfigSchema>, 'cameras'> & { cameras: ServeCameraConfig[] };

/**
 * Validates a parsed config document; `source` names it in errors (a file path, 'API').
 * `rulesFiles` holds the parsed documents of the cameras' `rulesFile`s, by the name as written.
 */
export function validateServeConfig(value: unknown, source: string, rulesFiles: ReadonlyMap<string, unknown> = new Map()): ServeConfig {
  const ids = cameraIds(value);
  const label = (path: string) => {
    const m = /^cameras\[(\d+)\](.*)$/.exec(path);
    const id = m ? ids[Number(m[1])] : undefined;
    return m && id ? `camera '${id}' (cameras[${m[1]}]${m[2]})` : path || '(document)';
  };
  const config = validateConfig(ServeConfigSchema, value, source, label);
  resolveWebhookTargets(config.webhooks, source, 'webhooks'); // URLs, hosts, secrets: refused here, before anything opens
  const { cameras, problems } = cameraProblems(config.cameras as CameraConfig[], 'cameras', { allowFiles: config.allowFiles });
  if (problems.length > 0) throw configError(source, problems, label);
  const withRules = (cameras as Array<Static<typeof ServeCameraSchema>>).map((c, i) => ({ ...c, rules: cameraRules(c, i, source, label, rulesFiles) }));
  return deepFreeze({ ...config, cameras: withRules });
}

function cameraRules(c: Static<typeof ServeCameraSchema>, i: number, source: string, label: (p: string) => string, files: ReadonlyMap<string, unknown>): CameraRules | undefined {
  const problem = (path: string, message: string): never => { throw configError(source, [{ path, message } satisfies ConfigProblem], label); };
  if (c.rules !== undefined && c.rulesFile !== undefined) problem(`cameras[${i}].rules`, 'give rules inline or rulesFile, not both');
  if (c.rulesFile !== undefined && !files.has(c.rulesFile)) problem(`cameras[${i}].rulesFile`, `${c.rulesFile} was not loaded (rules files are read by loadServeConfig)`);
  const value = c.rulesFile !== undefined ? files.get(c.rulesFile) : c.rules;
  if (value === undefined) return undefined;
  const where = c.rulesFile !== undefined ? `${source}: camera '${c.id}' (cameras[${i}].rulesFile ${c.rulesFile})` : `${source}: camera '${c.id}' (cameras[${i}].rules)`;
  return validateCameraRules(value, where);
}

export async function loadServeConfig(path: string): Promise<ServeConfig> {
  const value = await readYamlFile(path);
  // Rules files are read up front (relative to this file), so validation itself stays pure.
  const files = new Map<string, unknown>();
  const cams = (value as { cameras?: unknown } | null)?.cameras;
  for (const c of Array.isArray(cams) ? cams : []) {
    const file = (c as { rulesFile?: unknown })?.rulesFile;
    if (typeof file === 'string' && !files.has(file)) files.set(file, await readYamlFile(resolve(dirname(path), file)));
  }
  return validateServeConfig(value, path, files);
}

/** Camera ids as written, so an error in cameras[2] can say which camera it is. */
function cameraIds(value: unknown): Array<string | undefined> {
  const cams = (value as { cameras?: unknown } | null)?.cameras;
  return Array.isArray(cams) ? cams.map((c) => (typeof (c as { id?: unknown })?.id === 'string' ? (c as { id: string }).id : undefined)) : [];
}
