// The embedded EventStore: one SQLite file (WAL) holding events as JSON with indexed filter columns,
// zone/rule membership tables, and a sqlite-vec vec0 table whose metadata columns carry the same
// filters, so a hybrid search filters inside the exact KNN scan rather than after it.
import { resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { SharpeyeError, isSharpeyeError, toSharpeyeError, type ObjectEvent } from '../../core/index.js';
import type { EventFilter, EventPage, EventQuery, EventRecord, EventStore, SimilarHit, SimilarQuery, StoreHealth } from '../event-store.js';
import { checkCount, checkOrder, decodeEventCursor, encodeEventCursor } from '../cursor.js';
import { QUERY_LIMITS } from '../event-filter-schema.js';
import { openConnection } from './sqlite-connection.js';
import { blobVector, eventColumns, rowEvent, vectorBlob, vectorMetadata } from './event-row.js';
import { eventConditions, vectorConditions, whereClause } from './filter-sql.js';
import { checkEmbedding, checkFilter, checkRecord } from '../store-input.js';

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
   * (index lookup, then their vectors) instead of scanning the vec0 table; both give the exact
   * filtered top-k. A vec0 point lookup costs about as much as scanning 700 vectors (measured at
   * dimension 512), hence the default. @defaultValue 1/1000 of the events, at most 2000
   */
  readonly prefilterMaxRows?: number;
}

interface Statements {
  upsertEvent: Database.Statement;
  deleteZones: Database.Statement;
  deleteRules: Database.Statement;
  insertZone: Database.Statement;
  insertRule: Database.Statement;
  deleteVector: Database.Statement;
  insertVector: Database.Statement;
  getEvent: Database.Statement;
  getRid: Database.Statement;
  getEmbedding: Database.Statement;
  getJson: Database.Statement;
  maxRid: Database.Statement;
  oldEvents: Database.Statement;
  deleteEvent: Database.Statement;
}

export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite';
  readonly dimension: number;
  readonly path: string;
  #db: Database.Database | undefined;
  readonly #st: Statements;
  readonly #prefilterMaxRows: number | undefined;
  readonly #readOnly: boolean;
  #lastError: StoreHealth['lastError'] = null;

  private constructor(db: Database.Database, path: string, dimension: number, prefilterMaxRows: number | undefined, readOnly: boolean) {
    this.#db = db;
    this.#readOnly = readOnly;
    this.path = path;
    this.dimension = dimension;
    this.#prefilterMaxRows = prefilterMaxRows;
    this.#st = prepareStatements(db);
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
    return new SqliteEventStore(db, path, dimension, options.prefilterMaxRows, readOnly);
  }

  async upsert(records: readonly EventRecord[]): Promise<void> {
    const db = this.#writable();
    if (!Array.isArray(records)) throw new SharpeyeError('E_STORE_RECORD_INVALID', 'upsert takes a list of records');
    records.forEach((r, i) => checkRecord(r, this.dimension, i));
    this.#run(() => db.transaction(() => { for (const r of records) this.#write(r); })());
  }

  #write(r: EventRecord): void {
    const c = eventColumns(r.event);
    const { rid } = this.#st.upsertEvent.get(c) as { rid: number };
    const key = BigInt(rid);
    this.#st.deleteZones.run(key);
    this.#st.deleteRules.run(key);
    for (const zone of r.event.zones) this.#st.insertZone.run(zone, key);
    for (const rule of r.event.rules) this.#st.insertRule.run(rule, key);
    this.#st.deleteVector.run(key);
    if (r.embedding) this.#st.insertVector.run(key, vectorBlob(r.embedding), ...vectorMetadata(c));
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
    const rows = this.#run(() => db.prepare(text).all(...params, limit + 1)) as Array<{ json: string; first_wall: number; id: string }>;
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
   * Exact filtered top-k, two ways. Selective filters: the few matching events (found through the
   * `events` indexes) are scored one by one. Otherwise every filter is a constraint of the vec0 KNN
   * scan itself (metadata columns, and a rowid set for zones/rules), so the scan ranks only matching
   * rows. Either way nothing is filtered after a top-k cut. One extra neighbour is asked for when
   * `excludeId` may take a slot.
   */
  async similar(q: SimilarQuery): Promise<SimilarHit[]> {
    const db = this.#open();
    checkFilter(q);
    checkEmbedding(q.vector, this.dimension, 'similar() query vector', 'E_STORE_QUERY_INVALID');
    const k = checkCount('k', q.k, QUERY_LIMITS.k);
    const want = q.excludeId === undefined ? k : k + 1;
    const rows = this.#run(() => this.#prefiltered(db, q, want) ?? this.#knn(db, q, want));
    return rows
      .filter((r) => r.id !== q.excludeId)
      .slice(0, k)
      .map((r) => ({ event: rowEvent(r.json), score: 1 - r.distance }));
  }

  /** Scores the events matching a selective filter; undefined when the filter matches too many (or is empty). */
  #prefiltered(db: Database.Database, q: SimilarQuery, want: number): ScoredRow[] | undefined {
    const { sql, params } = eventConditions(q);
    if (sql.length === 0) return undefined;
    const max = this.#prefilterMaxRows ?? Math.min(2000, Math.floor(((this.#st.maxRid.get() as { m: number | null }).m ?? 0) / 1000));
    const candidates = db.prepare(`SELECT e.rid, e.id FROM events e ${whereClause(sql)} LIMIT ?`).all(...params, max + 1) as Array<{ rid: number; id: string }>;
    if (candidates.length > max) return undefined;
    const scored: Array<{ rid: number; id: string; distance: number }> = [];
    for (const c of candidates) {
      const row = this.#st.getEmbedding.get(BigInt(c.rid)) as { embedding: Buffer } | undefined;
      if (row) scored.push({ rid: c.rid, id: c.id, distance: cosineDistance(q.vector, blobVector(row.embedding)) });
    }
    scored.sort((a, b) => a.distance - b.distance || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return scored.slice(0, want).map((r) => ({ id: r.id, distance: r.distance, json: (this.#st.getJson.get(BigInt(r.rid)) as { json: string }).json }));
  }

  #knn(db: Database.Database, q: SimilarQuery, want: number): ScoredRow[] {
    const { sql, params } = vectorConditions(q);
    const text = `WITH knn AS (
        SELECT v.rowid AS rid, v.distance AS distance FROM event_vectors v
        WHERE v.embedding MATCH ? AND v.k = ? ${sql.map((s) => `AND ${s}`).join(' ')}
      )
      SELECT e.id, e.json, knn.distance FROM knn JOIN events e ON e.rid = knn.rid ORDER BY knn.distance, e.id`;
    return db.prepare(text).all(vectorBlob(q.vector), BigInt(want), ...params) as ScoredRow[];
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
      return old.map((o) => o.id);
    })());
  }

  health(): StoreHealth {
    return { state: this.#db ? 'ok' : 'down', pending: 0, dropped: 0, lastError: this.#lastError };
  }

  async close(): Promise<void> {
    const db = this.#db;
    this.#db = undefined;
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
}

interface ScoredRow { id: string; json: string; distance: number }

/** Cosine distance as vec0 defines it (1 - cos), for the prefiltered path. */
function cosineDistance(a: Float32Array, b: Float32Array): number {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
  return na === 0 || nb === 0 ? 1 : 1 - dot / Math.sqrt(na * nb);
}

function prepareStatements(db: Database.Database): Statements {
  return {
    upsertEvent: db.prepare(`INSERT INTO events (id, camera, label, color, first_wall, last_wall, duration, json)
      VALUES (@id, @camera, @label, @color, @first_wall, @last_wall, @duration, @json)
      ON CONFLICT (id) DO UPDATE SET camera = excluded.camera, label = excluded.label, color = excluded.color,
        first_wall = excluded.first_wall, last_wall = excluded.last_wall, duration = excluded.duration, json = excluded.json
      RETURNING rid`),
    deleteZones: db.prepare('DELETE FROM event_zones WHERE rid = ?'),
    deleteRules: db.prepare('DELETE FROM event_rules WHERE rid = ?'),
    insertZone: db.prepare('INSERT OR IGNORE INTO event_zones (zone, rid) VALUES (?, ?)'),
    insertRule: db.prepare('INSERT OR IGNORE INTO event_rules (rule, rid) VALUES (?, ?)'),
    deleteVector: db.prepare('DELETE FROM event_vectors WHERE rowid = ?'),
    insertVector: db.prepare(`INSERT INTO event_vectors (rowid, embedding, camera, label, color, first_wall, last_wall, duration)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    getEvent: db.prepare('SELECT json FROM events WHERE id = ?'),
    getRid: db.prepare('SELECT rid FROM events WHERE id = ?'),
    getEmbedding: db.prepare('SELECT embedding FROM event_vectors WHERE rowid = ?'),
    getJson: db.prepare('SELECT json FROM events WHERE rid = ?'),
    maxRid: db.prepare('SELECT max(rid) AS m FROM events'),
    oldEvents: db.prepare('SELECT rid, id FROM events WHERE last_wall < ?'),
    deleteEvent: db.prepare('DELETE FROM events WHERE rid = ?'),
  };
}
