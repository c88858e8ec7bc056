import Database from 'better-sqlite3';
import * as sv from 'sqlite-vec';
const N = Number(process.argv[2] ?? 200000), D = 512;
const db = new Database('/tmp/vector-exp/exp2.db'); sv.load(db);
db.pragma('journal_mode=WAL');
db.exec(`DROP TABLE IF EXISTS c; CREATE TABLE c (rid INTEGER PRIMARY KEY, code BLOB NOT NULL);
DROP TABLE IF EXISTS b; CREATE VIRTUAL TABLE b USING vec0(code bit[${D}]);`);
let s = 1; const rnd = () => { s = (s * 1103515245 + 12345) & 0x7fffffff; return s / 0x7fffffff - 0.5; };
const ins = db.prepare('INSERT INTO c(rid, code) VALUES (?,?)');
const insB = db.prepare('INSERT INTO b(rowid, code) VALUES (?,vec_bit(?))');
db.transaction(() => { for (let i = 1; i <= N; i++) {
  const code = Buffer.alloc(D / 8); for (let j = 0; j < D / 8; j++) code[j] = (rnd() + 0.5) * 256;
  ins.run(i, code); insB.run(BigInt(i), code);
}})();
const qc = Buffer.alloc(D / 8); for (let j = 0; j < D / 8; j++) qc[j] = (rnd() + 0.5) * 256;
const time = (name, fn, n = 5) => { fn(); const t0 = performance.now(); let r; for (let i = 0; i < n; i++) r = fn(); console.log(name, ((performance.now() - t0) / n).toFixed(2), 'ms'); return r; };
time('sql hamming scan order limit 400', () => db.prepare('SELECT rid FROM c ORDER BY vec_distance_hamming(vec_bit(code), vec_bit(?)) LIMIT 400').all(qc));
time('sql hamming count only', () => db.prepare('SELECT count(*) FROM c WHERE vec_distance_hamming(vec_bit(code), vec_bit(?)) < 200').all(qc));
time('vec0 bit no meta k400', () => db.prepare('SELECT rowid FROM b WHERE code MATCH vec_bit(?) AND k = 400').all(qc));
time('vec0 bit no meta k10', () => db.prepare('SELECT rowid FROM b WHERE code MATCH vec_bit(?) AND k = 10').all(qc));
// JS in-memory
const rows = db.prepare('SELECT rid, code FROM c').raw().all();
const t0 = performance.now();
const codes = new Uint32Array(N * D / 32); rows.forEach(([rid, code], i) => { const u = new Uint32Array(code.buffer.slice(code.byteOffset, code.byteOffset + code.byteLength)); codes.set(u, i * D / 32); });
console.log('load', (performance.now() - t0).toFixed(0));
const q32 = new Uint32Array(qc.buffer.slice(qc.byteOffset, qc.byteOffset + D / 8)); const W = D / 32;
const dist = new Uint16Array(N);
const pop = (x) => { x -= (x >>> 1) & 0x55555555; x = (x & 0x33333333) + ((x >>> 2) & 0x33333333); return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24; };
time('js hamming scan', () => { for (let i = 0, o = 0; i < N; i++, o += W) { let d = 0; for (let w = 0; w < W; w++) d += pop(codes[o + w] ^ q32[w]); dist[i] = d; } }, 5);
