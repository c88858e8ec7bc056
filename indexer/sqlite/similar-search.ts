// similar() of the SQLite event store, on whichever thread holds the connection (the search worker
// for a file store, the caller's thread for ':memory:'). Three plans, tried in this order:
//  1. prefiltered exact: a filter matching at most `prefilterMaxRows` events scores exactly those
//     (index lookup, then their vectors from the plain event_embeddings table);
//  2. quantised: a Hamming scan over in-memory sign-bit codes (HammingIndex) picks
//     want x oversample candidates, which are re-ranked by exact cosine distance from the float
//     vectors. With a filter, candidates are taken in Hamming order and checked against the filter
//     in SQL until enough of them match (post-filter with over-fetch scaled by the share that
//     matches near the query: FILTERED_SELECTIVITY_FACTOR), or, when one covering index answers the
//     filter, the scan is masked with its matches and nothing needs checking; when too few
//     match within the examined share, or too few candidates are live, plan 3 answers instead;
//  3. exact: the vec0 KNN scan with every filter as a scan constraint (brute force).
// Plans 1 and 3 are exact; plan 2 is approximate (recall@10 measured in benchmarks/indexer/similar-1m.ts)
// and only runs once the store holds `quantisedMinVectors` codes.
import type Database from 'better-sqlite3';
import type { SimilarQuery } from '../event-store.js';
import { blobVector, vectorBlob } from './event-row.js';
import { eventConditions, vectorConditions, whereClause } from './filter-sql.js';
import { binaryCode, HammingIndex } from './hamming-index.js';

export interface SimilarSearchOptions {
  /** See SqliteEventStoreOptions.prefilterMaxRows; undefined: 1/10 of the events, at most 10000. */
  readonly prefilterMaxRows?: number;
  /** Candidates re-ranked per wanted hit in the quantised plan; 0 turns the plan off. */
  readonly oversample: number;
  /** The quantised plan runs from this many stored codes up (below, exact search is cheap). */
  readonly quantisedMinVectors: number;
}

export interface ScoredRow { id: string; json: string; distance: number }

/** Most candidates the quantised plan re-ranks; beyond it (large k) exact search answers. */
export const MAX_QUANTISED_CANDIDATES = 20_000;

/** Most matches of an index-answered filter that mask the scan (beyond it the post-filter plan runs). */
export const MAX_INDEXED_MATCHES = 2_000_000;

/**
 * A filtered search re-ranks at least this many times more candidates than an unfiltered one: the
 * filtered top-k lie deeper in the unfiltered Hamming ranking, where its order is noisier.
 */
export const FILTERED_OVERSAMPLE_FACTOR = 2;

/**
 * ... and `FILTERED_SELECTIVITY_FACTOR / s` times more where the filter keeps a share s of the
 * events near the query (s measured on the first checked candidates). The rarer the matches, the
 * farther from the query the filtered top-k lie, where sign codes order points poorly (near-orthogonal
 * vectors differ in Hamming distance by less than its noise). Measured on 1M clustered 512-d vectors
 * (benchmarks/indexer/similar-1m.ts, label filter s ~ 1/6, k = 10, x20): recall@10 by filtered
 * candidates 400: 0.904, 1200: 0.934, 2000: 0.960, 4000: 0.976, 8000: 0.988; 3/s gives 3600.
 */
export const FILTERED_SELECTIVITY_FACTOR = 3;

export class SimilarSearch {
  readonly #index: HammingIndex;
  readonly #getJson: Database.Statement;
  readonly #count: Database.Statement;

  constructor(readonly db: Database.Database, readonly dimension: number, readonly options: SimilarSearchOptions) {
    this.#index = new HammingIndex(dimension);
    this.#getJson = db.prepare('SELECT id, json FROM events WHERE rid = ?');
    this.#count = db.prepare('SELECT max(rid) AS m FROM events');
  }

  /** Loads codes written since the last call (the first call loads them all); returns how many. */
  syncIndex(): number {
    return this.#index.sync(this.db);
  }

  /** The `want` nearest events matching the filter, by cosine distance then id; one read snapshot. */
  search(q: SimilarQuery, want: number): ScoredRow[] {
    return this.db.transaction(() => this.#prefiltered(q, want) ?? this.#quantised(q, want) ?? this.#knn(q, want)).deferred();
  }

  #prefilterMax(): number {
    return this.options.prefilterMaxRows ?? Math.min(10_000, Math.floor(((this.#count.get() as { m: number | null }).m ?? 0) / 10));
  }

  /** Plan 1; undefined when the filter is empty or matches more than the limit. */
  #prefiltered(q: SimilarQuery, want: number): ScoredRow[] | undefined {
    const { sql, params } = eventConditions(q);
    if (sql.length === 0) return undefined;
    const max = this.#prefilterMax();
    const rows = this.db.prepare(`SELECT e.rid, m.embedding FROM events e JOIN event_embeddings m ON m.rid = e.rid ${whereClause(sql)} LIMIT ?`)
      .all(...params, max + 1) as Array<{ rid: number; embedding: Buffer }>;
    if (rows.length > max) return undefined;
    return this.#ranked(rows, q.vector, want);
  }

  /** Plan 2; undefined when it does not apply or cannot vouch for its answer. */
  #quantised(q: SimilarQuery, want: number): ScoredRow[] | undefined {
    const { sql, params } = eventConditions(q);
    const base = want * this.options.oversample;
    if (base === 0 || base * (sql.length === 0 ? 1 : FILTERED_OVERSAMPLE_FACTOR) > MAX_QUANTISED_CANDIDATES) return undefined;
    this.#index.sync(this.db);
    const size = this.#index.size;
    if (size < this.options.quantisedMinVectors) return undefined;
    const code = binaryCode(q.vector);
    let ranked: number[], candidates: number[], target: number;
    /** Whether every code that could answer took part (then few candidates are the whole answer). */
    let complete = false;
    if (sql.length === 0) {
      target = base;
      ranked = candidates = this.#index.nearest(code, target);
    } else {
      const matches = this.#indexedMatches(sql, params);
      if (matches) {
        // Every matching code took part in the scan: the candidates are complete.
        target = filteredTarget(base, matches.length / size);
        ranked = candidates = this.#index.nearest(code, target, matches);
        complete = true;
      } else {
        ({ ranked, candidates, target } = this.#filteredCandidates(code, base, size, sql, params));
      }
    }
    complete ||= ranked.length >= size;
    if (candidates.length < Math.min(target, base * FILTERED_OVERSAMPLE_FACTOR) && !complete) return undefined;
    // Vectors only (no join with events: its rows are wide, and a lookup per candidate there costs
    // several times the vector read); ids and JSON are read for the winners alone.
    const rows = this.db.prepare('SELECT rid, embedding FROM event_embeddings WHERE rid IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(candidates)) as Array<{ rid: number; embedding: Buffer }>;
    // Stale slots (deleted events) come back as nothing: if that leaves too few, ask plan 3.
    if (rows.length < want && !complete) return undefined;
    return this.#ranked(rows, q.vector, want);
  }

  /**
   * Rowids of the events matching the filter when one covering index answers it without reading
   * event rows (a camera, label, colour or speed filter: EXPLAIN QUERY PLAN says so), at most
   * MAX_INDEXED_MATCHES; undefined otherwise. Then the Hamming scan is masked with them and the
   * candidates need no filter check (reading the wide event rows one by one was what made broad
   * filters slow). The share of matches is global here (over the whole store), not near the query.
   */
  #indexedMatches(sql: string[], params: unknown[]): number[] | undefined {
    const text = `SELECT e.rid FROM events e ${whereClause(sql)}`;
    const plan = (this.db.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail);
    const onEvents = plan.filter((d) => /^(SCAN|SEARCH) e\b/.test(d));
    if (onEvents.length !== 1 || !/^SEARCH e USING COVERING INDEX /.test(onEvents[0])) return undefined;
    const rows = this.db.prepare(`${text} LIMIT ?`).pluck().all(...params, MAX_INDEXED_MATCHES + 1) as number[];
    return rows.length > MAX_INDEXED_MATCHES ? undefined : rows;
  }

  /**
   * Candidates of a filtered quantised search: the first `target` matching codes in Hamming order,
   * target = base x max(FILTERED_OVERSAMPLE_FACTOR, FILTERED_SELECTIVITY_FACTOR / s) (at most
   * MAX_QUANTISED_CANDIDATES), s the share of the first base x 4 ranked codes that match. The first
   * scan ranks enough codes to find base x FILTERED_OVERSAMPLE_FACTOR matches whenever the filter
   * keeps more than prefilterMaxRows events (fewer were answered by plan 1); a filter that
   * finds fewer than `target` there ranks once more, as deep as target / s x 2 needs.
   */
  #filteredCandidates(code: Buffer, base: number, size: number, sql: string[], params: unknown[]): { ranked: number[]; candidates: number[]; target: number } {
    const floor = Math.max(1, this.#prefilterMax()) / size;
    let ranked = this.#index.nearest(code, Math.min(size, Math.ceil((base * FILTERED_OVERSAMPLE_FACTOR) / floor)));
    const sample = ranked.slice(0, base * 4);
    const share = Math.max(floor, this.#matching(sample, sql, params, sample.length).length / Math.max(1, sample.length));
    const target = filteredTarget(base, share);
    let candidates = this.#matching(ranked, sql, params, target);
    if (candidates.length < target && ranked.length < size) {
      ranked = this.#index.nearest(code, Math.min(size, Math.ceil((2 * target) / share)));
      candidates = this.#matching(ranked, sql, params, target);
    }
    return { ranked, candidates, target };
  }

  /** The first `target` of `ranked` (in order) that match the filter, checked in growing batches. */
  #matching(ranked: readonly number[], sql: string[], params: unknown[], target: number): number[] {
    // json_each first (CROSS JOIN fixes the order): one rowid lookup per candidate, never a scan of
    // a broad filter's index entries.
    const check = this.db.prepare(`SELECT e.rid FROM json_each(?) j CROSS JOIN events e ON e.rid = j.value ${whereClause(sql)}`).pluck();
    const out: number[] = [];
    for (let start = 0, batch = Math.max(1000, target); start < ranked.length && out.length < target; start += batch, batch *= 2) {
      const slice = ranked.slice(start, start + batch);
      const ok = new Set(check.all(JSON.stringify(slice), ...params) as number[]);
      for (const rid of slice) if (ok.has(rid) && out.length < target) out.push(rid);
    }
    return out;
  }

  /** Plan 3: exact vec0 KNN, every filter a scan constraint. */
  #knn(q: SimilarQuery, want: number): ScoredRow[] {
    const { sql, params } = vectorConditions(q);
    const text = `WITH knn AS (
        SELECT v.rowid AS rid, v.distance AS distance FROM event_vectors v
        WHERE v.embedding MATCH ? AND v.k = ? ${sql.map((s) => `AND ${s}`).join(' ')}
      )
      SELECT e.id, e.json, knn.distance FROM knn JOIN events e ON e.rid = knn.rid ORDER BY knn.distance, e.id`;
    return this.db.prepare(text).all(vectorBlob(q.vector), BigInt(want), ...params) as ScoredRow[];
  }

  /**
   * Exact cosine distances of `rows` to `query`, best `want` by distance then id, with their JSON.
   * Ids are read for the rows up to the want-th distance only (ties there are broken by id).
   */
  #ranked(rows: ReadonlyArray<{ rid: number; embedding: Buffer }>, query: Float32Array, want: number): ScoredRow[] {
    const scored = rows.map((r) => ({ rid: r.rid, distance: cosineDistance(query, blobVector(r.embedding)) }));
    scored.sort((a, b) => a.distance - b.distance);
    if (scored.length === 0 || want <= 0) return [];
    const cut = scored[Math.min(want, scored.length) - 1].distance;
    let end = Math.min(want, scored.length);
    while (end < scored.length && scored[end].distance <= cut) end++;
    const top = scored.slice(0, end).map((r) => ({ ...(this.#getJson.get(r.rid) as { id: string; json: string }), distance: r.distance }));
    top.sort((a, b) => a.distance - b.distance || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return top.slice(0, want);
  }
}

/**
 * Candidates a filtered quantised search re-ranks: base x max(FILTERED_OVERSAMPLE_FACTOR,
 * FILTERED_SELECTIVITY_FACTOR / share), at most MAX_QUANTISED_CANDIDATES; `share` (0..1] is the
 * part of the events that pass the filter (0 counts as the smallest positive share).
 */
function filteredTarget(base: number, share: number): number {
  return Math.min(MAX_QUANTISED_CANDIDATES, Math.ceil(base * Math.max(FILTERED_OVERSAMPLE_FACTOR, FILTERED_SELECTIVITY_FACTOR / Math.max(share, Number.MIN_VALUE))));
}

/** Cosine distance as vec0 defines it (1 - cos); 1 when either vector has no direction. */
export function cosineDistance(a: Float32Array, b: Float32Array): number {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
  return na === 0 || nb === 0 ? 1 : 1 - dot / Math.sqrt(na * nb);
}
