// Cuts ffmpeg's raw RGB24 byte stream into frames and pairs each with its pts. The two arrive on
// different pipes (frames on stdout, size and pts on stderr) in no guaranteed order, so bytes wait
// for the size and frames wait for their pts; each frame costs one copy into its own buffer.
import type { Frame } from '../../core/index.js';

export class FrameAssembler {
  #width = 0;
  #height = 0;
  #frameBytes = 0;
  #early: Buffer[] = [];
  #current: Uint8Array | undefined;
  #filled = 0;
  #index = 0;
  #pts = new Map<number, number>();
  #waiting: Array<{ index: number; data: Uint8Array; receivedAtMs: number }> = [];
  sawBytes = false;

  constructor(private readonly sourceId: string, private readonly emit: (frame: Frame) => void) {}

  setSize(width: number, height: number): void {
    this.#width = width;
    this.#height = height;
    this.#frameBytes = width * height * 3;
    const early = this.#early;
    this.#early = [];
    for (const chunk of early) this.push(chunk);
  }

  setPts(index: number, ptsMs: number): void {
    this.#pts.set(index, ptsMs);
    this.#flush();
  }

  push(chunk: Buffer): void {
    this.sawBytes = true;
    if (this.#frameBytes === 0) {
      this.#early.push(chunk);
      return;
    }
    let offset = 0;
    while (offset < chunk.length) {
      this.#current ??= new Uint8Array(this.#frameBytes);
      const n = Math.min(this.#frameBytes - this.#filled, chunk.length - offset);
      this.#current.set(chunk.subarray(offset, offset + n), this.#filled);
      this.#filled += n;
      offset += n;
      if (this.#filled === this.#frameBytes) {
        this.#waiting.push({ index: this.#index++, data: this.#current, receivedAtMs: Date.now() });
        this.#current = undefined;
        this.#filled = 0;
      }
    }
    this.#flush();
  }

  /** At exit: frames whose pts line never came get one extrapolated from their neighbours. */
  end(): void {
    for (const w of this.#waiting) {
      if (!this.#pts.has(w.index)) {
        const prev = this.#pts.get(w.index - 1), prev2 = this.#pts.get(w.index - 2);
        this.#pts.set(w.index, prev === undefined ? 0 : prev + (prev2 === undefined ? 0 : prev - prev2));
      }
    }
    this.#flush();
  }

  #flush(): void {
    while (this.#waiting.length > 0) {
      const w = this.#waiting[0];
      const ptsMs = this.#pts.get(w.index);
      if (ptsMs === undefined) return;
      this.#waiting.shift();
      this.#pts.delete(w.index);
      this.emit({ sourceId: this.sourceId, index: w.index, ptsMs, receivedAtMs: w.receivedAtMs, width: this.#width, height: this.#height, data: w.data });
    }
  }
}
