// EventFilter -> SQL. The same filter is written twice: against the plain `events` table (listing,
// counting) and against the vec0 table's metadata columns (KNN), where zones and rules, which are
// lists per event, become a `rowid IN (...)` set that vec0 applies while it scans. Every list is
// bound as ONE JSON parameter read through json_each, so a statement's variable count never grows
// with a filter's size (SQLite refuses more than 32766 variables); the plans are the same as with
// `IN (?, ?, ...)` (index search per value).
import type { EventFilter } from '../event-store.js';
import { compilePlatePattern, platePatternVariants, toSqlGlob } from '../plate-match.js';

export interface SqlPart {
  readonly sql: string[];
  readonly params: unknown[];
}

/**
 * `IN (...)` over a list bound as one JSON array. JSON.stringify escapes what JSON must (quotes,
 * control characters, lone surrogates) and json_each decodes it to the bytes the driver binds for
 * the same string, so a value matches exactly what was stored.
 */
const oneOf = (list: readonly string[]): { sql: string; param: string } => ({
  sql: 'IN (SELECT value FROM json_each(?))',
  param: JSON.stringify(list),
});

/** An empty list constrains nothing, the same as an absent one. */
const given = (list: readonly string[] | undefined): list is readonly string[] => list !== undefined && list.length > 0;

function scalarConditions(f: EventFilter, col: (name: string) => string, colorNone: string | null): SqlPart {
  const sql: string[] = [];
  const params: unknown[] = [];
  const within = (name: string, list: readonly string[]) => { const o = oneOf(list); sql.push(`${col(name)} ${o.sql}`); params.push(o.param); };
  if (given(f.cameras)) within('camera', f.cameras);
  if (given(f.labels)) within('label', f.labels);
  if (given(f.colors)) {
    // Colour-less events never match a colour list; in vec0 they are stored as '' (see event-row.ts).
    const colors = colorNone === null ? f.colors : f.colors.filter((c) => c !== colorNone);
    if (colors.length === 0) sql.push('0');
    else within('color', colors);
  }
  if (f.to !== undefined) { sql.push(`${col('first_wall')} <= ?`); params.push(f.to); }
  if (f.from !== undefined) { sql.push(`${col('last_wall')} >= ?`); params.push(f.from); }
  if (f.minDurationSeconds !== undefined) { sql.push(`${col('duration')} >= ?`); params.push(f.minDurationSeconds); }
  return { sql, params };
}

/** `SELECT rid` of events that entered one of the zones, hit one of the rules and carry one of the items (those given); undefined when none is asked. */
export function membershipSubquery(f: EventFilter): { sql: string; params: unknown[] } | undefined {
  const parts: string[] = [];
  const params: unknown[] = [];
  const tables = [['event_zones', 'zone', f.zones], ['event_rules', 'rule', f.rules], ['event_carrying', 'item', f.carrying]] as const;
  for (const [table, column, list] of tables) {
    if (!given(list)) continue;
    const o = oneOf(list);
    parts.push(`SELECT rid FROM ${table} WHERE ${column} ${o.sql}`);
    params.push(o.param);
  }
  return parts.length === 0 ? undefined : { sql: parts.join(' INTERSECT '), params };
}

/**
 * Speed conditions on `events` columns (schema 2): at least this fast. An event without a metric
 * speed (no calibration: speed_m NULL) never passes a metres-per-second bound.
 */
function speedConditions(f: EventFilter, col: (name: string) => string): SqlPart {
  const sql: string[] = [];
  const params: unknown[] = [];
  if (f.minSpeedPxPerSecond !== undefined) { sql.push(`${col('speed_px')} >= ?`); params.push(f.minSpeedPxPerSecond); }
  if (f.minSpeedMetresPerSecond !== undefined) { sql.push(`${col('speed_m')} >= ?`); params.push(f.minSpeedMetresPerSecond); }
  return { sql, params };
}

/**
 * The plate filter on the normalised `plate` column (schema 3) as the OR of its variants
 * (plate-match.ts platePatternVariants, which equals plateMatches): exact texts as one `IN` list,
 * wildcard ones as GLOB (same `*` and `?`), each behind a range on its literal prefix so that the
 * partial index events_by_plate narrows the rows before GLOB checks them. Events without a plate
 * hold NULL and never match. E_STORE_PLATE_PATTERN for a bad pattern.
 */
export function plateCondition(pattern: string, tolerant: boolean, column: string): { sql: string; params: unknown[] } {
  const variants = platePatternVariants(compilePlatePattern(pattern, tolerant));
  const exact = variants.filter((v) => !/[*?]/.test(v));
  const terms: string[] = [];
  const params: unknown[] = [];
  if (exact.length > 0) { const o = oneOf(exact); terms.push(`${column} ${o.sql}`); params.push(o.param); }
  for (const v of variants.filter((x) => /[*?]/.test(x))) {
    const prefix = v.slice(0, v.search(/[*?]/));
    if (prefix === '') { terms.push(`${column} GLOB ?`); params.push(toSqlGlob(v)); continue; }
    terms.push(`(${column} >= ? AND ${column} < ? AND ${column} GLOB ?)`);
    params.push(prefix, successor(prefix), toSqlGlob(v));
  }
  return { sql: terms.length === 1 ? terms[0] : `(${terms.join(' OR ')})`, params };
}

/** The least string above every string that starts with `prefix` (its last code point + 1). */
function successor(prefix: string): string {
  const points = [...prefix];
  const last = points.pop()!.codePointAt(0)!;
  return points.join('') + String.fromCodePoint(last + 1);
}

/** Plate, vehicle type and person attribute conditions on `events` columns (schema 3); `carrying` is a membership (membershipSubquery). */
function attributeConditions(f: EventFilter, col: (name: string) => string): SqlPart {
  const sql: string[] = [];
  const params: unknown[] = [];
  if (f.plate !== undefined) { const p = plateCondition(f.plate, f.plateTolerant === true, col('plate')); sql.push(p.sql); params.push(...p.params); }
  for (const [name, list] of [['vehicle_type', f.vehicleTypes], ['upper_color', f.upperColors], ['lower_color', f.lowerColors], ['riding', f.riding]] as const) {
    if (!given(list)) continue;
    const o = oneOf(list);
    sql.push(`${col(name)} ${o.sql}`);
    params.push(o.param);
  }
  return { sql, params };
}

/** Conditions on `events` columns that the vec0 table lacks: speeds and the schema-3 attributes. */
function eventOnlyConditions(f: EventFilter, col: (name: string) => string): SqlPart {
  const speed = speedConditions(f, col);
  const attributes = attributeConditions(f, col);
  return { sql: [...speed.sql, ...attributes.sql], params: [...speed.params, ...attributes.params] };
}

/** Conditions on `events` (alias e). */
export function eventConditions(f: EventFilter): SqlPart {
  const part = scalarConditions(f, (name) => `e.${name}`, null);
  const speed = eventOnlyConditions(f, (name) => `e.${name}`);
  part.sql.push(...speed.sql);
  part.params.push(...speed.params);
  const members = membershipSubquery(f);
  if (members) { part.sql.push(`e.rid IN (${members.sql})`); part.params.push(...members.params); }
  return part;
}

/**
 * Conditions on the vec0 table (alias v) for a KNN query. The speeds and the schema-3 attributes
 * are not vec0 metadata (the table predates them and a virtual table takes no new column), so they
 * join the rowid set.
 */
export function vectorConditions(f: EventFilter): SqlPart {
  const part = scalarConditions(f, (name) => `v.${name}`, '');
  // vec0 takes one `rowid IN` per query: the sets are intersected inside it.
  const sets: string[] = [];
  const members = membershipSubquery(f);
  if (members) { sets.push(members.sql); part.params.push(...members.params); }
  const speed = eventOnlyConditions(f, (name) => name);
  if (speed.sql.length > 0) { sets.push(`SELECT rid FROM events WHERE ${speed.sql.join(' AND ')}`); part.params.push(...speed.params); }
  if (sets.length > 0) part.sql.push(`v.rowid IN (${sets.join(' INTERSECT ')})`);
  return part;
}

export const whereClause = (conds: readonly string[]): string => (conds.length === 0 ? '' : `WHERE ${conds.join(' AND ')}`);
