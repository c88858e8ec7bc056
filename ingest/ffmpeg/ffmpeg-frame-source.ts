// FfmpegFrameSource: decodes a file or URL with an ffmpeg child process into RGB24 frames with
// their pts, as an async iterable. A bounded FrameQueue sits between ffmpeg's pipe and the
// consumer. The child is killed and reaped on close, abort, error, early break and normal end.
import { SharpeyeError, toSharpeyeError, type Frame, type FrameSource } from '../../core/index.js';
import { FrameQueue, type OverflowPolicy } from '../frame-queue.js';
import { OwnedChildProcess, type ChildExit } from '../owned-child-process.js';
import { redactUrl, urlSecrets } from '../redact-url.js';
import { checkSource, displaySource, LIVE_SCHEMES, schemeOf, type CheckedSource } from '../source-url.js';
import { buildFfmpegDecodeArgs, buildFfmpegInputList, ffmpegInputFor, validateFfmpegDecodeOptions, type FfmpegDecodeOptions } from './ffmpeg-args.js';
import { classifyFfmpegFailure, truncationFailure, type FfmpegRunFailure } from './ffmpeg-errors.js';
import { FfmpegStderrParser } from './ffmpeg-stderr.js';
import { probeFfmpegVersion, spawnError } from './ffmpeg-version.js';
import { FrameAssembler } from './frame-assembler.js';
import { usesInputList } from './ffmpeg-input-list.js';
import { DEFAULT_MAX_FRAME_HEIGHT, DEFAULT_MAX_FRAME_WIDTH, DEFAULT_MAX_INPUT_PIXELS, inputTooLarge } from '../input-limits.js';

export interface FfmpegFrameSourceOptions extends Omit<FfmpegDecodeOptions, 'input' | 'ffmpegVersion'> {
  /** File path or URL (file:, http:, https:, rtsp:, rtsps:, rtmp:, srt:, udp:, tcp:). */
  url: string;
  /** Source id carried by every frame. @defaultValue the url, credentials masked */
  id?: string;
  /** Cancels decoding; the iterator then throws E_INGEST_ABORTED and ffmpeg is reaped. */
  signal?: AbortSignal;
  /** Frames held between ffmpeg and the consumer (plus at most one pipe read's worth). @defaultValue 4 */
  bufferFrames?: number;
  /**
   * What a full buffer does: 'block' pauses ffmpeg (nothing lost), 'drop-oldest' keeps the newest
   * frames and counts drops (a live sender is never stalled).
   * @defaultValue 'drop-oldest' for rtsp, rtsps, rtmp, srt, udp and tcp; 'block' for files and http(s)
   */
  overflow?: OverflowPolicy;
  /** The ffmpeg binary. @defaultValue $SHARPEYE_FFMPEG, else 'ffmpeg' on PATH */
  ffmpegPath?: string;
  /** Time between SIGTERM and SIGKILL when stopping ffmpeg. @defaultValue 2000 */
  killGraceMs?: number;
}

export interface FrameSourceStats {
  /** Frames read from the decoder, delivered or not. */
  framesDecoded: number;
  /** Frames dropped by 'drop-oldest' because the consumer was behind. */
  framesDropped: number;
}

/** What #finish needs from one ffmpeg run. */
interface RunState { source: CheckedSource; ffmpegInput: string; ffmpegPath: string; stderr: FfmpegStderrParser; assembler: FrameAssembler }

export class FfmpegFrameSource implements FrameSource {
  readonly id: string;
  /** The overflow policy in force (the option, or the default for the URL's scheme). */
  readonly overflow: OverflowPolicy;
  readonly #options: FfmpegFrameSourceOptions;
  readonly #display: string;
  readonly #queue: FrameQueue<Frame>;
  #process: OwnedChildProcess | undefined;
  #stderr: FfmpegStderrParser | undefined;
  #decoded = 0;
  #iterated = false;
  #closed = false;
  #closing: Promise<void> | undefined;

  constructor(options: FfmpegFrameSourceOptions) {
    validateFfmpegDecodeOptions({ ...options, input: options.url });
    validateSourceOptions(options);
    this.#options = options;
    this.#display = displaySource(options.url);
    this.id = options.id === undefined ? this.#display : redactUrl(options.id);
    const live = (LIVE_SCHEMES as readonly string[]).includes(schemeOf(options.url) ?? 'file');
    this.overflow = options.overflow ?? (live ? 'drop-oldest' : 'block');
    this.#queue = new FrameQueue<Frame>({
      capacity: options.bufferFrames ?? 4,
      overflow: this.overflow,
      onFull: () => this.#process?.child.stdout.pause(),
      onSpace: () => this.#process?.child.stdout.resume(),
    });
  }

  get stats(): FrameSourceStats {
    return { framesDecoded: this.#decoded, framesDropped: this.#queue.dropped };
  }

  /** The input's duration from its container header, once ffmpeg has opened it; undefined before, and for live streams. */
  get durationMs(): number | undefined {
    return this.#stderr?.durationMs;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Frame> {
    if (this.#iterated) {
      throw new SharpeyeError('E_INTERNAL', `frame source ${this.id} is already being read; a source is read once, so create a new one to decode again`);
    }
    this.#iterated = true;
    const signal = this.#options.signal;
    const onAbort = () => this.#abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      if (signal?.aborted) throw this.#abortError();
      await this.#start();
      for (;;) {
        const frame = await this.#queue.next();
        if (frame === undefined) return;
        yield frame;
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      await this.close();
    }
  }

  /** Stops ffmpeg (SIGTERM, SIGKILL after `killGraceMs`) and resolves once it is reaped. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.#stop();
    return this.#closing;
  }

  async #stop(): Promise<void> {
    this.#closed = true;
    this.#queue.discard();
    await this.#process?.stop(this.#options.killGraceMs ?? 2000);
  }

  async #start(): Promise<void> {
    const o = this.#options;
    const source = checkSource(o.url);
    const ffmpegPath = o.ffmpegPath ?? process.env.SHARPEYE_FFMPEG ?? 'ffmpeg';
    const ffmpegVersion = await probeFfmpegVersion(ffmpegPath);
    // Closed or aborted while probing: the queue already says how the iteration ends.
    if (this.#closed) return;
    if (source.scheme !== 'file' && !usesInputList(source.input, ffmpegVersion) && /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(source.input)) {
      // The safe default: before 5.0 the URL could only go in argv, readable by every local user.
      throw new SharpeyeError('E_CONFIG_INVALID', `${this.#display}: this ffmpeg (${ffmpegVersion.major}.${ffmpegVersion.minor}) can only be given the URL on its command line, where every local user could read the password; use ffmpeg >= 5.0 or decoder: gstreamer`, { details: { input: this.#display } });
    }
    const decode: FfmpegDecodeOptions = {
      input: source.input, fps: o.fps, maxWidth: o.maxWidth, maxHeight: o.maxHeight, maxInputPixels: o.maxInputPixels, threads: o.threads,
      rtspTransport: o.rtspTransport, ioTimeoutMs: o.ioTimeoutMs, hwDecode: o.hwDecode, ffmpegVersion,
    };
    // The URL (and any password in it) goes on stdin, never in argv: see ffmpeg-input-list.ts.
    const proc = new OwnedChildProcess(ffmpegPath, buildFfmpegDecodeArgs(decode), { stdin: buildFfmpegInputList(decode) });
    this.#process = proc;
    // Sampling keeps the source's own spacing, so missing pts are extrapolated from observed gaps.
    const assembler = new FrameAssembler(this.id, {
      frame: (frame) => { this.#decoded++; this.#queue.push(frame); },
      error: (err) => this.#fail(proc, err),
    }, undefined, maxFrameBytes(o));
    const stderr = new FfmpegStderrParser({
      onInputSize: (w, h) => this.#checkInputSize(proc, w, h),
      onOutputSize: (w, h) => assembler.setSize(w, h),
      onFrame: (info) => assembler.addInfo(info),
    });
    this.#stderr = stderr;
    proc.child.stdout.on('data', (chunk: Buffer) => assembler.push(chunk));
    proc.child.stderr.setEncoding('utf8').on('data', (text: string) => stderr.push(text));
    for (const pipe of [proc.child.stdout, proc.child.stderr]) pipe.on('error', (err) => this.#fail(proc, err));
    const run: RunState = { source, ffmpegInput: ffmpegInputFor(source.input, ffmpegVersion), ffmpegPath, stderr, assembler };
    void proc.closed.then((exit) => this.#finish(exit, run)).catch((err: unknown) => this.#fail(proc, err));
  }

  /** ffmpeg has exited and both pipes are drained: end the queue with the run's outcome. */
  #finish(exit: ChildExit, { source, ffmpegInput, ffmpegPath, stderr, assembler }: RunState): void {
    stderr.end();
    if (this.#closed) return;
    if (exit.spawnError) return this.#queue.end(spawnError(ffmpegPath, exit.spawnError));
    assembler.end();
    const failure: FfmpegRunFailure = {
      display: this.#display, ffmpegInput, problems: stderr.problems,
      exitCode: exit.code, signal: exit.signal, network: source.scheme !== 'file', secrets: urlSecrets(this.#options.url),
      receivedSignal: stderr.receivedSignal,
    };
    this.#queue.end(exit.code !== 0 || exit.signal !== null || stderr.receivedSignal !== undefined
      ? classifyFfmpegFailure(failure)
      : truncationFailure(failure, { lastPtsMs: assembler.lastPtsMs, frameIntervalMs: assembler.frameIntervalMs, durationMs: stderr.durationMs }));
  }

  /** Refuses an oversized source from its header, before ffmpeg's decoder refuses its first frame. */
  #checkInputSize(proc: OwnedChildProcess, width: number, height: number): void {
    const limit = this.#options.maxInputPixels ?? DEFAULT_MAX_INPUT_PIXELS;
    if (width * height > limit) this.#fail(proc, inputTooLarge(`video ${this.#display}`, width, height, limit, 'maxInputPixels (--max-input-pixels)'));
  }

  /** A failure outside ffmpeg's own reporting (a pipe error, a bug here): surface it, stop ffmpeg. */
  #fail(proc: OwnedChildProcess, err: unknown): void {
    this.#queue.end(toSharpeyeError(err));
    void proc.stop(this.#options.killGraceMs ?? 2000);
  }

  #abort(): void {
    this.#queue.discard(this.#abortError());
    void this.close();
  }

  #abortError(): SharpeyeError {
    return new SharpeyeError('E_INGEST_ABORTED', `decoding ${this.id} was cancelled`, { cause: this.#options.signal?.reason, details: { sourceId: this.id } });
  }
}

/** The largest frame the size filter lets through, with room for even-size rounding. */
function maxFrameBytes(o: FfmpegFrameSourceOptions): number {
  return ((o.maxWidth ?? DEFAULT_MAX_FRAME_WIDTH) + 2) * ((o.maxHeight ?? DEFAULT_MAX_FRAME_HEIGHT) + 2) * 3;
}

function validateSourceOptions(o: FfmpegFrameSourceOptions): void {
  const fail = (path: string, rule: string, value: unknown) => {
    throw new SharpeyeError('E_CONFIG_INVALID', `${path} must be ${rule}, got ${String(value)}`, { details: { path, value } });
  };
  if (o.bufferFrames !== undefined && !(Number.isInteger(o.bufferFrames) && o.bufferFrames >= 1)) fail('bufferFrames', 'an integer >= 1', o.bufferFrames);
  if (o.overflow !== undefined && o.overflow !== 'block' && o.overflow !== 'drop-oldest') fail('overflow', "'block' or 'drop-oldest'", o.overflow);
  if (o.killGraceMs !== undefined && !(Number.isFinite(o.killGraceMs) && o.killGraceMs >= 0)) fail('killGraceMs', 'a number of milliseconds >= 0', o.killGraceMs);
}
