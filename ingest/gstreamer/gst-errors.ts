// Turns the GStreamer decoder's (gst-launch-1.0 style) "ERROR: from element ...: <message>" lines into typed SharpeyeErrors,
// with GStreamer's own words (credentials masked) in the message.
import { SharpeyeError, type ErrorCode } from '../../core/index.js';
import { redactSecrets } from '../redact-url.js';

const RULES: Array<[RegExp, ErrorCode, string]> = [
  [/refused to open a|no GStreamer element/, 'E_INPUT_UNSUPPORTED_URL', 'the input tried to open another kind of input (a playlist or redirect to a local file or another protocol), or this GStreamer cannot read it; refused'],
  [/Unauthorized|401|Forbidden|403|authenticat/i, 'E_INGEST_UNAUTHORIZED', 'the stream refused the credentials'],
  [/Not Found|404|No such file|does not exist/i, 'E_INGEST_NOT_FOUND', 'the stream or file was not found'],
  [/Could not open resource|Could not connect|Connection refused|timed? ?out|Could not resolve|unreachable|Failed to connect/i, 'E_INGEST_UNREACHABLE', 'the stream could not be reached'],
  [/not-linked|no video|Your GStreamer installation is missing a plug-in|No decoder available/i, 'E_INGEST_DECODE', 'the input has no decodable video stream'],
  [/Could not determine type|decode|demux|corrupt|invalid|malformed|truncated|Internal data stream error/i, 'E_INGEST_DECODE', 'the input is corrupt, truncated or not a video'],
];

export function classifyGstFailure(display: string, stderrLines: readonly string[], exitCode: number | null, secrets: readonly string[]): SharpeyeError {
  const errors = stderrLines.filter((l) => /^ERROR|error|WARNING/i.test(l) || /Additional debug info/.test(l));
  const text = errors.length > 0 ? errors : stderrLines;
  for (const [re, code, what] of RULES) {
    const line = text.find((l) => re.test(l));
    if (line) return make(code, display, what, line, exitCode, secrets);
  }
  const said = text.find((l) => /^ERROR: /.test(l)) ?? text.filter((l) => !/^Additional debug info/.test(l)).at(-1);
  return make('E_INGEST_DECODE', display, 'the GStreamer decoder failed', said ?? `exit status ${exitCode}`, exitCode, secrets);
}

function make(code: ErrorCode, display: string, what: string, line: string, exitCode: number | null, secrets: readonly string[]): SharpeyeError {
  const said = redactSecrets(line.replace(/^ERROR: from element \S+: /, '').trim(), secrets).slice(0, 400);
  return new SharpeyeError(code, `${display}: ${what} (gstreamer: ${said})`, { details: { input: display, gstreamer: said, exitCode } });
}
