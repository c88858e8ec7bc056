// The files a serve config names, resolved against the config's folder and kept inside its scope
// (the folder plus the operator's --config-root folders): rules files (read here, bounded), model
// paths, file cameras (allowFiles), the snapshot folder and a sqlite store path. A name that
// leads outside, lexically or by a symlink, is refused naming the field, never the file's text.
import { fileURLToPath } from 'node:url';
import {
  configError, deepFreeze, readYamlFile, resolveInScope, shownName,
  type ConfigFileScope, type ConfigProblem, type ScopedPathKind,
} from '../core/index.js';
import { isModelName } from '../models/index.js';
import { schemeOf } from '../ingest/index.js';
type Label = (path: string) => string;

/** The fields of a validated serve config that name files (kept structural: serve-config imports this file). */
export interface ConfigNamingFiles {
  readonly detector: { readonly model: string };
  readonly snapshotsDir?: string;
  readonly store?: { readonly spec: string; readonly embedder?: { readonly default: string; readonly perClass?: Readonly<Record<string, string>> } };
  readonly cameras: ReadonlyArray<{ readonly url: string }>;
}

/** Runs `fn`, turning a file error into a config error under `path` (`cameras[0].rulesFile: x.yaml: does not exist`). */
async function underPath<T>(source: string, label: Label, path: string, name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const details = (err as { details?: { reason?: unknown; problems?: unknown } }).details;
    // Name the file as the config wrote it, not by the real path it resolved to.
    const message = typeof details?.reason === 'string' ? `${shownName(name)}: ${details.reason}`
      : Array.isArray(details?.problems) ? `${shownName(name)}: ${(details.problems as ConfigProblem[]).map((p) => `${p.path || '(document)'}: ${p.message}`).join('; ')}`
        : (err as Error).message;
    throw configError(source, [{ path, message } satisfies ConfigProblem], label);
  }
}

/**
 * Reads every camera's `rulesFile` of a parsed (not yet validated) config document, by the name as
 * written. Each must be inside `scope`, a regular UTF-8 file within the size cap, valid YAML.
 */
export async function readRulesFiles(value: unknown, source: string, scope: ConfigFileScope, label: Label): Promise<Map<string, unknown>> {
  const files = new Map<string, unknown>();
  const cams = (value as { cameras?: unknown } | null)?.cameras;
  for (const [i, c] of (Array.isArray(cams) ? cams : []).entries()) {
    const name = (c as { rulesFile?: unknown } | null)?.rulesFile;
    if (typeof name !== 'string' || name === '' || files.has(name)) continue;
    const path = `cameras[${i}].rulesFile`;
    const real = await underPath(source, label, path, name, () => resolveInScope(scope, name, 'file'));
    files.set(name, await underPath(source, label, path, name, () => readYamlFile(real, { roots: scope.realRoots })));
  }
  return files;
}

const looksLikeModelPath = (s: string) => !isModelName(s) && (s.includes('/') || s.includes('\\') || s.toLowerCase().endsWith('.onnx'));

/**
 * The validated config with every other file name replaced by its checked real path: detector
 * and embedder model paths (manifest names stay names), file cameras, snapshotsDir, `sqlite:PATH`.
 */
export async function resolveConfigPaths<C extends ConfigNamingFiles>(config: C, source: string, scope: ConfigFileScope, label: Label): Promise<C> {
  const at = (path: string, name: string, kind: ScopedPathKind) => underPath(source, label, path, name, () => resolveInScope(scope, name, kind));
  const model = async (path: string, name: string) => (looksLikeModelPath(name) ? at(path, name, 'file') : name);

  const detector = { ...config.detector, model: await model('detector.model', config.detector.model) };
  const snapshotsDir = config.snapshotsDir === undefined ? undefined : await at('snapshotsDir', config.snapshotsDir, 'path-to-create');
  let store = config.store;
  if (store) {
    const embedder = store.embedder && {
      ...store.embedder,
      default: await model('store.embedder.default', store.embedder.default),
      ...(store.embedder.perClass ? { perClass: Object.fromEntries(await Promise.all(Object.entries(store.embedder.perClass).map(async ([label, m]) => [label, await model(`store.embedder.perClass.${label}`, m)]))) } : {}),
    };
    store = { ...store, spec: await sqliteSpec(store.spec, (p) => at('store.spec', p, 'path-to-create')), ...(embedder ? { embedder } : {}) };
  }
  const cameras = await Promise.all(config.cameras.map((c, i) => resolveCameraFile(c, `cameras[${i}].url`, source, scope, label)));
  return deepFreeze({ ...config, detector, cameras, ...(snapshotsDir !== undefined ? { snapshotsDir } : {}), ...(store ? { store } : {}) }) as C;
}

/**
 * A file camera (allowFiles) with its path replaced by the checked real path inside `scope`; a
 * network camera unchanged. `path` names the url field in errors (`cameras[0].url`, `camera.url`).
 */
export async function resolveCameraFile<C extends { readonly url: string }>(camera: C, path: string, source: string, scope: ConfigFileScope, label: Label = (p) => p): Promise<C> {
  const file = cameraFile(camera.url);
  if (file === undefined) return camera;
  return { ...camera, url: await underPath(source, label, path, file, () => resolveInScope(scope, file, 'file')) };
}

/** The file path of a file camera (allowFiles), or undefined for a network URL. */
export function cameraFile(url: string): string | undefined {
  const scheme = schemeOf(url);
  if (scheme === undefined) return url;
  if (scheme !== 'file') return undefined;
  try {
    return fileURLToPath(url);
  } catch {
    return url; // not a usable file: URL; resolving it as a name refuses it
  }
}

/** `sqlite:PATH` with PATH resolved in scope; other specs (milvus:, sqlite URI forms) are left to the store. */
async function sqliteSpec(spec: string, resolvePath: (p: string) => Promise<string>): Promise<string> {
  const m = /^sqlite:(.*)$/s.exec(spec);
  if (!m || m[1] === '' || m[1] === ':memory:' || /^file:/i.test(m[1])) return spec;
  return `sqlite:${await resolvePath(m[1])}`;
}
