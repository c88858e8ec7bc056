import Database from 'better-sqlite3';
import * as sv from 'sqlite-vec';
const N = Number(process.argv[2] ?? 200000), D = 512, CH = Number(process.argv[3] ?? 1024);
const db = new Database(':memory:'); sv.load(db);
db.exec(`CREATE VIRTUAL TABLE b USING vec0(code bit[${D}], chunk_size=${CH});`);
let s = 1; const rnd = () => { s = (s * 1103515245 + 12345) & 0x7fffffff; return s / 0x7fffffff - 0.5; };
const insB = db.prepare('INSERT INTO b(rowid, code) VALUES (?,vec_bit(?))');
db.transaction(() => { for (let i = 1; i <= N; i++) {
  const code = Buffer.alloc(D / 8); for (let j = 0; j < D / 8; j++) code[j] = (rnd() + 0.5) * 256;
  insB.run(BigInt(i), code);
}})();
const qc = Buffer.alloc(D / 8); for (let j = 0; j < D / 8; j++) qc[j] = (rnd() + 0.5) * 256;
const time = (name, fn, n = 5) => { fn(); const t0 = performance.now(); let r; for (let i = 0; i < n; i++) r = fn(); console.log(name, ((performance.now() - t0) / n).toFixed(2), 'ms'); return r; };
for (const k of [10, 50, 100, 200, 400, 1000]) time(`chunk ${CH} k${k}`, () => db.prepare(`SELECT rowid FROM b WHERE code MATCH vec_bit(?) AND k = ${k}`).all(qc));
