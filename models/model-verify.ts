// Checks the model files present on this machine (model dir and cache) against the manifest.
import { join } from 'node:path';
import type { ModelSpec } from './model-spec.js';
import { fileExists, sha256File } from './model-files.js';
import { defaultCacheDir, getModelSpec, listModels, type ResolveOptions } from './model-resolver.js';

export interface ModelStatus {
  name: string;
  file: string;
  /** ok: hash matches; corrupt: a file is there with another hash; missing: no local file. */
  status: 'ok' | 'corrupt' | 'missing';
  path?: string;
  source?: 'model-dir' | 'cache';
  sha256?: string;
}

async function statusOf(spec: ModelSpec, modelDir: string | undefined, cacheDir: string): Promise<ModelStatus> {
  const places: Array<[string, 'model-dir' | 'cache']> = [];
  if (modelDir) places.push([join(modelDir, spec.file), 'model-dir']);
  places.push([join(cacheDir, spec.file), 'cache']);
  for (const [path, source] of places) {
    if (!(await fileExists(path))) continue;
    const sha256 = await sha256File(path);
    return { name: spec.name, file: spec.file, status: sha256 === spec.sha256 ? 'ok' : 'corrupt', path, source, sha256 };
  }
  return { name: spec.name, file: spec.file, status: 'missing' };
}

/** Status of the named models (all when `names` is empty), in manifest order. */
export async function verifyModels(names: string[] = [], options: ResolveOptions = {}): Promise<ModelStatus[]> {
  const env = options.env ?? process.env;
  const specs = names.length > 0 ? names.map(getModelSpec) : listModels();
  const modelDir = options.modelDir ?? (env.SHARPEYE_MODEL_DIR || undefined);
  const cacheDir = options.cacheDir ?? defaultCacheDir(env);
  return Promise.all(specs.map((s) => statusOf(s, modelDir, cacheDir)));
}
