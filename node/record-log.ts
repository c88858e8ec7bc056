// RecordLog: an append-only log of small JSON records with a monotonic `seq`, for what the node
// keeps besides object events (alert events, line crossings, congestion changes). Two backends:
// a table in the SQLite store's own database file (so the log lives as long as the events and
// `seq` keeps increasing across restarts), or, without a SQLite store (none, in-memory, Milvus), a
// bounded in-memory ring that forgets the oldest records and restarts `seq` with the process.
import Database from 'better-sqlite3';
import { SharpeyeError } from '../core/index.js';

export interface LogRow<T> {
  readonly seq: number;
  readonly wallMs: number;
  readonly camera: string;
  /** Two indexed keys per log (alerts: rule id and type; traffic: line and kind). */
  readonly key1: string;
  readonly key2: string;
  readonly record: T;
}

export interface LogQuery {
  readonly cameras?: readonly string[];
  readonly key1?: readonly string[];
  readonly key2?: readonly string[];
  /** Wall-clock ms, inclusive. */
  readonly from?: number;
  readonly to?: number;
  /** Rows with seq < beforeSeq (paging newest first) / seq > afterSeq (replay). */
  readonly beforeSeq?: number;
  readonly afterSeq?: number;
  readonly order: 'asc' | 'desc';
  /** @defaultValue all matching rows */
  readonly limit?: number;
}

export interface RecordLog<T> {
  /** Appends one record; returns its seq (last + 1). */
  append(wallMs: number, camera: string, key1: string, key2: string, record: T): number;
  query(q: LogQuery): Array<LogRow<T>>;
  readonly lastSeq: number;
  /** Idempotent. */
  close(): void;
}

/** Records an in-memory log keeps by default before it forgets the oldest. */
export const DEFAULT_MEMORY_LOG_CAPACITY = 10_000;

export class MemoryRecordLog<T> implements RecordLog<T> {
  readonly #rows: Array<LogRow<T>> = [];
  #lastSeq = 0;

  constructor(private readonly capacity = DEFAULT_MEMORY_LOG_CAPACITY) {}

  get lastSeq(): number {
    return this.#lastSeq;
  }

  append(wallMs: number, camera: string, key1: string, key2: string, record: T): number {
    this.#rows.push({ seq: ++this.#lastSeq, wallMs, camera, key1, key2, record });
    if (this.#rows.length > this.capacity) this.#rows.shift();
    return this.#lastSeq;
  }

  query(q: LogQuery): Array<LogRow<T>> {
    const has = (list: readonly string[] | undefined, v: string) => !list || list.length === 0 || list.includes(v);
    const rows = this.#rows.filter((r) => has(q.cameras, r.camera) && has(q.key1, r.key1) && has(q.key2, r.key2)
      && (q.from === undefined || r.wallMs >= q.from) && (q.to === undefined || r.wallMs <= q.to)
      && (q.beforeSeq === undefined || r.seq < q.beforeSeq) && (q.afterSeq === undefined || r.seq > q.afterSeq));
    if (q.order === 'desc') rows.reverse();
    return q.limit === undefined ? rows : rows.slice(0, q.limit);
  }

  close(): void {}
}

const TABLE = /^[a-z_]{1,40}$/;

export class SqliteRecordLog<T> implements RecordLog<T> {
  readonly #db: Database.Database;
  readonly #insert: Database.Statement;
  #lastSeq: number;
  #closed = false;

  /** Opens (creating when missing) table `table` in the SQLite file at `path`. E_STORE_OPEN when it cannot. */
  constructor(path: string, private readonly table: string) {
    if (!TABLE.test(table)) throw new SharpeyeError('E_INTERNAL', `bad log table name ${table}`);
    try {
      this.#db = new Database(path, { timeout: 5000 });
      this.#db.pragma('busy_timeout = 5000');
      this.#db.exec(`CREATE TABLE IF NOT EXISTS ${table} (seq INTEGER PRIMARY KEY AUTOINCREMENT, wall_ms INTEGER NOT NULL, camera TEXT NOT NULL, key1 TEXT NOT NULL, key2 TEXT NOT NULL, json TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ${table}_camera_time ON ${table} (camera, wall_ms);`);
      this.#insert = this.#db.prepare(`INSERT INTO ${table} (wall_ms, camera, key1, key2, json) VALUES (?, ?, ?, ?, ?)`);
      this.#lastSeq = (this.#db.prepare(`SELECT COALESCE(MAX(seq), 0) AS s FROM ${table}`).get() as { s: number }).s;
    } catch (err) {
      throw new SharpeyeError('E_STORE_OPEN', `cannot open the ${table} log in ${path}: ${(err as Error).message}`, { cause: err, details: { path } });
    }
  }

  get lastSeq(): number {
    return this.#lastSeq;
  }

  append(wallMs: number, camera: string, key1: string, key2: string, record: T): number {
    this.#lastSeq = Number(this.#insert.run(Math.round(wallMs), camera, key1, key2, JSON.stringify(record)).lastInsertRowid);
    return this.#lastSeq;
  }

  query(q: LogQuery): Array<LogRow<T>> {
    const where: string[] = [];
    const args: unknown[] = [];
    const inList = (column: string, list: readonly string[] | undefined) => {
      if (!list || list.length === 0) return;
      where.push(`${column} IN (${list.map(() => '?').join(', ')})`);
      args.push(...list);
    };
    inList('camera', q.cameras);
    inList('key1', q.key1);
    inList('key2', q.key2);
    const bound = (sql: string, v: number | undefined) => { if (v !== undefined) { where.push(sql); args.push(v); } };
    bound('wall_ms >= ?', q.from);
    bound('wall_ms <= ?', q.to);
    bound('seq < ?', q.beforeSeq);
    bound('seq > ?', q.afterSeq);
    const sql = `SELECT seq, wall_ms, camera, key1, key2, json FROM ${this.table}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`
      + ` ORDER BY seq ${q.order === 'asc' ? 'ASC' : 'DESC'}${q.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(q.limit))}` : ''}`;
    return (this.#db.prepare(sql).all(...args) as Array<{ seq: number; wall_ms: number; camera: string; key1: string; key2: string; json: string }>)
      .map((r) => ({ seq: r.seq, wallMs: r.wall_ms, camera: r.camera, key1: r.key1, key2: r.key2, record: JSON.parse(r.json) as T }));
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }
}

/**
 * The log for `table` beside a store: a table in the database file of a `sqlite:PATH` store, else
 * (no store, `sqlite::memory:`, Milvus) a memory ring of `memoryCapacity` records.
 */
export function openRecordLog<T>(storeSpec: string | undefined, table: string, memoryCapacity = DEFAULT_MEMORY_LOG_CAPACITY): RecordLog<T> {
  const m = storeSpec === undefined ? null : /^sqlite:(.+)$/s.exec(storeSpec);
  if (m && m[1] !== ':memory:') return new SqliteRecordLog<T>(m[1], table);
  return new MemoryRecordLog<T>(memoryCapacity);
}
