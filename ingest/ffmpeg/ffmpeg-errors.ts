// Turns ffmpeg's stderr into a typed SharpeyeError. The most specific line picks the code
// (credentials before not-found before unreachable before decode), and ffmpeg's own words, with
// credentials masked, go into the message and the details.
import { SharpeyeError, type ErrorCode } from '../../core/index.js';
import { redactSecrets } from '../redact-url.js';
import type { FfmpegLogLine } from './ffmpeg-stderr.js';
import { killedBySignal } from '../decoder-signal.js';

interface Rule { code: ErrorCode; pattern: RegExp; what: string }

/** In priority order: the first rule with a matching line wins, whatever order ffmpeg printed in. */
const RULES: Rule[] = [
  { code: 'E_INPUT_TOO_LARGE', pattern: /exceeds specified max pixel count/, what: 'the video frames are larger than the pixel limit (maxInputPixels); it was refused before decoding' },
  { code: 'E_INGEST_UNAUTHORIZED', pattern: /Unauthorized|Forbidden|authorization failed|access denied/i, what: 'the stream refused the credentials; check the user name and password in the URL' },
  { code: 'E_INGEST_NOT_FOUND', pattern: /\b404 Not Found|Server returned 404|No such file or directory/, what: 'the stream or file was not found; check the path in the URL' },
  { code: 'E_INGEST_UNREACHABLE', pattern: /Connection refused|timed out|No route to host|unreachable|Failed to resolve hostname|Name or service not known|name resolution|Connection reset/i, what: 'the stream could not be reached; check the host, the port and that the camera is online' },
  { code: 'E_INPUT_UNSUPPORTED_URL', pattern: /Protocol '[^']*' not on whitelist|not in allowed_segment_extensions/i, what: 'the input tried to make ffmpeg open another kind of URL (a playlist or redirect to a local file or another protocol); refused' },
  { code: 'E_INPUT_UNSUPPORTED_URL', pattern: /Protocol not found/i, what: 'this ffmpeg build does not read this kind of URL' },
  { code: 'E_INGEST_DECODE', pattern: /Format not on whitelist/i, what: 'the file is not a video container sharpeye reads (playlists, concat lists and image patterns are refused)' },
  { code: 'E_INGEST_DECODE', pattern: /matches no streams|does not contain any stream/i, what: 'the input has no video stream' },
  { code: 'E_INGEST_DECODE', pattern: /moov atom not found|partial file|Invalid data found when processing input|Invalid NAL|error while decoding|corrupt|Error splitting the input|could not find codec parameters|decode_slice_header error|no frame!/i, what: 'the input is corrupt, truncated or not a video' },
];

/** What went wrong with one ffmpeg run, as the frame source saw it. */
export interface FfmpegRunFailure {
  /** The input as users should see it: credentials already masked. */
  display: string;
  /** The input string ffmpeg was given; ffmpeg echoes it as a line prefix, which is cut. */
  ffmpegInput?: string;
  /** Warning and error lines from stderr, in order. */
  problems: readonly FfmpegLogLine[];
  exitCode: number | null;
  signal?: NodeJS.Signals | null;
  /** Network input (not a file): a bare I/O error then means the network, and decode errors may pass. */
  network?: boolean;
  /** Strings to mask wherever they appear (the URL's user name and password). */
  secrets?: readonly string[];
  /** Signal number ffmpeg reported catching before it exited on its own (see FfmpegStderrParser). */
  receivedSignal?: number;
}

const SIGNAL_NAMES: Record<number, NodeJS.Signals> = { 1: 'SIGHUP', 2: 'SIGINT', 3: 'SIGQUIT', 9: 'SIGKILL', 15: 'SIGTERM' };

export function classifyFfmpegFailure(f: FfmpegRunFailure): SharpeyeError {
  // ffmpeg catches SIGTERM/SIGINT/SIGQUIT itself and exits 255 after saying so on stderr.
  const killed = killedBySignal('ffmpeg', f.display, f.signal ?? (f.receivedSignal !== undefined ? SIGNAL_NAMES[f.receivedSignal] : undefined));
  if (killed) return killed;
  // The concat demuxer (network inputs arrive through a list on stdin) repeats the URL in
  // "Impossible to open '<url>'": it says nothing the real error line does not.
  const problems = f.problems.filter((l) => !/^Impossible to open '/.test(l.text));
  const texts = problems.map((l) => cleanLine(l.text, f));
  const errors = problems.flatMap((l, i) => (l.level === 'warning' ? [] : [texts[i]]));
  for (const rule of RULES) {
    const hit = texts.find((t) => rule.pattern.test(t));
    if (hit) return ffmpegError(rule.code, rule.what, [hit, ...errors], f);
  }
  if (f.network && texts.some((t) => /Input\/output error|End of file/i.test(t))) {
    return ffmpegError('E_INGEST_UNREACHABLE', 'the stream closed or stopped answering', errors.length ? errors : texts, f);
  }
  const said = errors.length > 0 ? errors : texts.slice(-3);
  const exit = f.signal ? `killed by ${f.signal}` : `exit code ${f.exitCode}`;
  return ffmpegError('E_INGEST_DECODE', `ffmpeg failed (${exit})`, said.length > 0 ? said : ['no error message'], f);
}

export interface DecodeCoverage {
  /** pts of the last frame delivered, or undefined when none was. */
  lastPtsMs: number | undefined;
  /** Time one output frame covers (1000 / fps). */
  frameIntervalMs: number;
  /** Container duration from ffmpeg's input header; undefined for live streams. */
  durationMs: number | undefined;
}

/**
 * A truncated or damaged file often makes ffmpeg print errors and still exit 0. The frames it did
 * decode have been delivered by then; what users need next is to know the rest is missing, so
 * this reports E_INGEST_DECODE when ffmpeg logged errors AND the frames stop short of the
 * container's duration. Errors on a file that still decodes to its end (a glitch mid-file) are
 * not fatal: nothing is missing that a retry would bring back.
 */
export function truncationFailure(f: FfmpegRunFailure, coverage: DecodeCoverage): SharpeyeError | undefined {
  const sawErrors = f.problems.some((l) => l.level === 'error' || l.level === 'fatal' || l.level === 'panic');
  const { lastPtsMs, frameIntervalMs, durationMs } = coverage;
  if (!sawErrors || durationMs === undefined) return undefined;
  const coveredMs = lastPtsMs === undefined ? 0 : lastPtsMs + frameIntervalMs;
  // Audio can outlast video by a little and sampling rounds: allow a second or two frames.
  if (coveredMs >= durationMs - Math.max(1000, 2 * frameIntervalMs)) return undefined;
  const texts = f.problems.filter((l) => l.level !== 'warning').map((l) => cleanLine(l.text, f));
  const hit = texts.find((t) => /partial file|truncat/i.test(t)) ?? texts[0];
  const what = `the file is truncated or corrupt: decoding stopped at ${(coveredMs / 1000).toFixed(2)} s of ${(durationMs / 1000).toFixed(2)} s`;
  return ffmpegError('E_INGEST_DECODE', what, [hit, ...texts], f, { coveredMs, durationMs });
}

/** Strips ffmpeg's echo of the input (`file:/x.mp4: ...`, already named by the message) and masks secrets. */
function cleanLine(text: string, f: FfmpegRunFailure): string {
  let t = text.trim();
  if (f.ffmpegInput && t.startsWith(`${f.ffmpegInput}: `)) t = t.slice(f.ffmpegInput.length + 2);
  return redactSecrets(t, f.secrets ?? []);
}

function ffmpegError(code: ErrorCode, what: string, lines: string[], f: FfmpegRunFailure, extra: Record<string, unknown> = {}): SharpeyeError {
  const quoted = [...new Set(lines)].slice(0, 3);
  const said = quoted.join('; ');
  const message = `${f.display}: ${what} (ffmpeg: ${said.length > 400 ? `${said.slice(0, 400)}...` : said})`;
  // A live stream that sends garbage is often mid-restart; a file that does will not change.
  const retryable = code === 'E_INGEST_DECODE' && f.network ? true : undefined;
  return new SharpeyeError(code, message, {
    retryable,
    details: { input: f.display, ffmpeg: quoted, exitCode: f.exitCode, signal: f.signal ?? null, ...extra },
  });
}
