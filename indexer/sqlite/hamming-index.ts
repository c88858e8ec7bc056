// In-memory copy of the stores' sign-bit codes (table event_codes) for the coarse stage of the
// quantised similar search: the packed codes in a HammingScan (WebAssembly memory, SIMD scan) and
// the event rowid of each slot. It follows the table by `seq` (every code write takes a larger seq), so
// a search first loads only what was written since the last one, through any connection, also
// another process's. Codes of events that were deleted or lost their embedding stay in their slot
// until the store's `code_epoch` changes (deleteOlderThan bumps it) and the index is rebuilt; the
// re-ranking reads vectors from the table, so such a stale slot can only take a candidate place,
// never appear in a result.
import type Database from 'better-sqlite3';
import { HammingScan } from './hamming-scan.js';

/**
 * Sign-bit code of a vector as sqlite-vec's vec_quantize_binary writes it: bit i (LSB first within
 * each byte) is set when v[i] > 0. Length ceil(dimension / 8) bytes.
 */
export function binaryCode(v: Float32Array): Buffer {
  const code = Buffer.alloc(Math.ceil(v.length / 8));
  for (let i = 0; i < v.length; i++) if (v[i] > 0) code[i >> 3] |= 1 << (i & 7);
  return code;
}

export class HammingIndex {
  readonly #codes: HammingScan;
  #rids = new Float64Array(0);
  /** rid -> slot + 1 (0: none); grown on demand (rids are dense: SQLite's rowid allocation). */
  #slotOf = new Int32Array(0);
  #size = 0;
  #seq = 0;
  #epoch: string | undefined;

  /** @param useWasm false forces the JavaScript scan (see HammingScan). @defaultValue true */
  constructor(readonly dimension: number, useWasm = true) {
    this.#codes = new HammingScan(dimension, useWasm);
  }

  /** Whether the scan runs in WebAssembly SIMD. */
  get simd(): boolean {
    return this.#codes.simd;
  }

  get size(): number {
    return this.#size;
  }

  /** Brings the index up to date with event_codes; returns the number of codes read. */
  sync(db: Database.Database): number {
    const epoch = (db.prepare("SELECT value FROM store_meta WHERE key = 'code_epoch'").get() as { value: string } | undefined)?.value ?? '0';
    if (epoch !== this.#epoch) this.#reset(epoch);
    const max = (db.prepare('SELECT max(seq) AS m FROM event_codes').get() as { m: number | null }).m ?? 0;
    if (max <= this.#seq) return 0;
    let read = 0;
    const rows = db.prepare('SELECT rid, seq, code FROM event_codes WHERE seq > ? ORDER BY seq').raw().iterate(this.#seq) as IterableIterator<[number, number, Buffer]>;
    for (const [rid, seq, code] of rows) {
      this.#put(rid, code);
      this.#seq = seq;
      read++;
    }
    return read;
  }

  #reset(epoch: string): void {
    this.#epoch = epoch;
    this.#size = 0;
    this.#seq = 0;
    this.#slotOf.fill(0);
  }

  #put(rid: number, code: Buffer): void {
    if (rid >= this.#slotOf.length) this.#slotOf = grow(this.#slotOf, rid + 1);
    let slot = this.#slotOf[rid] - 1;
    if (slot < 0) {
      slot = this.#size++;
      if (this.#size > this.#rids.length) this.#rids = grow(this.#rids, this.#size);
      this.#codes.reserve(this.#rids.length);
      this.#rids[slot] = rid;
      this.#slotOf[rid] = slot + 1;
    }
    this.#codes.put(slot, code);
  }

  /**
   * Rowids of the stored codes nearest to `query` in Hamming distance, nearest first, `count` at most,
   * ties in slot order; with `among`, only codes of those rowids (a filter's matches) take part.
   * One pass computes every distance (HammingScan), a histogram over the 0..dimension distances
   * finds the cut, a second pass collects (a counting sort: O(n), no comparison sort of n items).
   */
  nearest(query: Buffer, count: number, among?: Iterable<number>): number[] {
    const n = this.#size;
    const mask = among === undefined ? undefined : this.#mask(among);
    const dist = this.#codes.scan(query, n);
    const histogram = new Uint32Array(this.dimension + 2);
    if (mask) { for (let i = 0; i < n; i++) if (mask[i]) histogram[dist[i]]++; } else for (let i = 0; i < n; i++) histogram[dist[i]]++;
    // Smallest cut c with at least `count` codes at distance <= c; then bucket the slots by distance.
    let cut = 0;
    for (let seen = histogram[0]; seen < count && cut < this.dimension; ) seen += histogram[++cut];
    const start = new Uint32Array(cut + 2);
    for (let d = 0; d <= cut; d++) start[d + 1] = start[d] + histogram[d];
    const ordered = new Float64Array(start[cut + 1]);
    for (let i = 0; i < n; i++) if (dist[i] <= cut && (!mask || mask[i])) ordered[start[dist[i]]++] = this.#rids[i];
    return Array.from(ordered.subarray(0, Math.min(count, ordered.length)));
  }

  /** 1 for the slots of `rids` (rowids without a code are ignored). */
  #mask(rids: Iterable<number>): Uint8Array {
    const mask = new Uint8Array(this.#size), slotOf = this.#slotOf;
    for (const rid of rids) if (rid < slotOf.length && slotOf[rid] > 0) mask[slotOf[rid] - 1] = 1;
    return mask;
  }
}

function grow<T extends Int32Array | Float64Array>(a: T, min: number): T {
  const next = new (a.constructor as new (n: number) => T)(Math.max(min, Math.ceil(a.length * 1.5), 1024));
  next.set(a);
  return next;
}
