// Validates what a frame source is asked to open: a local path must exist, a URL must use a
// scheme sharpeye allows and carry only characters a URL may carry. URLs are normalised by the
// WHATWG parser and only the normalised href goes on, so a value from a config, the CLI or the
// API can never change the structure of a decoder's command line or pipeline. Runs before any
// child process is spawned, so a typo never reaches ffmpeg.
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
  /** Absolute local path for files; for URLs the WHATWG-normalised href (credentials still in it: never show it). */
  readonly input: string;
  readonly scheme: SourceScheme;
}

/**
 * Characters a source URL must not carry, checked on the text as given (before the WHATWG parser,
 * which would silently drop tabs and newlines): anything outside printable ASCII (controls, DEL,
 * spaces, non-ASCII: write IDN hosts in punycode and percent-encode the rest) and the characters
 * RFC 3986 never allows unencoded: `"` `'` `<` `>` `\` `^` `` ` `` `{` `|` `}`.
 */
const FORBIDDEN_URL_CHAR = /[^\x21-\x7e]|["'<>\\^`{|}]/;
/** Control characters (C0, DEL, C1) and Unicode line/paragraph separators, refused in file names. */
const FORBIDDEN_PATH_CHAR = /[\x00-\x1f\x7f-\x9f\u2028\u2029]/;

/** The lower-case scheme of `scheme://...`, or undefined for a plain path. Pure: no file system access. */
export function schemeOf(input: string): string | undefined {
  return /^([a-z][a-z0-9+.-]*):\/\//i.exec(input)?.[1].toLowerCase();
}

/** Why `input` (a `scheme://` URL) cannot be used, or the parsed URL. Messages never repeat the URL: it may hold a password. */
export function parseSourceUrl(input: string): { url: URL } | { problem: string } {
  const scheme = schemeOf(input) ?? 'unknown';
  const shown = `this ${scheme}: URL (not shown: it may hold a password)`;
  const bad = FORBIDDEN_URL_CHAR.exec(input);
  if (bad) {
    return { problem: `${shown} contains ${describeChar(bad[0])} at character ${bad.index + 1}; a URL carries printable ASCII only, without spaces, quotes, <, >, \\, ^, \`, {, |, }: percent-encode it (e.g. a space as %20)` };
  }
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return { problem: `${shown} is not a valid URL; check it, and percent-encode '/', '#', '?', '@' and ':' inside a user name or password` };
  }
  if (url.hash !== '' || input.includes('#')) {
    return { problem: `${shown} has a '#' (a fragment, never sent to a camera); percent-encode it as %23 if it belongs to the path or a password` };
  }
  if (url.protocol !== 'file:' && url.hostname === '') return { problem: `${shown} names no host` };
  if (/@/.test(url.pathname + url.search)) {
    // rtsp://user:12/secret@host/ parses as host 'user', port 12: a password cut at a raw '/'.
    return { problem: `${shown} has an '@' after the host; percent-encode '/', '?' and '#' inside a password (or write '@' in a path as %40)` };
  }
  return { url };
}

/**
 * How a source is shown to people (ids, messages, logs): a URL normalised with its credentials and
 * secret parameters masked, or only its scheme when it does not parse (the raw text may hold a
 * password that no masking rule can find); a path with control characters escaped.
 */
export function displaySource(input: string): string {
  const scheme = schemeOf(input);
  if (scheme === undefined) return FORBIDDEN_PATH_CHAR.test(input) ? JSON.stringify(input).slice(1, -1) : input;
  const parsed = parseSourceUrl(input);
  return 'url' in parsed ? redactUrl(parsed.url.href) : `${scheme}://(invalid URL, not shown)`;
}

/** Checks `input` and returns what to hand to the decoder; throws E_INPUT_UNSUPPORTED_URL, E_CONFIG_INVALID or E_INPUT_NOT_FOUND. */
export function checkSource(input: string): CheckedSource {
  const scheme = schemeOf(input);
  if (input.trim() !== input) {
    throw new SharpeyeError('E_CONFIG_INVALID', 'a source starts or ends with whitespace (not shown: it may be a URL holding a password); remove it');
  }
  if (scheme === undefined) return { input: checkFile(input, input), scheme: 'file' };
  if (!(ALLOWED_SCHEMES as readonly string[]).includes(scheme)) {
    const allowed = ALLOWED_SCHEMES.map((s) => `${s}:`).join(', ');
    throw new SharpeyeError('E_INPUT_UNSUPPORTED_URL',
      `unsupported URL scheme '${scheme}:' in ${displaySource(input)}; use a file path or one of ${allowed}`,
      { details: { scheme, input: displaySource(input), allowed: [...ALLOWED_SCHEMES] } });
  }
  const parsed = parseSourceUrl(input);
  if ('problem' in parsed) throw new SharpeyeError('E_CONFIG_INVALID', parsed.problem, { details: { scheme } });
  if (scheme === 'file') return { input: checkFile(fileUrlToPath(parsed.url), parsed.url.href), scheme };
  return { input: parsed.url.href, scheme: scheme as SourceScheme };
}

function describeChar(c: string): string {
  const names: Record<string, string> = { ' ': 'a space', '\n': 'a newline', '\r': 'a carriage return', '\t': 'a tab', '"': 'a double quote', "'": 'a single quote' };
  return names[c] ?? (/[\x21-\x7e]/.test(c) ? `'${c}'` : `the character U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
}

function fileUrlToPath(url: URL): string {
  try {
    return fileURLToPath(url);
  } catch (err) {
    // e.g. file://host/x: a remote host in a file URL is not a local file.
    throw new SharpeyeError('E_INPUT_NOT_FOUND', `${url.href} is not a local file URL (${(err as Error).message}); use file:///absolute/path`, { cause: err, details: { input: url.href } });
  }
}

function checkFile(path: string, asGiven: string): string {
  const bad = FORBIDDEN_PATH_CHAR.exec(path);
  if (bad) {
    throw new SharpeyeError('E_CONFIG_INVALID', `a video file name contains ${describeChar(bad[0])} at character ${bad.index + 1}; rename the file`, { details: { path: JSON.stringify(path) } });
  }
  const absolute = resolve(path);
  let isFile = false;
  try {
    isFile = statSync(absolute).isFile();
  } catch {
    // Missing or unreadable directory: reported below with the path the user gave.
  }
  if (!isFile) {
    throw new SharpeyeError('E_INPUT_NOT_FOUND', `video file ${redactUrl(asGiven)} does not exist or is not a regular file; check the path`, { details: { path: redactUrl(absolute) } });
  }
  return absolute;
}
