// Validates what a frame source is asked to open: a local path must exist, a URL must use a
// scheme sharpeye allows. Runs before any child process is spawned, so a typo never reaches ffmpeg.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SharpeyeError } from '../core/index.js';
import { redactUrl } from './redact-url.js';

export const ALLOWED_SCHEMES = ['file', 'http', 'https', 'rtsp', 'rtsps', 'rtmp', 'srt', 'udp', 'tcp'] as const;
export type SourceScheme = (typeof ALLOWED_SCHEMES)[number];

/** Schemes that carry live streams, where a slow reader must drop frames rather than stall the sender. */
export const LIVE_SCHEMES: readonly SourceScheme[] = ['rtsp', 'rtsps', 'rtmp', 'srt', 'udp', 'tcp'];

export interface CheckedSource {
  /** Absolute local path for files, the URL unchanged otherwise. */
  readonly input: string;
  readonly scheme: SourceScheme;
}

/** The lower-case scheme of `scheme://...`, or undefined for a plain path. Pure: no file system access. */
export function schemeOf(input: string): string | undefined {
  return /^([a-z][a-z0-9+.-]*):\/\//i.exec(input)?.[1].toLowerCase();
}

/** Checks `input` and returns what to hand to the decoder; throws E_INPUT_UNSUPPORTED_URL or E_INPUT_NOT_FOUND. */
export function checkSource(input: string): CheckedSource {
  const scheme = schemeOf(input);
  if (scheme === undefined) return { input: checkFile(input, input), scheme: 'file' };
  if (!(ALLOWED_SCHEMES as readonly string[]).includes(scheme)) {
    const allowed = ALLOWED_SCHEMES.map((s) => `${s}:`).join(', ');
    throw new SharpeyeError('E_INPUT_UNSUPPORTED_URL',
      `unsupported URL scheme '${scheme}:' in ${redactUrl(input)}; use a file path or one of ${allowed}`,
      { details: { scheme, input: redactUrl(input), allowed: [...ALLOWED_SCHEMES] } });
  }
  if (scheme === 'file') return { input: checkFile(fileUrlToPath(input), input), scheme };
  return { input, scheme: scheme as SourceScheme };
}

function fileUrlToPath(url: string): string {
  try {
    return fileURLToPath(url);
  } catch (err) {
    // e.g. file://host/x: a remote host in a file URL is not a local file.
    throw new SharpeyeError('E_INPUT_NOT_FOUND', `${redactUrl(url)} is not a local file URL (${(err as Error).message}); use file:///absolute/path`, { cause: err, details: { input: redactUrl(url) } });
  }
}

function checkFile(path: string, asGiven: string): string {
  const absolute = resolve(path);
  let isFile = false;
  try {
    isFile = statSync(absolute).isFile();
  } catch {
    // Missing or unreadable directory: reported below with the path the user gave.
  }
  if (!isFile) {
    throw new SharpeyeError('E_INPUT_NOT_FOUND', `video file ${asGiven} does not exist or is not a regular file; check the path`, { details: { path: absolute } });
  }
  return absolute;
}
