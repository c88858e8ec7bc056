// Turns ffmpeg's stderr into a typed SharpeyeError: the first line that explains the failure
// picks the code, and ffmpeg's own words (credentials masked) go into the message.
import { SharpeyeError, type ErrorCode } from '../../core/index.js';
import { redactUrl } from '../redact-url.js';

const RULES: Array<[RegExp, ErrorCode, string]> = [
  [/401 Unauthorized|403 Forbidden|Unauthorized|authorization failed/i, 'E_INGEST_UNAUTHORIZED', 'the stream refused the credentials'],
  [/404 Not Found|Server returned 404|No such file or directory/i, 'E_INGEST_NOT_FOUND', 'the stream or file was not found'],
  [/Connection refused|Connection timed out|timed out|No route to host|Network is unreachable|Name or service not known|Temporary failure in name resolution|Connection reset/i, 'E_INGEST_UNREACHABLE', 'the stream could not be reached'],
  [/Protocol not found/i, 'E_INPUT_UNSUPPORTED_URL', 'ffmpeg does not support this protocol'],
  [/matches no streams|does not contain any stream/i, 'E_INGEST_DECODE', 'the input has no video stream'],
  [/moov atom not found|Invalid data found when processing input|could not find codec parameters|Invalid NAL|error while decoding|corrupt|truncat|Error splitting the input|partial file/i, 'E_INGEST_DECODE', 'the input is corrupt, truncated or not a video'],
];

/** Lines that describe a failure, in the order ffmpeg printed them. */
export function errorLines(stderrLines: readonly string[]): string[] {
  return stderrLines.filter((l) => RULES.some(([re]) => re.test(l)) || /error|failed|invalid/i.test(l));
}

/** The error for an ffmpeg run that failed on `input` (a display name, already safe to print). */
export function classifyFfmpegFailure(input: string, stderrLines: readonly string[], exitCode: number | null): SharpeyeError {
  const lines = errorLines(stderrLines);
  for (const [re, code, what] of RULES) {
    const line = lines.find((l) => re.test(l));
    if (line) return ffmpegError(code, input, what, line, exitCode);
  }
  const last = lines.at(-1) ?? stderrLines.filter((l) => l.trim()).at(-1) ?? 'no output';
  return ffmpegError('E_INGEST_DECODE', input, 'ffmpeg failed', last, exitCode);
}

function ffmpegError(code: ErrorCode, input: string, what: string, line: string, exitCode: number | null): SharpeyeError {
  const said = redactUrl(line.replace(/^\[[^\]]+\]\s*/, '').trim());
  return new SharpeyeError(code, `${redactUrl(input)}: ${what} (ffmpeg: ${said})`, { details: { input: redactUrl(input), ffmpeg: said, exitCode } });
}
