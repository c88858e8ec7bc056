// Optimal assignment checked against brute force on seeded random matrices, plus the IoU matrix.
import t from 'tap';
import { iouMatrix, linearAssignment, solveAssignment } from '../../../inference/tracking/index.js';
import { seededRandom } from '../../helpers/seeded-random.js';

/** Least total cost over all injective maps of the smaller side into the larger. */
function bruteForceFull(cost: Float64Array, rows: number, cols: number): number {
  let best = Infinity;
  const k = Math.min(rows, cols);
  const usedCols = new Uint8Array(cols), usedRows = new Uint8Array(rows);
  const walk = (i: number, sum: number) => {
    if (i === k) { best = Math.min(best, sum); return; }
    if (rows <= cols) {
      for (let c = 0; c < cols; c++) if (!usedCols[c]) { usedCols[c] = 1; walk(i + 1, sum + cost[i * cols + c]); usedCols[c] = 0; }
    } else {
      for (let r = 0; r < rows; r++) if (!usedRows[r]) { usedRows[r] = 1; walk(i + 1, sum + cost[r * cols + i]); usedRows[r] = 0; }
    }
  };
  walk(0, 0);
  return best;
}

/** Least cost of a partial matching where each unmatched row and column costs limit / 2. */
function bruteForceLimited(cost: Float64Array, rows: number, cols: number, limit: number): number {
  let best = Infinity;
  const usedCols = new Uint8Array(cols);
  const walk = (r: number, sum: number, matched: number) => {
    if (r === rows) { best = Math.min(best, sum + ((rows - matched) + (cols - matched)) * limit / 2); return; }
    walk(r + 1, sum, matched);
    for (let c = 0; c < cols; c++) {
      const v = cost[r * cols + c];
      if (usedCols[c] || !(v <= limit)) continue;
      usedCols[c] = 1; walk(r + 1, sum + v, matched + 1); usedCols[c] = 0;
    }
  };
  walk(0, 0, 0);
  return best;
}

t.test('solveAssignment is optimal on random rectangular matrices (vs brute force)', async (t) => {
  const rand = seededRandom(20240611);
  let cases = 0;
  for (let iter = 0; iter < 300; iter++) {
    const rows = 1 + Math.floor(rand() * 6), cols = 1 + Math.floor(rand() * 6);
    // Integer costs make ties common, which is where greedy and sloppy solvers go wrong.
    const cost = Float64Array.from({ length: rows * cols }, () => (iter % 2 ? Math.floor(rand() * 5) : rand()));
    const rowToCol = solveAssignment(cost, rows, cols);
    const cols_ = [...rowToCol].filter((c) => c >= 0);
    if (cols_.length !== Math.min(rows, cols) || new Set(cols_).size !== cols_.length) { t.fail(`invalid assignment ${rowToCol} for ${rows}x${cols}`); continue; }
    const total = [...rowToCol].reduce((s, c, r) => s + (c >= 0 ? cost[r * cols + c] : 0), 0);
    if (Math.abs(total - bruteForceFull(cost, rows, cols)) > 1e-9) t.fail(`case ${iter} ${rows}x${cols}: ${total} is not optimal`);
    cases++;
  }
  t.equal(cases, 300, '300 random cases optimal');
});

t.test('greedy is not optimal, the solver is', async (t) => {
  // Greedy takes (0,0)=0.1 first, then must pay (1,1)=0.9: 1.0. Optimal: 0.2 + 0.3 = 0.5.
  const cost = Float64Array.from([0.1, 0.2, 0.3, 0.9]);
  t.same([...solveAssignment(cost, 2, 2)], [1, 0]);
  t.same(linearAssignment(cost, 2, 2, 0.8).matches, [[0, 1], [1, 0]]);
});

t.test('linearAssignment with a cost limit matches lapjv cost_limit semantics (vs brute force)', async (t) => {
  const rand = seededRandom(7);
  let cases = 0;
  for (let iter = 0; iter < 300; iter++) {
    const rows = Math.floor(rand() * 6), cols = Math.floor(rand() * 6);
    const limit = 0.3 + rand() * 0.6;
    // Some forbidden pairs (Infinity), as class gating produces.
    const cost = Float64Array.from({ length: rows * cols }, () => (rand() < 0.2 ? Infinity : rand()));
    const res = linearAssignment(cost, rows, cols, limit);
    const seenR = new Set(res.matches.map((m) => m[0])), seenC = new Set(res.matches.map((m) => m[1]));
    const partition = seenR.size === res.matches.length && seenC.size === res.matches.length && seenR.size + res.unmatchedRows.length === rows && seenC.size + res.unmatchedCols.length === cols;
    if (!partition) t.fail(`case ${iter}: rows or columns used twice or lost`);
    if (!res.matches.every(([r, c]) => cost[r * cols + c] <= limit)) t.fail(`case ${iter}: a pair above the limit`);
    const total = res.matches.reduce((s, [r, c]) => s + cost[r * cols + c], 0) + (res.unmatchedRows.length + res.unmatchedCols.length) * limit / 2;
    if (Math.abs(total - bruteForceLimited(cost, rows, cols, limit)) > 1e-9) t.fail(`case ${iter}: ${total} is not optimal`);
    cases++;
  }
  t.equal(cases, 300, '300 random cases: valid, within the limit and optimal');
});

t.test('empty inputs', async (t) => {
  t.same(linearAssignment(new Float64Array(0), 0, 3, 0.5), { matches: [], unmatchedRows: [], unmatchedCols: [0, 1, 2] });
  t.same([...solveAssignment(new Float64Array(0), 2, 0)], [-1, -1]);
});

t.test('iouMatrix is row-major over (a, b)', async (t) => {
  const m = iouMatrix([[0, 0, 10, 10], [100, 100, 110, 110]], [[5, 0, 15, 10], [0, 0, 10, 10], [50, 50, 60, 60]]);
  t.same([...m].map((v) => Math.round(v * 1000) / 1000), [0.333, 1, 0, 0, 0, 0]);
});
