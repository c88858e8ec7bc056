// HammingScan: the packed sign-bit codes of the quantised similar search, held in one WebAssembly
// memory, and the scan that computes the Hamming distance of every code to a query. The scan runs
// hamming-scan.wat (WebAssembly SIMD: xor, i8x16.popcnt, pairwise adds; about 5x faster than the
// JavaScript popcount-table loop it replaces, see benchmarks/README.md "similar search at 1M");
// where the runtime lacks WebAssembly SIMD the same memory is scanned in JavaScript.
import { HAMMING_SCAN_WASM } from './hamming-scan-wasm.js';

const PAGE = 65_536;
const BLOCK = 16;

type ScanFn = (codes: number, n: number, blocks: number, query: number, out: number) => void;

const WASM_BYTES = Buffer.from(HAMMING_SCAN_WASM, 'base64');
/** Compiled once per thread (each search worker compiles its own); undefined without SIMD support. */
const WASM_MODULE: WebAssembly.Module | undefined = WebAssembly.validate(WASM_BYTES) ? new WebAssembly.Module(WASM_BYTES) : undefined;

/** Number of set bits in each 16-bit value: the popcount table of the JavaScript fallback (64 KiB). */
const POPCOUNT16 = (() => {
  const t = new Uint8Array(65536);
  for (let i = 1; i < 65536; i++) t[i] = (i & 1) + t[i >> 1];
  return t;
})();

export class HammingScan {
  /** Bytes per stored code: the code (ceil(dimension / 8) bytes) zero-padded to 16-byte blocks. */
  readonly stride: number;
  readonly #codeBytes: number;
  readonly #memory: WebAssembly.Memory;
  readonly #scan: ScanFn | undefined;
  #capacity = 0;

  /**
   * @param dimension bits per code (the embedding dimension), 1..65408 (a distance must fit 16 bits)
   * @param useWasm false forces the JavaScript scan (tests compare the two). @defaultValue true
   */
  constructor(readonly dimension: number, useWasm = true) {
    if (!Number.isInteger(dimension) || dimension < 1 || dimension > 511 * 128) throw new RangeError(`code dimension ${dimension} is outside 1..65408`);
    this.#codeBytes = Math.ceil(dimension / 8);
    this.stride = Math.ceil(dimension / 128) * BLOCK;
    if (useWasm && WASM_MODULE) {
      const instance = new WebAssembly.Instance(WASM_MODULE);
      this.#memory = instance.exports.memory as WebAssembly.Memory;
      this.#scan = instance.exports.scan as ScanFn;
    } else {
      this.#memory = new WebAssembly.Memory({ initial: 1 });
      this.#scan = undefined;
    }
    this.reserve(1024);
  }

  /** Whether the WebAssembly SIMD scan runs (false: the JavaScript fallback). */
  get simd(): boolean {
    return this.#scan !== undefined;
  }

  /** Slots that fit without growing. */
  get capacity(): number {
    return this.#capacity;
  }

  /** Grows the memory to hold at least `slots` codes (existing codes stay in place). */
  reserve(slots: number): void {
    if (slots <= this.#capacity) return;
    const capacity = Math.max(slots, Math.ceil(this.#capacity * 1.5));
    // Layout: codes [0, capacity x stride), the query (stride bytes), the distances (2 bytes each).
    const need = capacity * this.stride + this.stride + capacity * 2;
    const have = this.#memory.buffer.byteLength;
    if (need > have) this.#memory.grow(Math.ceil((need - have) / PAGE));
    this.#capacity = capacity;
  }

  /** Stores `code` (ceil(dimension / 8) bytes, sign bits LSB first) in `slot` (< capacity). */
  put(slot: number, code: Uint8Array): void {
    const bytes = new Uint8Array(this.#memory.buffer, slot * this.stride, this.stride);
    bytes.set(code.subarray(0, this.#codeBytes));
    bytes.fill(0, Math.min(code.length, this.#codeBytes));
  }

  /**
   * Hamming distances of the codes in slots [0, n) to `query` (a code as `put` takes), as a view of
   * n u16 values in the scan's memory: valid until the next put, reserve or scan.
   */
  scan(query: Uint8Array, n: number): Uint16Array {
    if (n > this.#capacity) throw new RangeError(`scan of ${n} codes over a capacity of ${this.#capacity}`);
    const buffer = this.#memory.buffer;
    const queryAt = this.#capacity * this.stride, outAt = queryAt + this.stride;
    const q = new Uint8Array(buffer, queryAt, this.stride);
    q.fill(0);
    q.set(query.subarray(0, this.#codeBytes));
    if (this.#scan) this.#scan(0, n, this.stride / BLOCK, queryAt, outAt);
    else scanInJs(new Uint32Array(buffer, 0, (queryAt + this.stride) / 4), n, this.stride / 4, queryAt / 4, new Uint16Array(buffer, outAt, n));
    return new Uint16Array(buffer, outAt, n);
  }
}

/** The fallback: per 32-bit word, xor and two lookups in the 16-bit popcount table. */
function scanInJs(words: Uint32Array, n: number, w: number, q: number, out: Uint16Array): void {
  for (let i = 0, o = 0; i < n; i++, o += w) {
    let d = 0;
    for (let j = 0; j < w; j++) {
      const x = words[o + j] ^ words[q + j];
      d += POPCOUNT16[x & 0xffff] + POPCOUNT16[x >>> 16];
    }
    out[i] = d;
  }
}
