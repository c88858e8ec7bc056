// Opens the SQLite connection behind SqliteEventStore, in one of two modes. Writing: creates the
// folder and the file, switches to WAL and migrates, all safe when several processes open the same
// new file at once. Read-only: never creates or changes anything (the file must exist, its schema
// must be current) and fails with E_STORE_NOT_FOUND when there is no file.
import { statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { SharpeyeError, isSharpeyeError, makeDirsSync } from '../../core/index.js';
import { checkSchemaReadOnly, migrate } from './schema.js';

export interface ConnectionOptions {
  /** Absolute path, or ':memory:' (writing only). */
  readonly path: string;
  readonly dimension: number;
  readonly busyTimeoutMs: number;
  readonly readOnly: boolean;
}

/** Opens, prepares and checks the connection; returns it with the stored embedding dimension. */
export async function openConnection(o: ConnectionOptions): Promise<{ db: Database.Database; stored: number }> {
  if (o.readOnly) assertStoreFile(o.path);
  let db: Database.Database | undefined;
  try {
    if (!o.readOnly && o.path !== ':memory:') makeDirsSync(dirname(o.path));
    db = o.readOnly ? new Database(o.path, { readonly: true, fileMustExist: true, timeout: o.busyTimeoutMs }) : new Database(o.path, { timeout: o.busyTimeoutMs });
    sqliteVec.load(db);
    db.pragma(`busy_timeout = ${o.busyTimeoutMs}`);
    if (o.readOnly) return { db, stored: checkSchemaReadOnly(db, o.path) };
    if (o.path !== ':memory:') await enableWal(db, o.busyTimeoutMs);
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    return { db, stored: migrate(db, o.path, { dimension: o.dimension }) };
  } catch (err) {
    db?.close();
    if (isSharpeyeError(err)) throw err;
    // The file went away between the check and the open.
    if (o.readOnly) assertStoreFile(o.path);
    const why = err instanceof Error ? err.message : String(err);
    const hint = o.readOnly ? 'check the path names a sharpeye event store file you can read' : 'check the path is a writable SQLite file or a new file in a writable folder';
    throw new SharpeyeError('E_STORE_OPEN', `cannot open event store ${o.path}: ${why}; ${hint}`, { cause: err, details: { path: o.path } });
  }
}

/** A read-only open needs an existing regular file: no file (or no folder) is E_STORE_NOT_FOUND. */
function assertStoreFile(path: string): void {
  let stat;
  try {
    stat = statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new SharpeyeError('E_STORE_NOT_FOUND', `event store ${path} does not exist; check the path (read commands never create a store; analyze --store or serve write one)`, { details: { path } });
    }
    throw new SharpeyeError('E_STORE_OPEN', `cannot open event store ${path}: ${(err as Error).message}`, { cause: err, details: { path } });
  }
  if (!stat.isFile()) throw new SharpeyeError('E_STORE_OPEN', `cannot open event store ${path}: it is a folder or special file, not an event store file`, { details: { path } });
}

const isBusy = (err: unknown): boolean => /^SQLITE_(BUSY|LOCKED)/.test(String((err as { code?: unknown })?.code ?? ''));

/**
 * Switches a file to WAL once. Changing the journal mode needs an exclusive lock, and SQLite answers
 * SQLITE_BUSY at once (without its busy handler) when another opener holds the file; so retry with a
 * short growing pause until `busyTimeoutMs`. A file already in WAL needs no lock and no retry.
 */
async function enableWal(db: Database.Database, busyTimeoutMs: number): Promise<void> {
  const deadline = Date.now() + busyTimeoutMs;
  for (let pause = 2; ; pause = Math.min(pause * 2, 100)) {
    try {
      if (db.pragma('journal_mode', { simple: true }) === 'wal') return;
      db.pragma('journal_mode = WAL');
      return;
    } catch (err) {
      if (!isBusy(err) || Date.now() + pause > deadline) throw err;
      await sleep(pause);
    }
  }
}
