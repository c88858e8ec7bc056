// Validates what a frame source is asked to open: a local path must exist, a URL must use a
// scheme ffmpeg reads and sharpeye allows. Fails before any child process is spawned.
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SharpeyeError } from '../core/index.js';
import { redactUrl } from './redact-url.js';

export const ALLOWED_SCHEMES = ['file', 'http', 'https', 'rtsp', 'rtsps', 'rtmp', 'srt', 'udp', 'tcp'] as const;
export type SourceScheme = (typeof ALLOWED_SCHEMES)[number];

export interface CheckedSource { input: string; scheme: SourceScheme; isFile: boolean }

export function checkSource(input: string): CheckedSource {
  const m = /^([a-z][a-z0-9+.-]*):\/\//i.exec(input);
  if (!m) return { input: checkFile(input), scheme: 'file', isFile: true };
  const scheme = m[1].toLowerCase();
  if (!(ALLOWED_SCHEMES as readonly string[]).includes(scheme)) {
    throw new SharpeyeError('E_INPUT_UNSUPPORTED_URL',
      `unsupported URL scheme '${scheme}:' in ${redactUrl(input)}; sharpeye reads ${ALLOWED_SCHEMES.map((s) => `${s}:`).join(' ')} or a file path`,
      { details: { scheme } });
  }
  if (scheme === 'file') return { input: checkFile(fileURLToPath(input)), scheme: 'file', isFile: true };
  return { input, scheme: scheme as SourceScheme, isFile: false };
}

function checkFile(path: string): string {
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new SharpeyeError('E_INPUT_NOT_FOUND', `video file ${path} does not exist or is not a file`, { details: { path } });
  }
  return path;
}
