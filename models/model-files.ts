// File-level helpers for model weights: streaming sha256 (memoised per path, size and mtime so
// repeated resolution costs one stat), and an atomic install into the cache (temp file + rename
// only after the hash matches), so a half-written or corrupt file never sits in the cache.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { SharpeyeError } from '../core/index.js';

const hashes = new Map<string, { size: number; mtimeMs: number; sha256: string }>();

export async function fileExists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

export async function sha256File(path: string): Promise<string> {
  const st = await stat(path);
  const known = hashes.get(path);
  if (known && known.size === st.size && known.mtimeMs === st.mtimeMs) return known.sha256;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  const sha256 = hash.digest('hex');
  hashes.set(path, { size: st.size, mtimeMs: st.mtimeMs, sha256 });
  return sha256;
}

export const checksumError = (file: string, expected: string, actual: string, origin: string) =>
  new SharpeyeError('E_MODEL_CHECKSUM',
    `model file ${file} from ${origin} has sha256 ${actual}, expected ${expected}; the file is corrupt or a different model: ` +
    'replace it with the file the manifest names (sharpeye models fetch NAME --from DIR)',
    { details: { file, expected, actual, origin } });

/** Puts `bytes` or a copy of `sourceFile` at `target` only if its sha256 equals `expected`. */
export async function installVerified(target: string, expected: string, origin: string, from: { bytes: Uint8Array } | { sourceFile: string }): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const tmp = join(dirname(target), `.${process.pid}.${Date.now()}.partial`);
  try {
    if ('bytes' in from) await writeFile(tmp, from.bytes);
    else await copyFile(from.sourceFile, tmp);
    const actual = await sha256File(tmp);
    if (actual !== expected) throw checksumError(target.split('/').pop() ?? target, expected, actual, origin);
    await rename(tmp, target);
  } finally {
    await rm(tmp, { force: true });
  }
}
