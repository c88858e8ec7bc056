// Re-hashes the model files present on this machine (model dir and cache) against the manifest,
// for `sharpeye models verify` and `list`. Always reads the bytes: in-place corruption keeps a
// file's size and mtime, which is all the resolver's remembered hashes look at.
import { join } from 'node:path';
import { fileExists, sha256File } from './model-files.js';
import { getModelSpec, listModels } from './model-registry.js';
import type { ModelSpec } from './model-spec.js';
import { resolveSettings, type ResolveOptions } from './resolve-options.js';

export interface ModelCopyStatus {
  path: string;
  source: 'model-dir' | 'cache';
  status: 'ok' | 'corrupt';
  sha256: string;
}

export interface ModelStatus {
  name: string;
  file: string;
  /** ok: every local copy matches; corrupt: at least one does not; missing: no local copy. */
  status: 'ok' | 'corrupt' | 'missing';
  /** The copy resolution uses (the first present one), when it verifies. */
  path?: string;
  source?: 'model-dir' | 'cache';
  /** Every local copy, in resolution order. */
  copies: ModelCopyStatus[];
}

/** Status of one model (a manifest name or entry). */
export async function verifyModel(model: string | ModelSpec, options: ResolveOptions = {}): Promise<ModelStatus> {
  const spec = typeof model === 'string' ? getModelSpec(model) : model;
  const s = resolveSettings(options);
  const places: Array<[string, ModelCopyStatus['source']]> = [];
  if (s.modelDir) places.push([join(s.modelDir, spec.file), 'model-dir']);
  places.push([join(s.cacheDir, spec.file), 'cache']);
  const copies: ModelCopyStatus[] = [];
  for (const [path, source] of places) {
    if (!(await fileExists(path))) continue;
    const sha256 = await sha256File(path, { fresh: true });
    copies.push({ path, source, status: sha256 === spec.sha256 ? 'ok' : 'corrupt', sha256 });
  }
  const status = copies.length === 0 ? 'missing' : copies.every((c) => c.status === 'ok') ? 'ok' : 'corrupt';
  const used = copies[0]?.status === 'ok' ? copies[0] : undefined;
  return { name: spec.name, file: spec.file, status, path: used?.path, source: used?.source, copies };
}

/** Status of the named models (all when `names` is empty), in the order given or manifest order. */
export async function verifyModels(names: readonly string[] = [], options: ResolveOptions = {}): Promise<ModelStatus[]> {
  const specs = names.length > 0 ? names.map(getModelSpec) : listModels();
  return Promise.all(specs.map((spec) => verifyModel(spec, options)));
}
