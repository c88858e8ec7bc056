// Camera documents at run time: one `cameras` entry of the config file, validated by the same
// schema and checks as the file (validateServeConfig: schema, URL scheme, credentials moved out of
// the URL, motion masks, inline rules), file cameras resolved inside the config's scope, and turned
// back into a document (inline rules, no credentials) for views and patches.
import { Type } from '@sinclair/typebox';
import { join } from 'node:path';
import { configError, configFileScope, resolveInScope, SharpeyeError, type ConfigFileScope } from '../core/index.js';
import { RulesFileSchema } from '../analytics/index.js';
import { CalibrationSchema, cameraFile, ServeCameraSchema, validateServeConfig, type CameraRules, type ServeCameraConfig } from '../worker/index.js';
import type { CameraRulesDocument } from './ports.js';

/** JSON Schemas of what the registry accepts (TypeBox objects are JSON Schema). */
export const CAMERA_SCHEMAS = {
  camera: ServeCameraSchema,
  cameraPatch: Type.Partial(Type.Omit(ServeCameraSchema, ['id']), { additionalProperties: false }),
  rules: Type.Object({ ...RulesFileSchema.properties, calibration: Type.Optional(CalibrationSchema) }, { additionalProperties: false }),
} as const;

export interface CameraCheck {
  allowFiles: boolean;
  /** Where file cameras may be; undefined: file cameras cannot be added at run time. */
  scope?: ConfigFileScope;
}

/** The scope of file cameras added at run time: the config file's folder plus `roots`, or `roots` alone. */
export async function runtimeScope(configPath: string | undefined, roots: readonly string[] = []): Promise<ConfigFileScope | undefined> {
  if (configPath !== undefined) return configFileScope(configPath, roots);
  return roots.length > 0 ? configFileScope(join(roots[0], 'sharpeye.yaml'), roots.slice(1)) : undefined;
}

/**
 * Validates one camera document like an entry of the config file (source `source`, e.g. 'camera'),
 * inline rules included (`rulesFile` is refused at run time). E_CONFIG_INVALID names the field.
 */
export async function validateCameraDocument(doc: unknown, source: string, check: CameraCheck): Promise<ServeCameraConfig> {
  const [camera] = validateServeConfig({ allowFiles: check.allowFiles, cameras: [doc] }, source).cameras;
  const file = cameraFile(camera.url);
  if (file === undefined) return camera;
  if (!check.scope) throw configError(source, [{ path: 'url', message: 'file cameras can be added at run time only when the node knows its config folder or a --config-root folder' }]);
  try {
    return { ...camera, url: await resolveInScope(check.scope, file, 'file') };
  } catch (err) {
    const reason = (err as SharpeyeError).details?.reason;
    throw configError(source, [{ path: 'url', message: typeof reason === 'string' ? reason : (err as Error).message }]);
  }
}

/** The rules as a document (`{ timezone, zones, lines, rules, calibration? }`), empty when none. */
export function rulesDocument(rules: CameraRules | undefined): CameraRulesDocument {
  if (!rules) return { zones: [], lines: [], rules: [] };
  return { ...rules.rules, ...(rules.calibration ? { calibration: rules.calibration } : {}) };
}

/** The camera as a document for a merge: rules inline, `rulesFile` gone (its contents are inline now). */
export function cameraDocument(c: ServeCameraConfig): Record<string, unknown> {
  const { rules, rulesFile: _file, ...rest } = c;
  return { ...rest, ...(rules ? { rules: rulesDocument(rules) } : {}) };
}

/** What the API may see of a camera: no username, no password. */
export function publicCameraConfig(c: ServeCameraConfig): { id: string; url: string; enabled: boolean } & Record<string, unknown> {
  const { username: _u, password: _p, ...rest } = cameraDocument(c) as ServeCameraConfig & Record<string, unknown>;
  return rest;
}

/** Merges a patch (top-level keys of a camera entry, `id` excluded) into a camera document; E_CONFIG_INVALID for a bad patch. */
export function mergePatch(c: ServeCameraConfig, patch: unknown, source: string): Record<string, unknown> {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) throw configError(source, [{ path: '', message: 'a camera patch is an object of camera fields' }]);
  const p = patch as Record<string, unknown>;
  if ('id' in p && p.id !== c.id) throw configError(source, [{ path: 'id', message: 'the id of a camera cannot change; remove it and add a new one' }]);
  return { ...cameraDocument(c), ...p };
}
