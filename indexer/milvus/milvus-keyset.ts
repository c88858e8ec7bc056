// Ordered pages without ORDER BY: Milvus 2.5 queries return matches in storage order, capped at a
// result window of 16384 rows. The first `n` keys in (first_wall, id) order are found by fetching
// only (id, first_wall) of every match when they fit in the window, and otherwise by narrowing a
// first_wall bound with count(*) queries until they do.
import { numberLiteral } from './milvus-filter.js';

export const QUERY_WINDOW = 16_384;

export interface EventKey {
  readonly id: string;
  readonly wallMs: number;
}

export interface KeyReader {
  /** (id, first_wall) of up to `limit` rows matching every clause, in no particular order. */
  keys(clauses: readonly string[], limit: number): Promise<EventKey[]>;
  count(clauses: readonly string[]): Promise<number>;
}

export function compareKeys(order: 'asc' | 'desc', a: EventKey, b: EventKey): number {
  const c = a.wallMs !== b.wallMs ? a.wallMs - b.wallMs : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  return order === 'asc' ? c : -c;
}

/** The first `n` keys (n <= QUERY_WINDOW / 2) matching `clauses`, in `order`. */
export async function firstKeys(reader: KeyReader, clauses: readonly string[], order: 'asc' | 'desc', n: number): Promise<EventKey[]> {
  const sample = await reader.keys(clauses, QUERY_WINDOW);
  if (sample.length < QUERY_WINDOW) return sample.sort((a, b) => compareKeys(order, a, b)).slice(0, n);
  // Too many matches to see them all. `bound(x)` keeps rows at or before x in `order`; find the
  // tightest x that still keeps at least n rows. The sample's n-th key is a safe start.
  const dir = order === 'desc' ? 1 : -1;
  const bound = (x: number) => [...clauses, `first_wall ${order === 'desc' ? '>=' : '<='} ${numberLiteral('bound', x)}`];
  sample.sort((a, b) => compareKeys(order, a, b));
  let keep = sample[n - 1]!.wallMs; // count(bound(keep)) >= n
  let step = 1;
  let lose = keep + dir; // becomes a point with count < n
  while ((await reader.count(bound(lose))) >= n) {
    keep = lose;
    step *= 2;
    lose = keep + dir * step;
  }
  while (Math.abs(lose - keep) > 1) {
    const mid = keep + dir * Math.floor(Math.abs(lose - keep) / 2);
    if ((await reader.count(bound(mid))) >= n) keep = mid;
    else lose = mid;
  }
  // Fewer than n rows lie strictly before `keep`; the rest of the page ties on `keep`. Fetch the two
  // sets separately so that ties are ordered by id even when there are many.
  const before = await reader.keys([...clauses, `first_wall ${order === 'desc' ? '>' : '<'} ${numberLiteral('bound', keep)}`], QUERY_WINDOW);
  const ties = await reader.keys([...clauses, `first_wall == ${numberLiteral('bound', keep)}`], QUERY_WINDOW);
  return [...before, ...ties].sort((a, b) => compareKeys(order, a, b)).slice(0, n);
}
