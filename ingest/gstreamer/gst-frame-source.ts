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

/** GStreamer pads RGB rows to 4 bytes; frames here are tightly packed. */
function packRows(data: Uint8Array, width: number, height: number): Uint8Array {
  const row = width * 3, stride = Math.ceil(row / 4) * 4;
  if (data.length === row * height || stride === row) return data;
  const out = new Uint8Array(row * height);
  for (let y = 0; y < height; y++) out.set(data.subarray(y * stride, y * stride + row), y * row);
  return out;
}
