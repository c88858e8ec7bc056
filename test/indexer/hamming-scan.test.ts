// The quantised search's coarse scan: the WebAssembly SIMD scan gives the same distances as a plain
// bit count and as the JavaScript fallback, for dimensions that fill 16-byte blocks and for those
// that do not; growing keeps the codes; the committed binary is what the WAT source compiles to.
import t from 'tap';
import { HammingScan } from '../../indexer/sqlite/hamming-scan.js';
import { HammingIndex, binaryCode } from '../../indexer/sqlite/hamming-index.js';
import { compileHammingScan, hammingScanModuleText } from '../../scripts/hamming-wasm.js';
import { readFileSync } from 'node:fs';
import { seededRandom } from '../helpers/seeded-random.js';

function randomCode(rng: () => number, dimension: number): Uint8Array {
  const code = new Uint8Array(Math.ceil(dimension / 8));
  for (let i = 0; i < dimension; i++) if (rng() < 0.5) code[i >> 3] |= 1 << (i & 7);
  return code;
}

function bitDistance(a: Uint8Array, b: Uint8Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) for (let x = a[i] ^ b[i]; x; x &= x - 1) d++;
  return d;
}

t.test('the SIMD scan runs here and agrees with a bit count and with the fallback', async (t) => {
  t.ok(new HammingScan(512).simd, 'WebAssembly SIMD is available on Node 20');
  for (const dimension of [1, 64, 100, 128, 512, 513, 1280]) {
    const rng = seededRandom(dimension);
    const wasm = new HammingScan(dimension), js = new HammingScan(dimension, false);
    const n = 3000;
    const codes = Array.from({ length: n }, () => randomCode(rng, dimension));
    wasm.reserve(n); js.reserve(n);
    codes.forEach((c, i) => { wasm.put(i, c); js.put(i, c); });
    const query = randomCode(rng, dimension);
    const a = Array.from(wasm.scan(query, n)), b = Array.from(js.scan(query, n));
    const truth = codes.map((c) => bitDistance(c, query));
    t.same(a, truth, `SIMD distances at dimension ${dimension}`);
    t.same(b, truth, `fallback distances at dimension ${dimension}`);
    t.equal(Array.from(wasm.scan(codes[7], n))[7], 0, 'a code is at distance 0 from itself');
  }
});

t.test('growing the memory keeps every stored code', async (t) => {
  const rng = seededRandom(7);
  const scan = new HammingScan(512);
  const codes: Uint8Array[] = [];
  for (let i = 0; i < 50_000; i++) {
    scan.reserve(i + 1);
    codes.push(randomCode(rng, 512));
    scan.put(i, codes[i]);
  }
  t.ok(scan.capacity >= 50_000);
  const query = codes[123];
  const dist = scan.scan(query, codes.length);
  let wrong = 0;
  for (let i = 0; i < codes.length; i += 97) if (dist[i] !== bitDistance(codes[i], query)) wrong++;
  t.equal(wrong, 0);
  t.equal(dist[123], 0);
});

t.test('an out-of-range dimension or scan is refused', async (t) => {
  t.throws(() => new HammingScan(0), RangeError);
  t.throws(() => new HammingScan(511 * 128 + 1), RangeError);
  t.throws(() => new HammingScan(64).scan(new Uint8Array(8), 5000), RangeError);
});

t.test('nearest orders by Hamming distance with SIMD and fallback alike', async (t) => {
  const rng = seededRandom(3);
  const vectors = Array.from({ length: 2000 }, () => Float32Array.from({ length: 256 }, () => rng() - 0.5));
  const fill = (index: HammingIndex) => {
    // The index reads codes from the store's table; feed it through a minimal in-memory table.
    const rows = vectors.map((v, i) => [i + 1, i + 1, binaryCode(v)] as [number, number, Buffer]);
    const db = {
      prepare: (sql: string) => ({
        get: () => (sql.includes('code_epoch') ? { value: '1' } : { m: rows.length }),
        raw: () => ({ iterate: () => rows[Symbol.iterator]() }),
      }),
    };
    index.sync(db as never);
    return index;
  };
  const a = fill(new HammingIndex(256)), b = fill(new HammingIndex(256, false));
  t.equal(a.simd, true); t.equal(b.simd, false);
  const query = binaryCode(vectors[42]);
  const na = a.nearest(query, 50), nb = b.nearest(query, 50);
  t.same(na, nb);
  t.equal(na[0], 43, 'the query vector itself (rowid 43) first');
  const d = na.map((rid) => bitDistance(binaryCode(vectors[rid - 1]), query));
  t.same(d, [...d].sort((x, y) => x - y), 'nearest first');
});

t.test('the committed WebAssembly binary is what hamming-scan.wat compiles to', async (t) => {
  const text = hammingScanModuleText(await compileHammingScan());
  t.equal(readFileSync(new URL('../../indexer/sqlite/hamming-scan-wasm.ts', import.meta.url), 'utf8'), text,
    'stale: run node --import tsx scripts/hamming-wasm.ts');
});
