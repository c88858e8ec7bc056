// The SQLite event store schema as an ordered list of migrations; `PRAGMA user_version` records how
// many have run, so opening an old file upgrades it in place and reopening a current one is a no-op.
import type Database from 'better-sqlite3';
import { SharpeyeError } from '../../core/index.js';
import { attributeColumns, blobVector, rowEvent } from './event-row.js';
import { binaryCode } from './hamming-index.js';

export interface MigrationContext {
  /** Embedding dimension asked for at open (fixed into the vec0 table the first time). */
  readonly dimension: number;
}

export type Migration = (db: Database.Database, ctx: MigrationContext) => void;

/** Never edit or reorder an entry once released: append a new one. */
export const MIGRATIONS: readonly Migration[] = [
  (db, { dimension }) => {
    db.exec(`
      CREATE TABLE store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE events (
        rid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        camera TEXT NOT NULL,
        label TEXT NOT NULL,
        color TEXT,
        first_wall REAL NOT NULL,
        last_wall REAL NOT NULL,
        duration REAL NOT NULL,
        json TEXT NOT NULL
      );
      CREATE INDEX events_by_time ON events (first_wall, id);
      CREATE INDEX events_by_last_wall ON events (last_wall);
      CREATE INDEX events_by_camera ON events (camera, first_wall);
      CREATE INDEX events_by_label ON events (label, first_wall);
      CREATE INDEX events_by_color ON events (color, first_wall);
      CREATE TABLE event_zones (
        zone TEXT NOT NULL,
        rid INTEGER NOT NULL REFERENCES events (rid) ON DELETE CASCADE,
        PRIMARY KEY (zone, rid)
      ) WITHOUT ROWID;
      CREATE INDEX event_zones_by_rid ON event_zones (rid);
      CREATE TABLE event_rules (
        rule TEXT NOT NULL,
        rid INTEGER NOT NULL REFERENCES events (rid) ON DELETE CASCADE,
        PRIMARY KEY (rule, rid)
      ) WITHOUT ROWID;
      CREATE INDEX event_rules_by_rid ON event_rules (rid);
      -- The filter columns ride along as vec0 metadata so that KNN filters while it scans.
      CREATE VIRTUAL TABLE event_vectors USING vec0 (
        embedding float[${dimension}] distance_metric=cosine,
        camera text,
        label text,
        color text,
        first_wall float,
        last_wall float,
        duration float
      );
    `);
    db.prepare('INSERT INTO store_meta (key, value) VALUES (?, ?)').run('dimension', String(dimension));
  },
  // 2: speed columns for the speed filters, and the quantised search tables (see quantised-search.ts):
  // per event with an embedding, its sign-bit code (dimension/8 bytes, written with a growing `seq`
  // so an in-memory index can follow new writes) and its float vector in a plain table (a point
  // lookup there costs microseconds, against ~0.2 ms in vec0). Existing rows are backfilled.
  (db) => {
    db.exec(`
      ALTER TABLE events ADD COLUMN speed_px REAL NOT NULL DEFAULT 0;
      ALTER TABLE events ADD COLUMN speed_m REAL;
      UPDATE events SET speed_px = coalesce(json_extract(json, '$.speedPxPerSecond'), 0), speed_m = json_extract(json, '$.speedMetresPerSecond');
      CREATE INDEX events_by_speed_px ON events (speed_px);
      CREATE INDEX events_by_speed_m ON events (speed_m);
      CREATE TABLE event_codes (
        rid INTEGER PRIMARY KEY REFERENCES events (rid) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        code BLOB NOT NULL
      );
      CREATE INDEX event_codes_by_seq ON event_codes (seq);
      CREATE TABLE event_embeddings (
        rid INTEGER PRIMARY KEY REFERENCES events (rid) ON DELETE CASCADE,
        embedding BLOB NOT NULL
      );
      INSERT INTO event_embeddings (rid, embedding) SELECT rowid, embedding FROM event_vectors;
      INSERT INTO store_meta (key, value) VALUES ('code_epoch', '0');
    `);
    // In JS rather than vec_quantize_binary, which refuses dimensions that are not a multiple of 8.
    // Pages of 10000 (a connection cannot write while it iterates a query).
    const insert = db.prepare('INSERT INTO event_codes (rid, seq, code) VALUES (?, ?, ?)');
    const page = db.prepare('SELECT rid, embedding FROM event_embeddings WHERE rid > ? ORDER BY rid LIMIT 10000').raw();
    for (let after = -1; ;) {
      const rows = page.all(after) as Array<[number, Buffer]>;
      if (rows.length === 0) break;
      for (const [rid, embedding] of rows) insert.run(rid, rid, binaryCode(blobVector(embedding)));
      after = rows[rows.length - 1][0];
    }
  },
  // 3: video structuring (issue 11): the normalised plate text (plate-match.ts), vehicle type and the
  // person attributes as indexed columns, and what a person carries as a membership table (like
  // zones). The partial indexes hold only events that have the attribute (most have none); every
  // filter on them (=, IN, GLOB, ranges) implies IS NOT NULL, so the planner can use them. Rows
  // whose JSON already holds these fields (written by a newer writer at schema 2) are backfilled.
  (db) => {
    db.exec(`
      ALTER TABLE events ADD COLUMN plate TEXT;
      ALTER TABLE events ADD COLUMN vehicle_type TEXT;
      ALTER TABLE events ADD COLUMN upper_color TEXT;
      ALTER TABLE events ADD COLUMN lower_color TEXT;
      ALTER TABLE events ADD COLUMN riding TEXT;
      CREATE INDEX events_by_plate ON events (plate) WHERE plate IS NOT NULL;
      CREATE INDEX events_by_vehicle_type ON events (vehicle_type, first_wall) WHERE vehicle_type IS NOT NULL;
      CREATE INDEX events_by_upper_color ON events (upper_color, first_wall) WHERE upper_color IS NOT NULL;
      CREATE INDEX events_by_lower_color ON events (lower_color, first_wall) WHERE lower_color IS NOT NULL;
      CREATE INDEX events_by_riding ON events (riding, first_wall) WHERE riding IS NOT NULL;
      CREATE TABLE event_carrying (
        item TEXT NOT NULL,
        rid INTEGER NOT NULL REFERENCES events (rid) ON DELETE CASCADE,
        PRIMARY KEY (item, rid)
      ) WITHOUT ROWID;
      CREATE INDEX event_carrying_by_rid ON event_carrying (rid);
    `);
    const update = db.prepare('UPDATE events SET plate = ?, vehicle_type = ?, upper_color = ?, lower_color = ?, riding = ? WHERE rid = ?');
    const carry = db.prepare('INSERT OR IGNORE INTO event_carrying (item, rid) VALUES (?, ?)');
    const page = db.prepare(`SELECT rid, json FROM events WHERE rid > ?
      AND (json_type(json, '$.plate') IS NOT NULL OR json_type(json, '$.vehicleType') IS NOT NULL OR json_type(json, '$.person') IS NOT NULL)
      ORDER BY rid LIMIT 10000`).raw();
    for (let after = -1; ;) {
      const rows = page.all(after) as Array<[number, string]>;
      if (rows.length === 0) break;
      for (const [rid, json] of rows) {
        const a = attributeColumns(rowEvent(json));
        update.run(a.plate, a.vehicle_type, a.upper_color, a.lower_color, a.riding, rid);
        for (const item of a.carrying) carry.run(item, rid);
      }
      after = rows[rows.length - 1][0];
    }
  },
];

/** The file's schema version (`PRAGMA user_version`); refuses one newer than this sharpeye knows. */
export function schemaVersion(db: Database.Database, path: string): number {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length) {
    throw new SharpeyeError('E_STORE_SCHEMA', `event store ${path} has schema version ${version}, newer than this sharpeye knows (${MIGRATIONS.length}); upgrade sharpeye`, { details: { path, version } });
  }
  return version;
}

/** The embedding dimension the store was created with. */
export function storedDimension(db: Database.Database): number {
  const row = db.prepare("SELECT value FROM store_meta WHERE key = 'dimension'").get() as { value: string } | undefined;
  return Number(row?.value);
}

/**
 * Runs the migrations this file lacks and returns the stored dimension. Safe when several processes
 * open the same new file at once: the migrations run inside BEGIN IMMEDIATE, so one opener holds the
 * write lock while the others wait (the connection's busy_timeout), and the version is read again
 * inside the lock, so a schema another process has just created is not created twice.
 */
export function migrate(db: Database.Database, path: string, ctx: MigrationContext): number {
  if (schemaVersion(db, path) < MIGRATIONS.length) {
    db.transaction(() => {
      for (let v = schemaVersion(db, path); v < MIGRATIONS.length; v++) {
        MIGRATIONS[v](db, ctx);
        db.pragma(`user_version = ${v + 1}`);
      }
    }).immediate();
  }
  return storedDimension(db);
}

/**
 * The read-only counterpart of `migrate`: checks that the file is a current sharpeye event store and
 * returns its dimension, writing nothing. A file that needs a migration (older schema) is refused
 * rather than upgraded, since a read must not change the file: a writing command upgrades it.
 */
export function checkSchemaReadOnly(db: Database.Database, path: string): number {
  return db.transaction(() => {
    const version = schemaVersion(db, path);
    if (version === 0) {
      throw new SharpeyeError('E_STORE_SCHEMA', `${path} is not a sharpeye event store (no event schema: an empty or other SQLite file, or one whose first writer has not finished creating it)`, { details: { path, version } });
    }
    if (version < MIGRATIONS.length) {
      throw new SharpeyeError('E_STORE_SCHEMA', `event store ${path} has schema version ${version}, older than this sharpeye's (${MIGRATIONS.length}); read commands never write, so upgrade it by opening it once for writing (analyze --store, serve)`, { details: { path, version, current: MIGRATIONS.length } });
    }
    return storedDimension(db);
  }).deferred();
}
