// Finds a model's weights: explicit path, then $SHARPEYE_MODEL_DIR, then the local cache, then a
// mirror (local directory or URL; air-gapped sites use one), then the manifest URLs. Every file is
// sha256-checked against the manifest before it is used or cached.
import { homedir } from 'node:os';
import { basename, isAbsolute, join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rm } from 'node:fs/promises';
import { SharpeyeError } from '../core/index.js';
import { MODEL_MANIFEST } from './manifest.js';
import { validateManifest } from './model-spec-schema.js';
import type { ModelSpec } from './model-spec.js';
import { checksumError, fileExists, installVerified, sha256File } from './model-files.js';

export type ModelSource = 'path' | 'model-dir' | 'cache' | 'mirror' | 'download';

export interface ResolvedModel {
  path: string;
  /** The manifest entry, when the name (or an explicit file's hash) is known. */
  spec?: ModelSpec;
  source: ModelSource;
}

export interface ResolveOptions {
  /** Directory searched first. @defaultValue $SHARPEYE_MODEL_DIR */
  modelDir?: string;
  /** Cache directory. @defaultValue $SHARPEYE_CACHE_DIR or ~/.cache/sharpeye/models */
  cacheDir?: string;
  /** Local directory, file:// or http(s):// base URL holding the manifest file names. @defaultValue $SHARPEYE_MODEL_MIRROR */
  mirror?: string;
  /** Allow downloads from the manifest URLs. @defaultValue true unless SHARPEYE_OFFLINE=1 */
  download?: boolean;
  /** Timeout for one HTTP download. @defaultValue 120000 */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

const manifest = validateManifest(MODEL_MANIFEST);

export const listModels = (): readonly ModelSpec[] => manifest;

export function getModelSpec(name: string): ModelSpec {
  const spec = manifest.find((m) => m.name === name);
  if (!spec) {
    throw new SharpeyeError('E_MODEL_UNKNOWN', `unknown model '${name}'; known models: ${manifest.map((m) => m.name).join(', ')} (or give a path to an .onnx file)`, { details: { name } });
  }
  return spec;
}

const looksLikePath = (s: string) => s.includes('/') || s.includes('\\') || s.endsWith('.onnx');

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.SHARPEYE_CACHE_DIR || join(homedir(), '.cache', 'sharpeye', 'models');
}

interface Settings { modelDir?: string; cacheDir: string; mirror?: string; download: boolean; timeoutMs: number }

function settings(o: ResolveOptions): Settings {
  const env = o.env ?? process.env;
  return {
    modelDir: o.modelDir ?? (env.SHARPEYE_MODEL_DIR || undefined),
    cacheDir: o.cacheDir ?? defaultCacheDir(env),
    mirror: o.mirror ?? (env.SHARPEYE_MODEL_MIRROR || undefined),
    download: o.download ?? env.SHARPEYE_OFFLINE !== '1',
    timeoutMs: o.timeoutMs ?? 120_000,
  };
}

export async function resolveModel(nameOrPath: string, options: ResolveOptions = {}): Promise<ResolvedModel> {
  if (looksLikePath(nameOrPath) && !manifest.some((m) => m.name === nameOrPath)) return resolveExplicitPath(nameOrPath);
  const spec = getModelSpec(nameOrPath);
  const s = settings(options);
  const searched: string[] = [];
  if (s.modelDir) {
    const p = join(s.modelDir, spec.file);
    searched.push(`model dir ${p}`);
    if (await fileExists(p)) {
      const actual = await sha256File(p);
      if (actual !== spec.sha256) throw checksumError(p, spec.sha256, actual, 'the model dir');
      return { path: p, spec, source: 'model-dir' };
    }
  }
  const cached = join(s.cacheDir, spec.file);
  searched.push(`cache ${cached}`);
  if (await fileExists(cached)) {
    if ((await sha256File(cached)) === spec.sha256) return { path: cached, spec, source: 'cache' };
    await rm(cached, { force: true }); // a corrupt cache entry is re-fetched, not trusted
  }
  const fetched = await fetchIntoCache(spec, s, searched);
  if (fetched) return { path: cached, spec, source: fetched };
  throw notFound(spec, searched);
}

/**
 * Copies a model into the cache from `from` (directory or URL), else the mirror, else the
 * manifest URLs. Returns where it came from; a valid cached copy is kept as it is.
 */
export async function fetchModel(name: string, options: ResolveOptions & { from?: string } = {}): Promise<ResolvedModel> {
  const spec = getModelSpec(name);
  const s = settings(options);
  const cached = join(s.cacheDir, spec.file);
  if ((await fileExists(cached)) && (await sha256File(cached)) === spec.sha256) return { path: cached, spec, source: 'cache' };
  const searched: string[] = [];
  const source = await fetchIntoCache(spec, { ...s, mirror: options.from ?? s.mirror, download: options.from ? false : s.download }, searched);
  if (!source) throw notFound(spec, searched);
  return { path: cached, spec, source };
}

async function resolveExplicitPath(p: string): Promise<ResolvedModel> {
  const path = isAbsolute(p) ? p : resolvePath(p);
  if (!(await fileExists(path))) {
    throw new SharpeyeError('E_MODEL_NOT_FOUND', `model file ${path} does not exist; give an existing .onnx path or a model name (sharpeye models list)`, { details: { path } });
  }
  // A file with a manifest hash gets that entry's preprocessing and labels.
  const byName = manifest.find((m) => m.file === basename(path));
  const spec = byName && (await sha256File(path)) === byName.sha256 ? byName : undefined;
  return { path, spec, source: 'path' };
}

async function fetchIntoCache(spec: ModelSpec, s: Settings, searched: string[]): Promise<ModelSource | undefined> {
  const target = join(s.cacheDir, spec.file);
  if (s.mirror) {
    const mirror = s.mirror.startsWith('file://') ? fileURLToPath(s.mirror) : s.mirror;
    if (/^https?:\/\//.test(mirror)) {
      const url = `${mirror.replace(/\/+$/, '')}/${spec.file}`;
      searched.push(`mirror ${url}`);
      if (await download(url, spec, target, s.timeoutMs, 'the mirror')) return 'mirror';
    } else {
      const p = join(mirror, spec.file);
      searched.push(`mirror ${p}`);
      if (await fileExists(p)) {
        await installVerified(target, spec.sha256, `mirror ${p}`, { sourceFile: p });
        return 'mirror';
      }
    }
  }
  if (!s.download) {
    searched.push('download (disabled: offline)');
    return undefined;
  }
  let lastError: unknown;
  for (const url of spec.urls) {
    searched.push(url);
    try {
      if (await download(url, spec, target, s.timeoutMs, url)) return 'download';
    } catch (err) {
      lastError = err;
    }
  }
  if (lastError) throw lastError;
  return undefined;
}

/** Downloads into the cache; false on 404 (try the next source), throws on other failures. */
async function download(url: string, spec: ModelSpec, target: string, timeoutMs: number, origin: string): Promise<boolean> {
  let bytes: Uint8Array;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (res.status === 404) return false;
    if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);
    bytes = new Uint8Array(await res.arrayBuffer());
  } catch (err) {
    throw new SharpeyeError('E_MODEL_DOWNLOAD', `downloading ${spec.file} from ${url} failed: ${(err as Error).message}; ` +
      'on an offline network put the file in $SHARPEYE_MODEL_DIR or a mirror ($SHARPEYE_MODEL_MIRROR)', { cause: err, details: { url, file: spec.file } });
  }
  await installVerified(target, spec.sha256, origin, { bytes });
  return true;
}

function notFound(spec: ModelSpec, searched: string[]): SharpeyeError {
  return new SharpeyeError('E_MODEL_NOT_FOUND',
    `model '${spec.name}' (file ${spec.file}, sha256 ${spec.sha256}) was not found; searched: ${searched.join('; ')}. ` +
    `Put ${spec.file} in $SHARPEYE_MODEL_DIR, or run 'sharpeye models fetch ${spec.name} --from DIR' on a directory that has it`,
    { details: { name: spec.name, file: spec.file, sha256: spec.sha256, searched } });
}
