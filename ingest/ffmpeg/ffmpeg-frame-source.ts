// FfmpegFrameSource: decodes a file or URL with an ffmpeg child process into RGB24 frames with
// their pts, as an async iterable. A bounded queue sits between ffmpeg's pipe and the consumer:
// 'block' pauses the pipe (ffmpeg then blocks: backpressure, nothing lost, for files), 'drop-oldest'
// keeps the newest frames and counts drops (live cameras). The child is always killed and reaped.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { SharpeyeError, type Frame, type FrameSource } from '../../core/index.js';
import { checkSource } from '../source-url.js';
import { redactUrl } from '../redact-url.js';
import { buildFfmpegDecodeArgs, type FfmpegDecodeOptions } from './ffmpeg-args.js';
import { classifyFfmpegFailure } from './ffmpeg-errors.js';
import { FfmpegStderrParser } from './ffmpeg-stderr.js';
import { FrameAssembler } from './frame-assembler.js';

export interface FfmpegFrameSourceOptions extends Omit<FfmpegDecodeOptions, 'input' | 'scheme'> {
  /** File path or URL (file, http(s), rtsp(s), rtmp, srt, udp, tcp). */
  url: string;
  /** Source id carried by every frame. @defaultValue the url with credentials masked */
  id?: string;
  /** Cancels decoding; the iterator then throws E_INGEST_ABORTED. */
  signal?: AbortSignal;
  /** Frames held between ffmpeg and the consumer. @defaultValue 4 */
  bufferFrames?: number;
  /** What happens when the buffer is full. @defaultValue 'block' */
  overflow?: 'block' | 'drop-oldest';
  /** ffmpeg binary. @defaultValue $SHARPEYE_FFMPEG or 'ffmpeg' */
  ffmpegPath?: string;
  /** Grace period between SIGTERM and SIGKILL when stopping. @defaultValue 2000 */
  killGraceMs?: number;
}

const DAMAGE = /partial file|Invalid NAL|error while decoding|corrupt|Packet mismatch|missing picture/i;
const hasDecodeDamage = (lines: readonly string[]) => lines.some((l) => DAMAGE.test(l));

export interface FrameSourceStats { framesDecoded: number; framesDropped: number }

type Child = ChildProcessByStdio<null, Readable, Readable>;

export class FfmpegFrameSource implements FrameSource {
  readonly id: string;
  readonly stats: FrameSourceStats = { framesDecoded: 0, framesDropped: 0 };
  #child: Child | undefined;
  #exited: Promise<void> | undefined;
  #closing = false;
  #queue: Frame[] = [];
  #wake: (() => void) | undefined;
  #ended = false;
  #error: SharpeyeError | undefined;
  #paused = false;

  constructor(private readonly options: FfmpegFrameSourceOptions) {
    this.id = options.id ?? redactUrl(options.url);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Frame> {
    try {
      this.#start();
      for (;;) {
        const frame = await this.#next();
        if (!frame) return;
        yield frame;
      }
    } finally {
      await this.close();
    }
  }

  /** Stops ffmpeg (SIGTERM, then SIGKILL after the grace period) and waits until it is reaped. */
  async close(): Promise<void> {
    this.#closing = true;
    const child = this.#child;
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), this.options.killGraceMs ?? 2000);
      await this.#exited;
      clearTimeout(timer);
    } else {
      await this.#exited;
    }
    this.#notify();
  }

  #start(): void {
    const o = this.options;
    if (o.signal?.aborted) throw this.#abortError();
    const source = checkSource(o.url);
    const args = buildFfmpegDecodeArgs({ ...o, input: source.input, scheme: source.scheme });
    const child = spawn(o.ffmpegPath ?? process.env.SHARPEYE_FFMPEG ?? 'ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child = child;
    const assembler = new FrameAssembler(this.id, (frame) => this.#push(frame));
    const stderr = new FfmpegStderrParser({
      onSize: (w, h) => assembler.setSize(w, h),
      onPts: (i, t) => assembler.setPts(i, t * 1000),
    });
    child.stdout.on('data', (chunk: Buffer) => assembler.push(chunk));
    child.stderr.setEncoding('utf8').on('data', (text: string) => stderr.push(text));
    const onAbort = () => { this.#fail(this.#abortError()); void this.close(); };
    o.signal?.addEventListener('abort', onAbort, { once: true });
    this.#exited = new Promise<void>((resolve) => {
      child.once('error', (err: NodeJS.ErrnoException) => {
        this.#fail(new SharpeyeError('E_INGEST_SPAWN', `could not start ffmpeg (${err.code ?? err.message}); install ffmpeg or set SHARPEYE_FFMPEG`, { cause: err }));
        resolve();
      });
      child.once('close', (code, signal) => {
        o.signal?.removeEventListener('abort', onAbort);
        stderr.end();
        assembler.end();
        // A clean exit can still hide a truncated or damaged file: frames decoded so far are
        // delivered, then the damage is reported, so nothing is lost and nothing is silent.
        if (!this.#closing && (code !== 0 || signal !== null || hasDecodeDamage(stderr.tail))) {
          this.#fail(classifyFfmpegFailure(o.url, stderr.tail, code));
        }
        this.#ended = true;
        this.#notify();
        resolve();
      });
    });
  }

  #push(frame: Frame): void {
    this.stats.framesDecoded++;
    this.#queue.push(frame);
    const capacity = Math.max(1, this.options.bufferFrames ?? 4);
    if (this.#queue.length > capacity) {
      if ((this.options.overflow ?? 'block') === 'drop-oldest') {
        this.#queue.shift();
        this.stats.framesDropped++;
      }
    }
    if ((this.options.overflow ?? 'block') === 'block' && this.#queue.length >= capacity && !this.#paused) {
      this.#paused = true;
      this.#child?.stdout.pause();
    }
    this.#notify();
  }

  async #next(): Promise<Frame | undefined> {
    for (;;) {
      if (this.#error?.code === 'E_INGEST_ABORTED') throw this.#error;
      const frame = this.#queue.shift();
      if (frame) {
        if (this.#paused) {
          this.#paused = false;
          this.#child?.stdout.resume();
        }
        return frame;
      }
      if (this.#error) throw this.#error;
      if (this.#ended || this.#closing) return undefined;
      await new Promise<void>((resolve) => { this.#wake = resolve; });
    }
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  #fail(err: SharpeyeError): void {
    this.#error ??= err;
    this.#notify();
  }

  #abortError(): SharpeyeError {
    return new SharpeyeError('E_INGEST_ABORTED', `decoding ${this.id} was cancelled`, { cause: this.options.signal?.reason });
  }
}
