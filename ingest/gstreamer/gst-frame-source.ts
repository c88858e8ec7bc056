// GstFrameSource: the GStreamer alternative to FfmpegFrameSource, with the same Frame contract.
// GStreamer runs in a child process (never in-process bindings): sharpeye-gst-launch.py, which
// builds the pipeline from a JSON plan on its stdin instead of gst-launch-1.0's textual grammar
// (no URL can inject pipeline syntax; no URL or password in argv). Frames arrive on stdout as GDP
// packets carrying caps and pts. The child is always stopped and reaped.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SharpeyeError, type Frame, type FrameSource } from '../../core/index.js';
import { killedBySignal } from '../decoder-signal.js';
import { FrameQueue, type OverflowPolicy } from '../frame-queue.js';
import { OwnedChildProcess } from '../owned-child-process.js';
import { redactUrl, urlSecrets } from '../redact-url.js';
import { checkSource, displaySource, LIVE_SCHEMES, schemeOf } from '../source-url.js';
import { buildGstDecodePlan, type GstDecodeOptions } from './gst-args.js';
import { capsFramerate, capsSize, GdpParser } from './gdp-parser.js';
import { DropOnlySampler } from '../drop-only-sampler.js';
import { DEFAULT_MAX_FRAME_HEIGHT, DEFAULT_MAX_FRAME_WIDTH } from '../input-limits.js';
import { classifyGstFailure } from './gst-errors.js';

export interface GstFrameSourceOptions extends Omit<GstDecodeOptions, 'input' | 'scheme'> {
  url: string;
  /** Source id carried by every frame. @defaultValue the url, credentials masked */
  id?: string;
  signal?: AbortSignal;
  /** @defaultValue 4 */
  bufferFrames?: number;
  /** @defaultValue 'drop-oldest' for live schemes, 'block' for files */
  overflow?: OverflowPolicy;
  /** Python 3 with python3-gi that runs sharpeye-gst-launch.py. @defaultValue $SHARPEYE_GI_PYTHON, else /usr/bin/python3 */
  pythonPath?: string;
}

/** The launcher beside this module (sources), or in the source tree next to dist/ (compiled). */
function launcherScript(): string {
  const candidates = ['./sharpeye-gst-launch.py', '../../../ingest/gstreamer/sharpeye-gst-launch.py'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
  return candidates.find((p) => existsSync(p)) ?? candidates[0];
}

export class GstFrameSource implements FrameSource {
  readonly id: string;
  readonly #queue: FrameQueue<Frame>;
  readonly #display: string;
  #process: OwnedChildProcess | undefined;
  #decoded = 0;
  #closed = false;
  #stderr: string[] = [];

  constructor(private readonly options: GstFrameSourceOptions) {
    this.#display = displaySource(options.url);
    this.id = options.id === undefined ? this.#display : redactUrl(options.id);
    const live = (LIVE_SCHEMES as readonly string[]).includes(schemeOf(options.url) ?? 'file');
    this.#queue = new FrameQueue<Frame>({
      capacity: options.bufferFrames ?? 4,
      overflow: options.overflow ?? (live ? 'drop-oldest' : 'block'),
      onFull: () => this.#process?.child.stdout.pause(),
      onSpace: () => this.#process?.child.stdout.resume(),
    });
  }

  get stats() {
    return { framesDecoded: this.#decoded, framesDropped: this.#queue.dropped };
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Frame> {
    try {
      this.#start();
      for (;;) {
        const frame = await this.#queue.next();
        if (!frame) return;
        yield frame;
      }
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#queue.discard();
    await this.#process?.stop();
  }

  #start(): void {
    const o = this.options;
    if (o.signal?.aborted) throw this.#aborted();
    const source = checkSource(o.url);
    const plan = buildGstDecodePlan({ ...o, input: source.input, scheme: source.scheme });
    const python = o.pythonPath ?? process.env.SHARPEYE_GI_PYTHON ?? '/usr/bin/python3';
    // -I: isolated (no PYTHON* environment, no user site-packages, no script dir on sys.path).
    const proc = new OwnedChildProcess(python, ['-I', launcherScript()], { stdin: JSON.stringify(plan) });
    this.#process = proc;
    const maxBytes = maxFrameBytes(o);
    const parser = new GdpParser({ maxBufferBytes: maxBytes });
    let size: { width: number; height: number } | undefined;
    let sampler: DropOnlySampler | undefined;
    let index = 0;
    proc.child.stdout.on('data', (chunk: Buffer) => {
      try {
        for (const p of parser.push(chunk)) {
          if (p.kind === 'caps') {
            size = checkedSize(capsSize(p.caps) ?? size, maxBytes, this.id);
            sampler = samplerFor(o.fps, capsFramerate(p.caps));
          }
          if (p.kind !== 'buffer' || !size) continue;
          const ptsMs = p.ptsNs === null ? NaN : Number(p.ptsNs) / 1e6;
          if (sampler && !sampler.accept(ptsMs)) continue;
          this.#decoded++;
          this.#queue.push({
            sourceId: this.id, index: index++, ptsMs, receivedAtMs: Date.now(),
            width: size.width, height: size.height, data: packRows(p.data, size.width, size.height, this.id),
          });
        }
      } catch (err) {
        // Nothing more can be cut from this stream: report it and stop the decoder.
        this.#queue.end(err as Error);
        proc.child.stdout.removeAllListeners('data');
        void proc.stop();
      }
    });
    proc.child.stderr.setEncoding('utf8').on('data', (text: string) => {
      this.#stderr.push(...text.split('\n').filter((l) => l.trim()).map((l) => l.slice(0, MAX_STDERR_LINE)));
      if (this.#stderr.length > 40) this.#stderr.splice(0, this.#stderr.length - 40);
    });
    const onAbort = () => { this.#queue.discard(this.#aborted()); void proc.stop(); };
    o.signal?.addEventListener('abort', onAbort, { once: true });
    void proc.closed.then((exit) => {
      o.signal?.removeEventListener('abort', onAbort);
      if (this.#closed) return this.#queue.end();
      if (exit.spawnError) return this.#queue.end(new SharpeyeError('E_INGEST_SPAWN', `could not start the GStreamer decoder with ${python} (${exit.spawnError.code}); install python3-gi and GStreamer (scripts/setup.sh) or set SHARPEYE_GI_PYTHON`, { cause: exit.spawnError }));
      const killed = killedBySignal('GStreamer decoder', this.#display, exit.signal);
      if (killed) return this.#queue.end(killed);
      if (exit.code === 3) return this.#queue.end(new SharpeyeError('E_INGEST_SPAWN', `${this.#display}: the GStreamer decoder could not start (${this.#stderr.join(' ').slice(0, 300)}); install python3-gi (scripts/setup.sh) or set SHARPEYE_GI_PYTHON`));
      if (exit.code === 0 && this.#decoded > 0) return this.#queue.end();
      this.#queue.end(classifyGstFailure(this.#display, this.#stderr, exit.code, urlSecrets(o.url)));
    });
  }

  #aborted(): SharpeyeError {
    return new SharpeyeError('E_INGEST_ABORTED', `decoding ${this.id} was cancelled`, { cause: this.options.signal?.reason });
  }
}

/** Characters kept of one stderr line (40 lines are kept for the error message). */
const MAX_STDERR_LINE = 2000;

/** The largest frame payload the output caps allow: stride-padded RGB rows of the size bound. */
function maxFrameBytes(o: GstFrameSourceOptions): number {
  const width = Math.floor(o.maxWidth ?? DEFAULT_MAX_FRAME_WIDTH), height = Math.floor(o.maxHeight ?? DEFAULT_MAX_FRAME_HEIGHT);
  return Math.ceil((width * 3) / 4) * 4 * height;
}

/** Refuses a negotiated size beyond the caps bound (the pipeline did not scale as asked). */
function checkedSize(size: { width: number; height: number } | undefined, maxBytes: number, id: string) {
  if (size && (size.width < 1 || size.height < 1 || size.width * size.height * 3 > maxBytes)) {
    throw new SharpeyeError('E_INPUT_TOO_LARGE', `${id}: the decoder negotiated ${size.width}x${size.height} frames, over the ${maxBytes} bytes one frame may take; lower maxWidth/maxHeight`, { details: { sourceId: id, ...size, maxFrameBytes: maxBytes } });
  }
  return size;
}

/**
 * videorate already caps a stream whose caps name its rate (see rawVideoCaps); a source announcing
 * a variable rate (0/1) or none passes every frame, so those are sampled here, on pts.
 */
function samplerFor(fps: number | undefined, negotiatedFps: number | undefined): DropOnlySampler | undefined {
  if (fps === undefined) return undefined;
  return negotiatedFps !== undefined && negotiatedFps > 0 && negotiatedFps <= fps + 1e-6 ? undefined : new DropOnlySampler(fps);
}

/** GStreamer pads RGB rows to 4 bytes; frames here are tightly packed. */
function packRows(data: Uint8Array, width: number, height: number, id: string): Uint8Array {
  const row = width * 3, stride = Math.ceil(row / 4) * 4;
  if (data.length !== row * height && data.length !== stride * height) {
    throw new SharpeyeError('E_INGEST_DECODE', `${id}: a ${data.length}-byte frame does not match its ${width}x${height} RGB caps`, { details: { sourceId: id, bytes: data.length, width, height } });
  }
  if (data.length === row * height || stride === row) return data;
  const out = new Uint8Array(row * height);
  for (let y = 0; y < height; y++) out.set(data.subarray(y * stride, y * stride + row), y * row);
  return out;
}
