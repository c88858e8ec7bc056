// EventFilter -> SQL. The same filter is written twice: against the plain `events` table (listing,
// counting) and against the vec0 table's metadata columns (KNN), where zones and rules, which are
// lists per event, become a `rowid IN (...)` set that vec0 applies while it scans.
import type { EventFilter } from '../event-store.js';

export interface SqlPart {
  readonly sql: string[];
  readonly params: unknown[];
}

const marks = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

/** An empty list constrains nothing, the same as an absent one. */
const given = (list: readonly string[] | undefined): list is readonly string[] => list !== undefined && list.length > 0;

function scalarConditions(f: EventFilter, col: (name: string) => string, colorNone: string | null): SqlPart {
  const sql: string[] = [];
  const params: unknown[] = [];
  const within = (name: string, list: readonly string[]) => { sql.push(`${col(name)} IN (${marks(list.length)})`); params.push(...list); };
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

/** `SELECT rid` of events that entered one of the zones and (if given) hit one of the rules; undefined when neither is asked. */
export function membershipSubquery(f: EventFilter): { sql: string; params: unknown[] } | undefined {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (given(f.zones)) { parts.push(`SELECT rid FROM event_zones WHERE zone IN (${marks(f.zones.length)})`); params.push(...f.zones); }
  if (given(f.rules)) { parts.push(`SELECT rid FROM event_rules WHERE rule IN (${marks(f.rules.length)})`); params.push(...f.rules); }
  return parts.length === 0 ? undefined : { sql: parts.join(' INTERSECT '), params };
}

/** Conditions on `events` (alias e). */
export function eventConditions(f: EventFilter): SqlPart {
  const part = scalarConditions(f, (name) => `e.${name}`, null);
  const members = membershipSubquery(f);
  if (members) { part.sql.push(`e.rid IN (${members.sql})`); part.params.push(...members.params); }
  return part;
}

/** Conditions on the vec0 table (alias v) for a KNN query. */
export function vectorConditions(f: EventFilter): SqlPart {
  const part = scalarConditions(f, (name) => `v.${name}`, '');
  const members = membershipSubquery(f);
  if (members) { part.sql.push(`v.rowid IN (${members.sql})`); part.params.push(...members.params); }
  return part;
}

export const whereClause = (conds: readonly string[]): string => (conds.length === 0 ? '' : `WHERE ${conds.join(' AND ')}`);
