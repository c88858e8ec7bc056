// Parses what ffmpeg prints on stderr while decoding: the input duration, the output frame size
// (the "Output #0" stream line), each output frame's pts and size (showinfo), and the warning and
// error lines that later explain a failure. Per-frame lines are consumed, never kept.
import { NO_PROBE_DECODERS } from './ffmpeg-input-list.js';

export type FfmpegLogLevel = 'panic' | 'fatal' | 'error' | 'warning' | 'info' | 'verbose' | 'debug' | 'trace';

export interface FfmpegLogLine {
  /** From `-loglevel level+...`; undefined when ffmpeg printed no tag (continuation lines, old builds). */
  readonly level?: FfmpegLogLevel;
  /** The component, e.g. `mov,mp4,m4a,3gp,3g2,mj2` or `rtsp`, from `[name @ 0x...]`. */
  readonly component?: string;
  readonly text: string;
}

export interface ShowinfoFrame {
  /** showinfo's frame counter, 0-based. */
  readonly n: number;
  /** Presentation time in ms; undefined when ffmpeg had none (NOPTS). */
  readonly ptsMs: number | undefined;
  readonly width: number;
  readonly height: number;
}

export interface StderrEvents {
  /** The input's video size from its stream header, before any frame is decoded (when ffmpeg prints one). */
  onInputSize?(width: number, height: number): void;
  onOutputSize(width: number, height: number): void;
  onFrame(frame: ShowinfoFrame): void;
}

const LINE = /^(?:\[([^\]]+?) @ (?:0x)?[0-9a-f]+\] )?(?:\[(panic|fatal|error|warning|info|verbose|debug|trace)\] )?(.*)$/;
const SHOWINFO_FRAME = /\bn:\s*(\d+)\s+pts:\s*(\S+)\s+pts_time:\s*(\S+).*?\bs:(\d+)x(\d+)/;
const SHOWINFO_TIME_BASE = /config in time_base:\s*(\d+)\/(\d+)/;
const OUTPUT_VIDEO = /Stream #\d+:\d+.*: Video: rawvideo\b.*?, (\d+)x(\d+)\b/;
const INPUT_VIDEO = /Stream #0:\d+.*: Video: .*?, (\d+)x(\d+)\b/;
/**
 * Longest line kept, in characters. A hostile input can make ffmpeg print megabytes without a
 * newline (metadata tags are echoed in the stream dump); the rest of such a line is dropped.
 */
export const MAX_STDERR_LINE = 16_384;
const DURATION = /^\s*Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)/;
const PROBE_REFUSAL = new RegExp(`^Codec \\([\\w-]+\\) not on whitelist '${NO_PROBE_DECODERS}'$`);
const PROBE_WARNING = /^(?:Failed to open codec in avformat_find_stream_info|Could not find codec parameters for stream \d+ \(.*\): unspecified (?:size|pixel format))$/;
const PROBLEM_LEVELS = new Set<FfmpegLogLevel>(['panic', 'fatal', 'error', 'warning']);
/** For lines without a level tag: the wording ffmpeg uses for failures. */
const UNTAGGED_PROBLEM = /error|failed|invalid|not found|refused|timed out|unauthorized|forbidden|denied|corrupt|partial file|no such|unreachable|matches no streams/i;

export class FfmpegStderrParser {
  /** Warning and error lines in the order printed: the first 40, then the most recent 40. */
  readonly problems: FfmpegLogLine[] = [];
  /** Input duration from the container header; undefined for live streams ("N/A"). */
  durationMs: number | undefined;
  /** True once ffmpeg has opened the input ("Input #0"): later failures are about the data, not the connection. */
  inputOpened = false;
  /**
   * Set when ffmpeg caught a SIGTERM/SIGINT sent from outside and exited on its own ("Exiting
   * normally, received signal 15."): its exit status (255) then says nothing about the stream.
   */
  receivedSignal: number | undefined;
  #partial = '';
  #inOutput = false;
  #inputSizeSeen = false;
  #probeRefused = false;
  #timeBase: [number, number] | undefined;

  constructor(private readonly events: StderrEvents, private readonly keepLines = 40) {}

  push(chunk: string): void {
    const lines = (this.#partial + chunk).split(/\r\n|\r|\n/);
    this.#partial = (lines.pop() ?? '').slice(0, MAX_STDERR_LINE);
    for (const line of lines) this.#line(line.length > MAX_STDERR_LINE ? line.slice(0, MAX_STDERR_LINE) : line);
  }

  end(): void {
    if (this.#partial) this.#line(this.#partial);
    this.#partial = '';
  }

  /** Whether ffmpeg reported an error (as opposed to warnings) at any point. */
  get sawErrors(): boolean {
    return this.problems.some((l) => l.level === 'error' || l.level === 'fatal' || l.level === 'panic');
  }

  #line(raw: string): void {
    const m = LINE.exec(raw);
    if (!m || m[3].trim() === '') return;
    const line: FfmpegLogLine = { component: m[1], level: m[2] as FfmpegLogLevel | undefined, text: m[3] };
    if (line.component?.startsWith('Parsed_showinfo')) return this.#showinfo(line.text);
    if (/^Input #0/.test(line.text)) this.inputOpened = true;
    const signal = /received signal (\d+)/.exec(line.text);
    if (signal) this.receivedSignal = Number(signal[1]);
    if (/^Output #0/.test(line.text)) this.#inOutput = true;
    const duration = DURATION.exec(line.text);
    if (duration) this.durationMs = (Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3])) * 1000;
    const input = this.inputOpened && !this.#inOutput && !this.#inputSizeSeen ? INPUT_VIDEO.exec(line.text) : null;
    if (input) {
      this.#inputSizeSeen = true; // the first video stream: the one `-map 0:v:0` decodes
      this.events.onInputSize?.(Number(input[1]), Number(input[2]));
    }
    const size = this.#inOutput ? OUTPUT_VIDEO.exec(line.text) : null;
    if (size) {
      this.#inOutput = false;
      this.events.onOutputSize(Number(size[1]), Number(size[2]));
    }
    if (this.#expectedProbeLine(line)) return;
    const isProblem = line.level === undefined ? UNTAGGED_PROBLEM.test(line.text) : PROBLEM_LEVELS.has(line.level);
    if (isProblem) this.#keep(line);
  }

  /**
   * The concat demuxer's probe of a network input's list entry may open no decoder (see
   * NO_PROBE_DECODERS): that refusal, and what the entry's demuxer then says about the parameters
   * it could not find, are expected, not problems (ffmpeg's own probe of the concat input finds them).
   */
  #expectedProbeLine(line: FfmpegLogLine): boolean {
    if (PROBE_REFUSAL.test(line.text)) return (this.#probeRefused = true);
    return this.#probeRefused && line.component !== 'concat' && line.level === 'warning' && PROBE_WARNING.test(line.text);
  }

  #showinfo(text: string): void {
    const tb = SHOWINFO_TIME_BASE.exec(text);
    if (tb) {
      this.#timeBase = [Number(tb[1]), Number(tb[2])];
      return;
    }
    const f = SHOWINFO_FRAME.exec(text);
    if (!f) return; // colour, side-data and other per-frame detail lines
    this.events.onFrame({ n: Number(f[1]), ptsMs: this.#ptsMs(f[2], f[3]), width: Number(f[4]), height: Number(f[5]) });
  }

  /** Exact from the integer pts and time base: pts_time has only six significant digits (0.1 s after 3 h). */
  #ptsMs(pts: string, ptsTime: string): number | undefined {
    const tb = this.#timeBase;
    if (tb && tb[1] > 0 && /^-?\d+$/.test(pts)) return (Number(pts) * tb[0] * 1000) / tb[1];
    const seconds = Number(ptsTime);
    return Number.isFinite(seconds) ? seconds * 1000 : undefined;
  }

  #keep(line: FfmpegLogLine): void {
    this.problems.push(line);
    // Keep the first lines (the cause) and the latest ones (the outcome); drop the middle.
    if (this.problems.length > 2 * this.keepLines) this.problems.splice(this.keepLines, 1);
  }
}
