import { readFileSync } from 'node:fs';
const b = readFileSync('/tmp/sharpeye-real-embeddings.f32'); const all = new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
const D = 512, n = all.length / D;
let neg = 0, zero = 0, pos = 0; for (const x of all) { if (x < 0) neg++; else if (x === 0) zero++; else pos++; }
console.log({ n, neg, zero, pos });
const mean = new Float32Array(D); for (let i = 0; i < n; i++) for (let j = 0; j < D; j++) mean[j] += all[i * D + j] / n;
// recall of binary-quantised top-10 candidates (over n-1) against exact, per oversample, with and without centre
function test(centre, over) {
  const codes = []; for (let i = 0; i < n; i++) { const c = new Uint8Array(D); for (let j = 0; j < D; j++) c[j] = all[i * D + j] > centre[j] ? 1 : 0; codes.push(c); }
  let hit = 0, tot = 0;
  for (let qi = 0; qi < n; qi += 4) {
    const dots = [], hams = [];
    for (let i = 0; i < n; i++) { if (i === qi) continue; let d = 0, h = 0; for (let j = 0; j < D; j++) { d += all[qi * D + j] * all[i * D + j]; h += codes[qi][j] ^ codes[i][j]; } dots.push([i, d]); hams.push([i, h]); }
    const exact = dots.sort((a, b) => b[1] - a[1]).slice(0, 10).map((x) => x[0]);
    const cands = new Set(hams.sort((a, b) => a[1] - b[1]).slice(0, 10 * over).map((x) => x[0]));
    for (const e of exact) { tot++; if (cands.has(e)) hit++; }
  }
  return hit / tot;
}
for (const over of [2, 5, 10, 20]) console.log(over, 'zero centre', test(new Float32Array(D), over).toFixed(3), 'mean centre', test(mean, over).toFixed(3));
