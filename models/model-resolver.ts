// Finds a model's weights: an explicit path, then the model dir, then the local cache, then a
// mirror, then the manifest URLs (model-sources.ts). Every file found by name is sha256-checked
// against the manifest before it is used; hashes are remembered per path, size and mtime.
import { rm, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { SharpeyeError } from '../core/index.js';
import { checksumError, notFoundError } from './model-errors.js';
import { fileExists, sha256File } from './model-files.js';
import { findSpecByFile, getModelSpec, isModelName } from './model-registry.js';
import { fetchIntoCache } from './model-sources.js';
import type { ModelSpec } from './model-spec.js';
import { validateManifest } from './model-spec-schema.js';
import { resolveSettings, type ResolveOptions, type ResolveSettings } from './resolve-options.js';

export type ModelSource = 'path' | 'model-dir' | 'cache' | 'mirror' | 'download';

export interface ResolvedModel {
  /** Absolute path of a verified file (for mirror and download: its new cache copy). */
  path: string;
  /** The manifest entry: always for a name; for an explicit path, when the file's sha256 is a known model's. */
  spec?: ModelSpec;
  source: ModelSource;
  /** Where the bytes came from: the same as `path`, or the mirror path or URL they were fetched from. */
  origin: string;
}

export interface FetchOptions extends ResolveOptions {
  /** Directory, file:// or http(s):// base URL to fetch from instead of the mirror and manifest URLs. */
  from?: string;
}

const looksLikePath = (s: string) => s.includes('/') || s.includes('\\') || s.toLowerCase().endsWith('.onnx');

/**
 * Resolves a manifest name or an .onnx path to a verified local file. Throws E_MODEL_UNKNOWN,
 * E_MODEL_NOT_FOUND, E_MODEL_CHECKSUM or E_MODEL_DOWNLOAD with the places searched.
 */
export async function resolveModel(nameOrPath: string, options: ResolveOptions = {}): Promise<ResolvedModel> {
  if (!isModelName(nameOrPath) && looksLikePath(nameOrPath)) return resolveExplicitPath(nameOrPath);
  return resolveModelSpec(getModelSpec(nameOrPath), options);
}

/** Resolution for an entry that need not be in the built-in manifest (a site's own models). */
export async function resolveModelSpec(entry: ModelSpec, options: ResolveOptions = {}): Promise<ResolvedModel> {
  const [spec] = validateManifest([entry]); // its file name becomes a path in the cache: no '../'
  const s = resolveSettings(options);
  const searched: string[] = [];
  const local = await findLocal(spec, s, searched);
  if (local) return local;
  const fetched = await fetchIntoCache(spec, s, searched);
  if (fetched) return { path: join(s.cacheDir, spec.file), spec, ...fetched };
  throw notFoundError(spec, searched);
}

/**
 * Makes sure a verified copy of a manifest model is in the cache: from `from` alone when given,
 * else from the mirror and the manifest URLs. A verified cached copy is kept as it is.
 */
export async function fetchModel(name: string, options: FetchOptions = {}): Promise<ResolvedModel> {
  const spec = getModelSpec(name);
  const s = resolveSettings(options);
  const searched: string[] = [];
  const cached = await checkCache(spec, s, searched);
  if (cached) return cached;
  const settings = options.from === undefined ? s : { ...s, mirror: options.from, download: false };
  const fetched = await fetchIntoCache(spec, settings, searched);
  if (fetched) return { path: join(s.cacheDir, spec.file), spec, ...fetched };
  throw notFoundError(spec, searched);
}

async function findLocal(spec: ModelSpec, s: ResolveSettings, searched: string[]): Promise<ResolvedModel | undefined> {
  if (s.modelDir) {
    const path = join(s.modelDir, spec.file);
    if (await fileExists(path)) {
      const actual = await sha256File(path);
      searched.push(`model dir ${path} (${actual === spec.sha256 ? 'verified' : 'wrong content'})`);
      // The operator put this file here on purpose: a bad copy is an error, not something to route around.
      if (actual !== spec.sha256) throw checksumError(spec, `model file ${path} in the model dir`, `sha256 ${actual}`, searched, 'it was not used');
      return { path, spec, source: 'model-dir', origin: path };
    }
    searched.push(`model dir ${path} (not there)`);
  } else {
    searched.push('model dir (not set: $SHARPEYE_MODEL_DIR)');
  }
  return checkCache(spec, s, searched);
}

async function checkCache(spec: ModelSpec, s: ResolveSettings, searched: string[]): Promise<ResolvedModel | undefined> {
  const path = join(s.cacheDir, spec.file);
  if (!(await fileExists(path))) {
    searched.push(`cache ${path} (not there)`);
    return undefined;
  }
  if ((await sha256File(path)) === spec.sha256) return { path, spec, source: 'cache', origin: path };
  // The cache is ours: a bad entry (an interrupted pre-atomic write, disk damage) is dropped and re-fetched.
  await rm(path, { force: true });
  searched.push(`cache ${path} (wrong content, removed)`);
  return undefined;
}

async function resolveExplicitPath(given: string): Promise<ResolvedModel> {
  const path = resolve(given);
  if (!(await fileExists(path))) {
    const known = findSpecByFile(basename(path));
    const hint = known ? ` (to use the manifest model, give its name: '${known.name}')` : '';
    throw new SharpeyeError('E_MODEL_NOT_FOUND',
      `model file ${path} does not exist${hint}; give the path of an existing .onnx file or a model name (sharpeye models list)`,
      { details: { path } });
  }
  return { path, spec: await identify(path), source: 'path', origin: path };
}

/**
 * A file given by path under a manifest file name, with that entry's sha256, gets the entry's
 * preprocessing and labels. Another name means "my own model": only its outputs speak for it
 * (inference tests rely on renaming a copy to strip its identity).
 */
async function identify(path: string): Promise<ModelSpec | undefined> {
  const named = findSpecByFile(basename(path));
  if (!named || (await stat(path)).size !== named.bytes) return undefined; // the size check spares a hash
  return (await sha256File(path)) === named.sha256 ? named : undefined;
}
