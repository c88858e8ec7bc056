// Brings a model's bytes into the cache from a mirror (local directory, file:// or http(s):// base
// URL) and then the manifest URLs. Nothing lands in the cache before its size and sha256 match;
// a source serving wrong bytes stops the search, since silently skipping a bad mirror hides it.
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { fileURLToPath } from 'node:url';
import { makeDirsSync } from '../core/index.js';
import { checksumError, downloadError } from './model-errors.js';
import { fileExists, installVerified, installVerifiedCopy, type InstallResult } from './model-files.js';
import type { ModelSpec } from './model-spec.js';
import type { ResolveSettings } from './resolve-options.js';

export interface Fetched {
  source: 'mirror' | 'download';
  /** The path or URL the bytes came from. */
  origin: string;
}

interface Candidate { source: Fetched['source']; location: string }

type Attempt =
  | { kind: 'ok' }
  | { kind: 'absent' }
  | { kind: 'corrupt'; found: string }
  | { kind: 'failed'; reason: string; retryable: boolean; cause?: unknown };

const isHttp = (s: string) => /^https?:\/\//i.test(s);

/** The places a model may come from, in order: the mirror, then (when allowed) the manifest URLs. */
export function fetchCandidates(spec: ModelSpec, s: ResolveSettings): Candidate[] {
  const list: Candidate[] = [];
  if (s.mirror) list.push({ source: 'mirror', location: locate(s.mirror, spec.file) });
  if (s.download) for (const url of spec.urls) list.push({ source: 'download', location: locate(url) });
  return list;
}

/** A base (directory, file:// or http URL) plus a file name, or one full URL, as a path or URL. */
function locate(base: string, file?: string): string {
  if (isHttp(base)) return file ? new URL(encodeURIComponent(file), base.endsWith('/') ? base : `${base}/`).href : base;
  const dir = base.startsWith('file:') ? fileURLToPath(base) : resolve(base);
  return file ? join(dir, file) : dir;
}

const inFlight = new Map<string, Promise<Fetched | undefined>>();

/**
 * Fetches into `<cacheDir>/<file>`; undefined when no source has the file. Appends each place
 * tried to `searched`. Throws E_MODEL_CHECKSUM for wrong bytes, E_MODEL_DOWNLOAD when a transfer
 * failed and nothing else had the file.
 */
export function fetchIntoCache(spec: ModelSpec, s: ResolveSettings, searched: string[]): Promise<Fetched | undefined> {
  // Cameras starting together resolve the same model at once; they share one transfer.
  const key = JSON.stringify([s.cacheDir, spec.file, s.mirror, s.download]);
  const running = inFlight.get(key);
  if (running) return running;
  const started = tryCandidates(spec, s, searched).finally(() => inFlight.delete(key));
  inFlight.set(key, started);
  return started;
}

async function tryCandidates(spec: ModelSpec, s: ResolveSettings, searched: string[]): Promise<Fetched | undefined> {
  const target = join(s.cacheDir, spec.file);
  makeDirsSync(s.cacheDir); // fails loudly on an unwritable cache, before any transfer
  let failure: Extract<Attempt, { kind: 'failed' }> | undefined;
  let retryable = false;
  for (const c of fetchCandidates(spec, s)) {
    const attempt = isHttp(c.location) ? await fromHttp(c.location, spec, target, s) : await fromFile(c.location, spec, target);
    searched.push(`${c.source} ${c.location} (${note(attempt)})`);
    if (attempt.kind === 'ok') return { source: c.source, origin: c.location };
    if (attempt.kind === 'corrupt') throw checksumError(spec, `${c.source} file ${c.location}`, attempt.found, searched, 'nothing was written to the cache');
    if (attempt.kind === 'failed') {
      failure = attempt;
      retryable ||= attempt.retryable;
      if (s.signal?.aborted) break;
    }
  }
  if (!s.download) searched.push('manifest URLs (not tried: downloads are off)');
  if (failure) throw downloadError(spec, searched, retryable, failure.cause);
  return undefined;
}

function note(a: Attempt): string {
  switch (a.kind) {
    case 'ok': return 'verified';
    case 'absent': return 'not there';
    case 'corrupt': return `wrong content: ${a.found}`;
    case 'failed': return a.reason;
  }
}

async function fromFile(path: string, spec: ModelSpec, target: string): Promise<Attempt> {
  if (!(await fileExists(path))) return { kind: 'absent' };
  return outcome(await installVerifiedCopy(target, path, spec));
}

async function fromHttp(url: string, spec: ModelSpec, target: string, s: ResolveSettings): Promise<Attempt> {
  const timeout = AbortSignal.timeout(s.timeoutMs);
  const signal = s.signal ? AbortSignal.any([s.signal, timeout]) : timeout;
  try {
    const res = await fetch(url, { signal });
    if (!res.ok || !res.body) {
      await res.body?.cancel();
      // 404 and other client errors will not heal by retrying; server errors and 429 may.
      return { kind: 'failed', reason: `HTTP ${res.status} ${res.statusText}`.trim(), retryable: res.status >= 500 || res.status === 429 };
    }
    return outcome(await installVerified(target, Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), spec));
  } catch (err) {
    return { kind: 'failed', reason: fetchFailure(err, s.timeoutMs, s.signal), retryable: !s.signal?.aborted, cause: err };
  }
}

const outcome = (r: InstallResult): Attempt => (r.ok ? { kind: 'ok' } : { kind: 'corrupt', found: r.found });

/** undici says only "fetch failed"; the useful part (ECONNREFUSED, ENOTFOUND) is in its cause. */
function fetchFailure(err: unknown, timeoutMs: number, signal?: AbortSignal): string {
  if (signal?.aborted) return 'cancelled';
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError') return `no complete answer within ${timeoutMs} ms`;
  return [e.message, e.cause?.code ?? e.cause?.message].filter(Boolean).join(': ');
}
