// Incremental parser for the GStreamer Data Protocol stream `gdppay` writes: 62-byte headers
// (payload type, length, pts) followed by caps strings, events or buffers. Pixels are copied once,
// from the pipe chunks into the frame's own buffer. A header's length is checked before anything is
// buffered for it, so a hostile or corrupt length cannot make Node hold gigabytes.
import { SharpeyeError } from '../../core/index.js';

export const GDP_HEADER_BYTES = 62;
const TYPE_BUFFER = 1;
const TYPE_CAPS = 2;
const NO_TIMESTAMP = 0xffffffffffffffffn;
/** Caps strings and events are a few hundred bytes; 64 KB is generous. */
export const MAX_GDP_META_BYTES = 65_536;

export type GdpPacket =
  | { kind: 'caps'; caps: string }
  | { kind: 'buffer'; ptsNs: bigint | null; data: Uint8Array }
  | { kind: 'event'; type: number };

export interface GdpParserOptions {
  /** Largest buffer payload accepted (one frame, stride-padded); a larger length is an E_INGEST_DECODE error. @defaultValue 64 MiB */
  maxBufferBytes?: number;
}

export class GdpParser {
  #chunks: Buffer[] = [];
  #buffered = 0;
  #header: Buffer | undefined;
  readonly #maxBufferBytes: number;

  constructor(o: GdpParserOptions = {}) {
    this.#maxBufferBytes = o.maxBufferBytes ?? 64 * 1024 * 1024;
  }

  /** Feeds bytes; returns the packets completed by them. @throws E_INGEST_DECODE on a payload length over the limit. */
  push(chunk: Buffer): GdpPacket[] {
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    const out: GdpPacket[] = [];
    for (;;) {
      if (!this.#header) {
        if (this.#buffered < GDP_HEADER_BYTES) return out;
        this.#header = Buffer.from(this.#take(GDP_HEADER_BYTES));
        this.#checkLength(this.#header);
      }
      const length = this.#header.readUInt32BE(6);
      if (this.#buffered < length) return out;
      const type = this.#header.readUInt16BE(4);
      const pts = this.#header.readBigUInt64BE(10);
      const payload = this.#take(length);
      this.#header = undefined;
      if (type === TYPE_BUFFER) out.push({ kind: 'buffer', ptsNs: pts === NO_TIMESTAMP ? null : pts, data: payload });
      else if (type === TYPE_CAPS) out.push({ kind: 'caps', caps: Buffer.from(payload).toString('utf8').replace(/\0+$/, '') });
      else out.push({ kind: 'event', type });
    }
  }

  #checkLength(header: Buffer): void {
    const length = header.readUInt32BE(6);
    const limit = header.readUInt16BE(4) === TYPE_BUFFER ? this.#maxBufferBytes : MAX_GDP_META_BYTES;
    if (length <= limit) return;
    this.#chunks.length = 0;
    this.#buffered = 0;
    throw new SharpeyeError('E_INGEST_DECODE', `the decoder announced a ${length}-byte packet, over the ${limit}-byte limit for one frame; the stream is corrupt or the frame size is not capped`, { details: { length, limit } });
  }

  /** Removes `n` bytes from the front of the buffered chunks into one new array. */
  #take(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const head = this.#chunks[0];
      const k = Math.min(n - filled, head.length);
      out.set(head.subarray(0, k), filled);
      filled += k;
      if (k === head.length) this.#chunks.shift();
      else this.#chunks[0] = head.subarray(k);
    }
    this.#buffered -= n;
    return out;
  }
}

/** Width and height from a `video/x-raw` caps string. */
export function capsSize(caps: string): { width: number; height: number } | undefined {
  const w = /width=\(int\)(\d+)/.exec(caps), h = /height=\(int\)(\d+)/.exec(caps);
  return w && h ? { width: Number(w[1]), height: Number(h[1]) } : undefined;
}

/** Frames per second from a caps string; 0 for a variable rate (0/1), undefined when absent. */
export function capsFramerate(caps: string): number | undefined {
  const m = /framerate=\(fraction\)(\d+)\/(\d+)/.exec(caps);
  return m && Number(m[2]) > 0 ? Number(m[1]) / Number(m[2]) : undefined;
}
