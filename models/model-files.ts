// File-level helpers for model weights: a streaming sha256 remembered per path, size and mtime (so
// repeated resolution costs one stat), and an atomic install into the cache: bytes go to a temp
// file beside the target and are renamed into place only after size and sha256 match.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { makeDirsSync } from '../core/index.js';
import { basename, dirname, join } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';

interface KnownHash { size: number; mtimeMs: number; sha256: string }
const knownHashes = new Map<string, KnownHash>();

export async function fileExists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false; // absent, unreadable or a dangling link: all mean "not here" to the resolver
  }
}

/**
 * sha256 of a file, hex. Remembered per path until its size or mtime changes; `fresh` re-reads
 * the bytes anyway (`models verify`, which must catch in-place corruption).
 */
export async function sha256File(path: string, options: { fresh?: boolean } = {}): Promise<string> {
  const st = await stat(path);
  const known = knownHashes.get(path);
  if (!options.fresh && known && known.size === st.size && known.mtimeMs === st.mtimeMs) return known.sha256;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  const sha256 = hash.digest('hex');
  knownHashes.set(path, { size: st.size, mtimeMs: st.mtimeMs, sha256 });
  return sha256;
}

/** Hashes and counts bytes on their way to disk; fails once more than `limit` bytes pass. */
class HashingLimiter extends Transform {
  readonly hash = createHash('sha256');
  bytes = 0;
  constructor(private readonly limit: number) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limit) return done(new TooLargeError());
    this.hash.update(chunk);
    done(null, chunk);
  }
}

class TooLargeError extends Error {}

export type InstallResult = { ok: true } | { ok: false; found: string };

/**
 * Streams `source` to `target` only if it has exactly `expected.bytes` bytes with sha256
 * `expected.sha256`; otherwise leaves nothing behind and says what was found instead. Stops
 * reading as soon as the source runs past the expected size, so a wrong URL cannot fill the disk.
 */
export async function installVerified(
  target: string,
  source: NodeJS.ReadableStream | AsyncIterable<Uint8Array>,
  expected: { sha256: string; bytes: number },
): Promise<InstallResult> {
  makeDirsSync(dirname(target));
  const tmp = join(dirname(target), `.${basename(target)}.${randomUUID()}.partial`);
  const tap = new HashingLimiter(expected.bytes);
  try {
    await pipeline(source, tap, createWriteStream(tmp));
    const sha256 = tap.hash.digest('hex');
    if (tap.bytes !== expected.bytes || sha256 !== expected.sha256) return { ok: false, found: `sha256 ${sha256} (${tap.bytes} bytes)` };
    await rename(tmp, target);
    await remember(target, sha256);
    return { ok: true };
  } catch (err) {
    if (err instanceof TooLargeError) return { ok: false, found: `more than the expected ${expected.bytes} bytes` };
    throw err;
  } finally {
    await rm(tmp, { force: true });
  }
}

/** Copies a local file into place with the same checks as a download. */
export function installVerifiedCopy(target: string, sourceFile: string, expected: { sha256: string; bytes: number }): Promise<InstallResult> {
  return installVerified(target, createReadStream(sourceFile), expected);
}

// A file we just verified while writing need not be hashed again on the next resolution.
async function remember(path: string, sha256: string): Promise<void> {
  const st = await stat(path);
  knownHashes.set(path, { size: st.size, mtimeMs: st.mtimeMs, sha256 });
}
