// Where model files are looked for: explicit options first, then SHARPEYE_* environment
// variables, then defaults. The CLI, the detector and tests all go through resolveSettings.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface ResolveOptions {
  /** Directory holding model files under their manifest names, searched before the cache. @defaultValue $SHARPEYE_MODEL_DIR */
  modelDir?: string;
  /** Verified copies fetched from a mirror or URL land here. @defaultValue $SHARPEYE_CACHE_DIR or ~/.cache/sharpeye/models */
  cacheDir?: string;
  /**
   * Local directory, file:// URL or http(s):// base URL holding the manifest file names; used
   * before the manifest URLs, and still used when downloads are off (air-gapped sites).
   * @defaultValue $SHARPEYE_MODEL_MIRROR
   */
  mirror?: string;
  /** Allow downloads from the manifest URLs. @defaultValue true, false when SHARPEYE_OFFLINE is 1 or true */
  download?: boolean;
  /** Time limit for one HTTP transfer (mirror or download), in milliseconds. @defaultValue 120000 */
  timeoutMs?: number;
  /** Cancels a transfer in progress. */
  signal?: AbortSignal;
  /** Environment read for the SHARPEYE_* defaults. @defaultValue process.env */
  env?: NodeJS.ProcessEnv;
}

/** ResolveOptions with every default applied and directories made absolute. */
export interface ResolveSettings {
  modelDir?: string;
  cacheDir: string;
  mirror?: string;
  download: boolean;
  timeoutMs: number;
  signal?: AbortSignal;
}

export const DEFAULT_TIMEOUT_MS = 120_000;

// An empty variable (SHARPEYE_MODEL_DIR=) means "unset", as shells and compose files produce it.
const nonEmpty = (v: string | undefined): string | undefined => (v === undefined || v.trim() === '' ? undefined : v);

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(nonEmpty(env.SHARPEYE_CACHE_DIR) ?? join(homedir(), '.cache', 'sharpeye', 'models'));
}

export function isOffline(env: NodeJS.ProcessEnv): boolean {
  return ['1', 'true', 'yes'].includes((env.SHARPEYE_OFFLINE ?? '').trim().toLowerCase());
}

export function resolveSettings(options: ResolveOptions = {}): ResolveSettings {
  const env = options.env ?? process.env;
  const modelDir = nonEmpty(options.modelDir) ?? nonEmpty(env.SHARPEYE_MODEL_DIR);
  return {
    modelDir: modelDir === undefined ? undefined : resolve(modelDir),
    cacheDir: options.cacheDir ? resolve(options.cacheDir) : defaultCacheDir(env),
    mirror: nonEmpty(options.mirror) ?? nonEmpty(env.SHARPEYE_MODEL_MIRROR),
    download: options.download ?? !isOffline(env),
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    signal: options.signal,
  };
}
