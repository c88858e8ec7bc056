// GstFrameSource: the GStreamer alternative to FfmpegFrameSource, with the same Frame contract.
// gst-launch-1.0 runs as a child process (never in-process bindings); frames arrive on stdout as
// GDP packets carrying caps and pts. The child is always stopped and reaped.
import { SharpeyeError, type Frame, type FrameSource } from '../../core/index.js';
import { FrameQueue, type OverflowPolicy } from '../frame-queue.js';
import { OwnedChildProcess } from '../owned-child-process.js';
import { redactUrl, urlSecrets } from '../redact-url.js';
import { checkSource, displaySource, LIVE_SCHEMES } from '../source-url.js';
import { buildGstLaunchArgs, type GstDecodeOptions } from './gst-args.js';
import { capsSize, GdpParser } from './gdp-parser.js';
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
  /** @defaultValue $SHARPEYE_GST_LAUNCH or 'gst-launch-1.0' */
  gstLaunchPath?: string;
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
    const live = (LIVE_SCHEMES as readonly string[]).includes(options.url.split(':')[0]?.toLowerCase() ?? '');
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
    const args = buildGstLaunchArgs({ ...o, input: source.input, scheme: source.scheme });
    const proc = new OwnedChildProcess(o.gstLaunchPath ?? process.env.SHARPEYE_GST_LAUNCH ?? 'gst-launch-1.0', args);
    this.#process = proc;
    const parser = new GdpParser();
    let size: { width: number; height: number } | undefined;
    let index = 0;
    proc.child.stdout.on('data', (chunk: Buffer) => {
      for (const p of parser.push(chunk)) {
        if (p.kind === 'caps') size = capsSize(p.caps) ?? size;
        if (p.kind !== 'buffer' || !size) continue;
        this.#decoded++;
        this.#queue.push({
          sourceId: this.id, index: index++, ptsMs: p.ptsNs === null ? NaN : Number(p.ptsNs) / 1e6, receivedAtMs: Date.now(),
          width: size.width, height: size.height, data: packRows(p.data, size.width, size.height),
        });
      }
    });
    proc.child.stderr.setEncoding('utf8').on('data', (text: string) => {
      this.#stderr.push(...text.split('\n').filter((l) => l.trim()));
      if (this.#stderr.length > 40) this.#stderr.splice(0, this.#stderr.length - 40);
    });
    const onAbort = () => { this.#queue.discard(this.#aborted()); void proc.stop(); };
    o.signal?.addEventListener('abort', onAbort, { once: true });
    void proc.closed.then((exit) => {
      o.signal?.removeEventListener('abort', onAbort);
      if (this.#closed) return this.#queue.end();
      if (exit.spawnError) return this.#queue.end(new SharpeyeError('E_INGEST_SPAWN', `could not start gst-launch-1.0 (${exit.spawnError.code}); install gstreamer1.0-tools or set SHARPEYE_GST_LAUNCH`, { cause: exit.spawnError }));
      if (exit.code === 0 && this.#decoded > 0) return this.#queue.end();
      this.#queue.end(classifyGstFailure(this.#display, this.#stderr, exit.code, urlSecrets(o.url)));
    });
  }

  #aborted(): SharpeyeError {
    return new SharpeyeError('E_INGEST_ABORTED', `decoding ${this.id} was cancelled`, { cause: this.options.signal?.reason });
  }
}

/** GStreamer pads RGB rows to 4 bytes; frames here are tightly packed. */
function packRows(data: Uint8Array, width: number, height: number): Uint8Array {
  const row = width * 3, stride = Math.ceil(row / 4) * 4;
  if (data.length === row * height || stride === row) return data;
  const out = new Uint8Array(row * height);
  for (let y = 0; y < height; y++) out.set(data.subarray(y * stride, y * stride + row), y * row);
  return out;
}
