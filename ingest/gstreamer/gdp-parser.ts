// Incremental parser for the GStreamer Data Protocol stream `gdppay` writes: 62-byte headers
// (payload type, length, pts) followed by caps strings, events or buffers. Pixels are copied once,
// from the pipe chunks into the frame's own buffer.

export const GDP_HEADER_BYTES = 62;
const TYPE_BUFFER = 1;
const TYPE_CAPS = 2;
const NO_TIMESTAMP = 0xffffffffffffffffn;

export type GdpPacket =
  | { kind: 'caps'; caps: string }
  | { kind: 'buffer'; ptsNs: bigint | null; data: Uint8Array }
  | { kind: 'event'; type: number };

export class GdpParser {
  #chunks: Buffer[] = [];
  #buffered = 0;
  #header: Buffer | undefined;

  /** Feeds bytes; returns the packets completed by them. */
  push(chunk: Buffer): GdpPacket[] {
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    const out: GdpPacket[] = [];
    for (;;) {
      if (!this.#header) {
        if (this.#buffered < GDP_HEADER_BYTES) return out;
        this.#header = Buffer.from(this.#take(GDP_HEADER_BYTES));
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
