// The embedded EventStore: one SQLite file (WAL) holding events as JSON with indexed filter columns,
// zone/rule membership tables, a sqlite-vec vec0 table whose metadata columns carry the same
// filters (exact KNN filters inside the scan), and sign-bit codes plus plain float vectors for the
// quantised search (similar-search.ts). A file store answers similar() and query() on a worker
// thread with its own read-only connection (search-thread.ts), so a search never blocks the event
// loop; a ':memory:' store cannot be shared between connections and searches on the caller's thread.
import { resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { SharpeyeError, isSharpeyeError, toSharpeyeError, type ObjectEvent } from '../../core/index.js';
import type { EventFilter, EventPage, EventQuery, EventRecord, EventStore, SimilarHit, SimilarQuery, StoreHealth } from '../event-store.js';
import { checkCount, checkOrder, decodeEventCursor, encodeEventCursor } from '../cursor.js';
import { QUERY_LIMITS } from '../event-filter-schema.js';
import { openConnection } from './sqlite-connection.js';
import { blobVector, eventColumns, rowEvent, vectorBlob, vectorMetadata } from './event-row.js';
import { eventConditions, whereClause } from './filter-sql.js';
import { checkEmbedding, checkFilter, checkRecord } from '../store-input.js';
import { binaryCode } from './hamming-index.js';
import { SimilarSearch, type ScoredRow, type SimilarSearchOptions } from './similar-search.js';
import { SearchThread } from './search-thread.js';

/**
 * Default candidates re-ranked per wanted hit by the quantised search. Measured (benchmarks/indexer/
 * similar-1m.ts, /work/notes/readme-vector.md): the smallest factor with recall@10 >= 0.95 on
 * clustered 512-d data at 1M vectors, with a margin.
 */
export const DEFAULT_OVERSAMPLE = 20;
/** Below this many stored vectors exact search is cheap (~10 ms) and similar() stays exact. */
export const DEFAULT_QUANTISED_MIN_VECTORS = 20_000;

export interface SqliteEventStoreOptions {
  /** Database file, created with its parent folder when missing (unless `readOnly`); ':memory:' for a throwaway store. */
  readonly path: string;
  /**
   * Open an existing store for reading only: nothing is created or changed (no folder, file, WAL
   * switch or migration); a missing file fails with E_STORE_NOT_FOUND, an older schema with
   * E_STORE_SCHEMA, and writes with E_STORE_REJECTED. @defaultValue false
   */
  readonly readOnly?: boolean;
  /** Embedding dimension; must match the one the file was created with. @defaultValue 512 */
  readonly dimension?: number;
  /** Milliseconds a write waits for another connection's lock before failing. @defaultValue 5000 */
  readonly busyTimeoutMs?: number;
  /**
   * A filtered similar() whose filter matches at most this many events scores them one by one
   * (index lookup, then their vectors from a plain table, microseconds each) instead of scanning;
   * the result is the exact filtered top-k. @defaultValue 1/10 of the events, at most 10000
   */
  readonly prefilterMaxRows?: number;
  /**
   * Candidates per wanted hit that the quantised (sign-bit Hamming) scan hands to exact re-ranking;
   * 0 keeps similar() exact always. @defaultValue DEFAULT_OVERSAMPLE
   */
  readonly oversample?: number;
  /** The quantised search runs from this many stored vectors up. @defaultValue DEFAULT_QUANTISED_MIN_VECTORS */
  readonly quantisedMinVectors?: number;
  /**
   * 'worker': similar() and query() run on a worker thread with its own read-only connection (file
   * stores only; ':memory:' always searches on the caller's thread). @defaultValue 'worker'
   */
  readonly searchThread?: 'worker' | 'main';
}

interface Statements {
  upsertEvent: Database.Statement;
  deleteZones: Database.Statement;
  deleteRules: Database.Statement;
  insertZone: Database.Statement;
  insertRule: Database.Statement;
  deleteCarrying: Database.Statement;
  insertCarrying: Database.Statement;
  deleteVector: Database.Statement;
  insertVector: Database.Statement;
  deleteCode: Database.Statement;
  insertCode: Database.Statement;
  deleteEmbedding: Database.Statement;
  insertEmbedding: Database.Statement;
  bumpEpoch: Database.Statement;
  getEvent: Database.Statement;
  getRid: Database.Statement;
  getEmbedding: Database.Statement;
  oldEvents: Database.Statement;
  deleteEvent: Database.Statement;
}

export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite';
  readonly dimension: number;
  readonly path: string;
  #db: Database.Database | undefined;
  readonly #st: Statements;
  readonly #search: SimilarSearch;
  readonly #thread: SearchThread | undefined;
  readonly #readOnly: boolean;
  #lastError: StoreHealth['lastError'] = null;

  private constructor(db: Database.Database, path: string, dimension: number, search: SimilarSearchOptions, readOnly: boolean, thread: SearchThread | undefined) {
    this.#db = db;
    this.#readOnly = readOnly;
    this.path = path;
    this.dimension = dimension;
    this.#st = prepareStatements(db);
    this.#search = new SimilarSearch(db, dimension, search);
    this.#thread = thread;
  }

  /** Whether similar() and query() run on a worker thread (file stores by default). */
  get searchesOffThread(): boolean {
    return this.#thread !== undefined;
  }

  /** The search worker's thread id, undefined when searches run on the caller's thread. */
  get searchThreadId(): number | undefined {
    return this.#thread?.threadId;
  }

  /** Opens (creating or migrating, unless `readOnly`) the store; fails with E_STORE_OPEN naming the file when it cannot. */
  static async open(options: SqliteEventStoreOptions): Promise<SqliteEventStore> {
    const dimension = options.dimension ?? 512;
    if (!Number.isInteger(dimension) || dimension < 1 || dimension > 8192) {
      throw new SharpeyeError('E_CONFIG_INVALID', `event store dimension must be an integer from 1 to 8192, got ${String(dimension)}`, { details: { dimension } });
    }
    const prefilter = options.prefilterMaxRows;
    if (prefilter !== undefined && (!Number.isInteger(prefilter) || prefilter < 0)) {
      throw new SharpeyeError('E_CONFIG_INVALID', `event store prefilterMaxRows must be an integer >= 0, got ${String(prefilter)}`, { details: { prefilterMaxRows: prefilter } });
    }
    const readOnly = options.readOnly === true;
    if (options.path === ':memory:' && readOnly) {
      throw new SharpeyeError('E_CONFIG_INVALID', "a read-only event store cannot be ':memory:' (it would always be empty); name a file", { details: { path: options.path } });
    }
    const path = options.path === ':memory:' ? ':memory:' : resolve(options.path);
    const busyTimeoutMs = Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000));
    const { db, stored } = await openConnection({ path, dimension, busyTimeoutMs, readOnly });
    if (stored !== dimension) {
      db.close();
      throw new SharpeyeError('E_STORE_SCHEMA', `event store ${path} holds ${stored}-dimensional embeddings but was opened with dimension ${dimension}; use the embedder it was built with or a new file`, { details: { path, stored, dimension } });
    }
    const search: SimilarSearchOptions = {
      prefilterMaxRows: options.prefilterMaxRows,
      oversample: options.oversample ?? DEFAULT_OVERSAMPLE,
      quantisedMinVectors: options.quantisedMinVectors ?? DEFAULT_QUANTISED_MIN_VECTORS,
    };
    let thread: SearchThread | undefined;
    try {
      if (path !== ':memory:' && options.searchThread !== 'main') thread = await SearchThread.start({ path, dimension, busyTimeoutMs, search });
    } catch (err) {
      db.close();
      throw err;
    }
    return new SqliteEventStore(db, path, dimension, search, readOnly, thread);
  }

  async upsert(records: readonly EventRecord[]): Promise<void> {
    const db = this.#writable();
    if (!Array.isArray(records)) throw new SharpeyeError('E_STORE_RECORD_INVALID', 'upsert takes a list of records');
    records.forEach((r, i) => checkRecord(r, this.dimension, i));
    this.#run(() => db.transaction(() => { for (const r of records) this.#write(r); })());
  }

  #write(r: EventRecord): void {
    const { carrying, ...c } = eventColumns(r.event);
    const { rid } = this.#st.upsertEvent.get(c) as { rid: number };
    const key = BigInt(rid);
    this.#st.deleteZones.run(key);
    this.#st.deleteRules.run(key);
    this.#st.deleteCarrying.run(key);
    for (const zone of r.event.zones) this.#st.insertZone.run(zone, key);
    for (const rule of r.event.rules) this.#st.insertRule.run(rule, key);
    for (const item of carrying) this.#st.insertCarrying.run(item, key);
    this.#st.deleteVector.run(key);
    this.#st.deleteCode.run(key);
    this.#st.deleteEmbedding.run(key);
    if (r.embedding) {
      const blob = vectorBlob(r.embedding);
      this.#st.insertVector.run(key, blob, ...vectorMetadata(c));
      this.#st.insertCode.run(key, binaryCode(r.embedding));
      this.#st.insertEmbedding.run(key, blob);
    }
  }

  /** Writes are synchronous and durable at commit (WAL), so there is nothing to wait for. */
  async flush(): Promise<void> {
    this.#open();
  }

  async get(id: string): Promise<ObjectEvent | undefined> {
    this.#open();
    const row = this.#run(() => this.#st.getEvent.get(id)) as { json: string } | undefined;
    return row ? rowEvent(row.json) : undefined;
  }

  async getEmbedding(id: string): Promise<Float32Array | undefined> {
    this.#open();
    const row = this.#run(() => {
      const ev = this.#st.getRid.get(id) as { rid: number } | undefined;
      return ev ? this.#st.getEmbedding.get(BigInt(ev.rid)) : undefined;
    }) as { embedding: Buffer } | undefined;
    return row ? blobVector(row.embedding) : undefined;
  }

  async query(q: EventQuery = {}): Promise<EventPage> {
    const db = this.#open();
    checkFilter(q);
    const order = checkOrder(q.order);
    const limit = checkCount('limit', q.limit, QUERY_LIMITS.limit);
    const { sql, params } = eventConditions(q);
    const dir = order === 'asc' ? 'ASC' : 'DESC';
    if (q.cursor !== undefined) {
      const c = decodeEventCursor(q.cursor, order);
      sql.push(`(e.first_wall, e.id) ${order === 'asc' ? '>' : '<'} (?, ?)`);
      params.push(c.wallMs, c.id);
    }
    const text = `SELECT e.json, e.first_wall, e.id FROM events e ${whereClause(sql)} ORDER BY e.first_wall ${dir}, e.id ${dir} LIMIT ?`;
    const rows = (this.#thread ? await this.#runAsync(() => this.#thread!.all(text, [...params, limit + 1])) : this.#run(() => db.prepare(text).all(...params, limit + 1))) as Array<{ json: string; first_wall: number; id: string }>;
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    const last = page[page.length - 1];
    return {
      events: page.map((r) => rowEvent(r.json)),
      nextCursor: more ? encodeEventCursor({ wallMs: last.first_wall, id: last.id, order }) : null,
    };
  }

  async count(filter: EventFilter = {}): Promise<number> {
    const db = this.#open();
    checkFilter(filter);
    const { sql, params } = eventConditions(filter);
    const row = this.#run(() => db.prepare(`SELECT count(*) AS n FROM events e ${whereClause(sql)}`).get(...params)) as { n: number };
    return row.n;
  }

  /**
   * Top-k by cosine similarity among the events matching the filter (see similar-search.ts for the
   * plans: exact for selective filters and small stores, quantised scan + exact re-ranking from
   * `quantisedMinVectors` up). One extra neighbour is asked for when `excludeId` may take a slot.
   */
  async similar(q: SimilarQuery): Promise<SimilarHit[]> {
    this.#open();
    checkFilter(q);
    checkEmbedding(q.vector, this.dimension, 'similar() query vector', 'E_STORE_QUERY_INVALID');
    const k = checkCount('k', q.k, QUERY_LIMITS.k);
    const want = q.excludeId === undefined ? k : k + 1;
    const rows: ScoredRow[] = this.#thread ? await this.#runAsync(() => this.#thread!.similar(q, want)) : this.#run(() => this.#search.search(q, want));
    return rows
      .filter((r) => r.id !== q.excludeId)
      .slice(0, k)
      .map((r) => ({ event: rowEvent(r.json), score: 1 - r.distance }));
  }

  async deleteOlderThan(wallMs: number): Promise<string[]> {
    const db = this.#writable();
    if (!Number.isFinite(wallMs)) throw new SharpeyeError('E_STORE_QUERY_INVALID', `deleteOlderThan needs a finite wall-clock time in ms, got ${String(wallMs)}`);
    return this.#run(() => db.transaction(() => {
      const old = this.#st.oldEvents.all(wallMs) as Array<{ rid: number; id: string }>;
      for (const { rid } of old) {
        const key = BigInt(rid);
        this.#st.deleteVector.run(key);
        this.#st.deleteEvent.run(key);
      }
      // In-memory code indexes (HammingIndex) rebuild when the epoch changes.
      if (old.length > 0) this.#st.bumpEpoch.run();
      return old.map((o) => o.id);
    })());
  }

  health(): StoreHealth {
    return { state: this.#db ? 'ok' : 'down', pending: 0, dropped: 0, lastError: this.#lastError };
  }

  /** Stops the search worker (pending searches reject with E_STORE_CLOSED), then closes the connection. */
  async close(): Promise<void> {
    const db = this.#db;
    this.#db = undefined;
    await this.#thread?.close();
    db?.close();
  }

  #open(): Database.Database {
    if (!this.#db) throw new SharpeyeError('E_STORE_CLOSED', `event store ${this.path} is closed; open it again to use it`, { details: { path: this.path } });
    return this.#db;
  }

  #writable(): Database.Database {
    const db = this.#open();
    if (this.#readOnly) throw new SharpeyeError('E_STORE_REJECTED', `event store ${this.path} was opened read-only; open it for writing to change it`, { details: { path: this.path } });
    return db;
  }

  /** Runs a driver call, turning SQLite failures (busy, I/O, full disk) into E_STORE_IO and remembering the last one. */
  #run<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      const e = isSharpeyeError(err) ? err : new SharpeyeError('E_STORE_IO', `event store ${this.path}: ${toSharpeyeError(err).message}`, { cause: err, details: { path: this.path } });
      if (e.code === 'E_STORE_IO') this.#lastError = { code: e.code, message: e.message, atMs: Date.now() };
      throw e;
    }
  }

  /** #run for a request answered by the search worker. */
  async #runAsync<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      return this.#run(() => { throw err; });
    }
  }
}

function prepareStatements(db: Database.Database): Statements {
  return {
    upsertEvent: db.prepare(`INSERT INTO events (id, camera, label, color, first_wall, last_wall, duration, speed_px, speed_m,
        plate, vehicle_type, upper_color, lower_color, riding, json)
      VALUES (@id, @camera, @label, @color, @first_wall, @last_wall, @duration, @speed_px, @speed_m,
        @plate, @vehicle_type, @upper_color, @lower_color, @riding, @json)
      ON CONFLICT (id) DO UPDATE SET camera = excluded.camera, label = excluded.label, color = excluded.color,
        first_wall = excluded.first_wall, last_wall = excluded.last_wall, duration = excluded.duration,
        speed_px = excluded.speed_px, speed_m = excluded.speed_m, plate = excluded.plate, vehicle_type = excluded.vehicle_type,
        upper_color = excluded.upper_color, lower_color = excluded.lower_color, riding = excluded.riding, json = excluded.json
      RETURNING rid`),
    deleteZones: db.prepare('DELETE FROM event_zones WHERE rid = ?'),
    deleteRules: db.prepare('DELETE FROM event_rules WHERE rid = ?'),
    insertZone: db.prepare('INSERT OR IGNORE INTO event_zones (zone, rid) VALUES (?, ?)'),
    insertRule: db.prepare('INSERT OR IGNORE INTO event_rules (rule, rid) VALUES (?, ?)'),
    deleteCarrying: db.prepare('DELETE FROM event_carrying WHERE rid = ?'),
    insertCarrying: db.prepare('INSERT OR IGNORE INTO event_carrying (item, rid) VALUES (?, ?)'),
    deleteVector: db.prepare('DELETE FROM event_vectors WHERE rowid = ?'),
    insertVector: db.prepare(`INSERT INTO event_vectors (rowid, embedding, camera, label, color, first_wall, last_wall, duration)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    deleteCode: db.prepare('DELETE FROM event_codes WHERE rid = ?'),
    // Every code write takes the next seq, so in-memory indexes load only what is new (hamming-index.ts).
    insertCode: db.prepare('INSERT INTO event_codes (rid, seq, code) VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM event_codes), ?)'),
    deleteEmbedding: db.prepare('DELETE FROM event_embeddings WHERE rid = ?'),
    insertEmbedding: db.prepare('INSERT INTO event_embeddings (rid, embedding) VALUES (?, ?)'),
    bumpEpoch: db.prepare("UPDATE store_meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'code_epoch'"),
    getEvent: db.prepare('SELECT json FROM events WHERE id = ?'),
    getRid: db.prepare('SELECT rid FROM events WHERE id = ?'),
    getEmbedding: db.prepare('SELECT embedding FROM event_vectors WHERE rowid = ?'),
    oldEvents: db.prepare('SELECT rid, id FROM events WHERE last_wall < ?'),
    deleteEvent: db.prepare('DELETE FROM events WHERE rid = ?'),
  };
}
