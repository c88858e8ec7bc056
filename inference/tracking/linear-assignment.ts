// Optimal rectangular assignment for tracker association. `solveAssignment` is the Hungarian
// method in its shortest-augmenting-path form (the core of Jonker-Volgenant), O(n^2 m).
// `linearAssignment` adds a cost limit with lapjv's `cost_limit` semantics: a pair is matched only
// if that lowers total cost versus leaving both sides unmatched at limit/2 each. Pairs above the
// limit can never match, so the problem splits into connected components that are solved apart,
// which keeps a crowded frame near linear in practice.

/** Result of `linearAssignment`: matched pairs in row order, then what was left. */
export interface AssignmentResult {
  /** `[row, col]` pairs, sorted by row. */
  matches: Array<[number, number]>;
  unmatchedRows: number[];
  unmatchedCols: number[];
}

/**
 * Minimum-cost assignment of every row to a distinct column (or every column to a distinct row
 * when there are more rows): returns `rowToCol`, -1 for a row left out. `cost` is row-major
 * `rows x cols`, all entries finite.
 */
export function solveAssignment(cost: ArrayLike<number>, rows: number, cols: number): Int32Array {
  const rowToCol = new Int32Array(rows).fill(-1);
  if (rows === 0 || cols === 0) return rowToCol;
  if (rows <= cols) {
    const p = hungarian(cost, rows, cols, false);
    for (let j = 1; j <= cols; j++) if (p[j] !== 0) rowToCol[p[j] - 1] = j - 1;
  } else {
    const p = hungarian(cost, cols, rows, true);
    for (let j = 1; j <= rows; j++) if (p[j] !== 0) rowToCol[j - 1] = p[j] - 1;
  }
  return rowToCol;
}

/**
 * Assignment where a pair matches only if its cost is at most `costLimit` and matching it beats
 * leaving its row and column unmatched (each at `costLimit / 2`), as lapjv with `cost_limit`.
 * Entries that are `NaN` or `Infinity` are forbidden pairs.
 */
export function linearAssignment(cost: ArrayLike<number>, rows: number, cols: number, costLimit: number): AssignmentResult {
  const components = feasibleComponents(cost, rows, cols, costLimit);
  const rowMatch = new Int32Array(rows).fill(-1);
  const colMatched = new Uint8Array(cols);
  for (const { rowIds, colIds } of components) {
    const pairs = solveLimited(cost, cols, rowIds, colIds, costLimit);
    for (const [r, c] of pairs) { rowMatch[r] = c; colMatched[c] = 1; }
  }
  const result: AssignmentResult = { matches: [], unmatchedRows: [], unmatchedCols: [] };
  for (let r = 0; r < rows; r++) {
    if (rowMatch[r] >= 0) result.matches.push([r, rowMatch[r]]);
    else result.unmatchedRows.push(r);
  }
  for (let c = 0; c < cols; c++) if (!colMatched[c]) result.unmatchedCols.push(c);
  return result;
}

const feasible = (c: number, limit: number): boolean => c <= limit; // false for NaN

interface Component { rowIds: number[]; colIds: number[] }

/** Groups rows and columns linked by feasible pairs (union-find); isolated ones are dropped. */
function feasibleComponents(cost: ArrayLike<number>, rows: number, cols: number, limit: number): Component[] {
  const parent = Int32Array.from({ length: rows + cols }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) { parent[i] = parent[parent[i]]; i = parent[i]; }
    return i;
  };
  const linked = new Uint8Array(rows + cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (!feasible(cost[r * cols + c], limit)) continue;
      linked[r] = linked[rows + c] = 1;
      const a = find(r), b = find(rows + c);
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
  }
  const byRoot = new Map<number, Component>();
  for (let i = 0; i < rows + cols; i++) {
    if (!linked[i]) continue;
    const root = find(i);
    let comp = byRoot.get(root);
    if (!comp) byRoot.set(root, (comp = { rowIds: [], colIds: [] }));
    if (i < rows) comp.rowIds.push(i); else comp.colIds.push(i - rows);
  }
  return [...byRoot.values()];
}

/** Solves one component on the square matrix extended with "stay unmatched" slots. */
function solveLimited(cost: ArrayLike<number>, cols: number, rowIds: number[], colIds: number[], limit: number): Array<[number, number]> {
  const r = rowIds.length, c = colIds.length;
  // A trivial component (one row, one column) needs no solver: feasible means matched.
  if (r === 1 && c === 1) return [[rowIds[0], colIds[0]]];
  const n = r + c;
  // Forbidden slots cost more than any complete assignment built from allowed ones.
  const big = 1 + n * (Math.abs(limit) + 1);
  const ext = new Float64Array(n * n).fill(big);
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      const v = cost[rowIds[i] * cols + colIds[j]];
      if (feasible(v, limit)) ext[i * n + j] = v;
    }
    ext[i * n + c + i] = limit / 2;
  }
  for (let k = 0; k < c; k++) {
    ext[(r + k) * n + k] = limit / 2;
    for (let l = 0; l < r; l++) ext[(r + k) * n + c + l] = 0;
  }
  const rowToCol = solveAssignment(ext, n, n);
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < r; i++) {
    const j = rowToCol[i];
    if (j < c && ext[i * n + j] < big) pairs.push([rowIds[i], colIds[j]]);
  }
  return pairs;
}

/**
 * Hungarian method with potentials over an n x m problem (n <= m), 1-based internally. Returns `p`
 * where `p[j]` is the 1-based row assigned to column j (0 = none). `transposed` reads cost[j][i].
 */
function hungarian(cost: ArrayLike<number>, n: number, m: number, transposed: boolean): Int32Array {
  const at = transposed ? (i: number, j: number) => cost[(j - 1) * n + (i - 1)] : (i: number, j: number) => cost[(i - 1) * m + (j - 1)];
  const u = new Float64Array(n + 1), v = new Float64Array(m + 1);
  const p = new Int32Array(m + 1), way = new Int32Array(m + 1);
  const minv = new Float64Array(m + 1);
  const used = new Uint8Array(m + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = p[j0];
      let delta = Infinity, j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = at(i0, j) - u[i0] - v[j];
        if (cur < minv[j]) { minv[j] = cur; way[j] = j0; }
        if (minv[j] < delta) { delta = minv[j]; j1 = j; }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) { u[p[j]] += delta; v[j] -= delta; } else minv[j] -= delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do { const j1 = way[j0]; p[j0] = p[j1]; j0 = j1; } while (j0 !== 0);
  }
  return p;
}
