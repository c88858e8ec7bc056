// Builds Milvus boolean filter expressions from an EventFilter. Every string value goes through
// `quoteMilvusString` (a double-quoted literal with backslash escapes), so a camera or zone name
// can never close the literal and inject expression syntax.
import { SharpeyeError } from '../../core/index.js';
import type { EventFilter } from '../event-store.js';
import { compilePlatePattern, platePatternVariants, toKeyLike } from '../plate-match.js';

/**
 * A Milvus string literal for `value`: double-quoted, with `\` and `"` escaped and every other
 * character as is. Those two escapes are the only ones both expression parsers (Milvus's Go parser
 * and Milvus Lite's C++ one) read the same way; neither accepts a raw line break, so values with one
 * are refused (`unspellableInMilvus`) and the store never writes such values to filterable fields.
 */
export function quoteMilvusString(value: string): string {
  if (typeof value !== 'string') throw invalid('a filter value', value, 'must be a string');
  if (unspellableInMilvus(value)) throw invalid('a filter value', value, 'cannot hold a line break in Milvus expressions');
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** True for values no Milvus expression can spell (CR, LF, lone UTF-16 surrogates). */
export function unspellableInMilvus(value: string): boolean {
  return /[\r\n]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value);
}

/** Drops values that no stored row can hold (see `unspellableInMilvus`): they match nothing. */
function spellable(values: readonly string[]): string[] {
  return values.filter((v) => typeof v !== 'string' || !unspellableInMilvus(v));
}

/** `field in ["a", "b"]`, each value quoted. */
export function inList(field: string, values: readonly string[]): string {
  return `${field} in [${values.map(quoteMilvusString).join(', ')}]`;
}

/** A plain decimal literal for a finite number (no NaN, no exponent forms). */
export function numberLiteral(name: string, value: number): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(name, value, 'must be a finite number');
  // toString has no exponent for |x| in [1e-6, 1e21); outside it, toFixed keeps a plain form.
  const abs = Math.abs(value);
  return abs !== 0 && (abs < 1e-6 || abs >= 1e21) ? value.toFixed(20) : String(value);
}

/**
 * A filter no row passes. Not `false`: Milvus Lite cannot evaluate a constant filter ("result should
 * be ColumnVector"); ids are never empty (the shared record checks refuse them).
 */
export const MATCH_NOTHING = 'id == ""';

/**
 * Longest filter expression sent to Milvus, in UTF-8 bytes. The shared filter bounds (see
 * FILTER_LIMITS) keep ordinary queries far below it; a request over it is refused here, as a bad
 * query, instead of failing at the server (Milvus Lite takes gRPC messages of at most 4 MiB).
 */
export const MAX_FILTER_EXPRESSION_BYTES = 1 << 20;

/** An empty list constrains nothing, the same as an absent one (as on every backend). */
const given = (list: readonly string[] | undefined): list is readonly string[] => list !== undefined && list.length > 0;

/**
 * The plate filter as the OR of its variants (plate-match.ts platePatternVariants, equal to
 * plateMatches): exact texts as one `in` list on the normalised `plate`, wildcard ones as `like` on
 * `plate_key` (toKeyLike: `%` anywhere, and `?` as seven `_` over fixed-width symbols, because
 * Milvus Lite's `_` matches one UTF-8 byte, not one Chinese character; a prefix pattern stays a
 * prefix `like`, which an index serves). Nothing is post-filtered, so counts, pages and k are exact.
 * Patterns hold only letters, digits, Han characters, `*` and `?` (compilePlatePattern) and keys
 * only `|`, hex digits, `%` and `_`, so nothing reaches the expression unescaped. Events without a
 * plate hold '' and never match (every pattern has a symbol other than `*`).
 */
export function plateClause(pattern: string, tolerant: boolean): string {
  const variants = platePatternVariants(compilePlatePattern(pattern, tolerant));
  const exact = variants.filter((v) => !/[*?]/.test(v));
  const terms = variants.filter((v) => /[*?]/.test(v)).map((v) => `plate_key like ${quoteMilvusString(toKeyLike(v))}`);
  if (exact.length > 0) terms.unshift(inList('plate', exact));
  return terms.length === 1 ? terms[0] : terms.map((x) => `(${x})`).join(' or ');
}

const ATTRIBUTE_FILTERS = ['plate', 'vehicleTypes', 'upperColors', 'lowerColors', 'carrying', 'riding'] as const;

/**
 * Filter expressions for each given filter, to be joined with `and`. `speedFields` false (a
 * collection created before them) refuses the speed filters with E_STORE_SCHEMA; `attributeFields`
 * false the plate and attribute filters likewise.
 */
export function filterClauses(f: EventFilter = {}, speedFields = true, attributeFields = true): string[] {
  const clauses: string[] = [];
  // Events whose [firstSeen, lastSeen] overlaps [from, to] (both ends inclusive).
  if (f.from !== undefined) clauses.push(`last_wall >= ${numberLiteral('from', f.from)}`);
  if (f.to !== undefined) clauses.push(`first_wall <= ${numberLiteral('to', f.to)}`);
  const oneOf = (field: string, list: readonly string[], contains = false) => {
    const values = spellable(list).map(quoteMilvusString).join(', ');
    clauses.push(values === '' ? MATCH_NOTHING : contains ? `array_contains_any(${field}, [${values}])` : `${field} in [${values}]`);
  };
  if (given(f.cameras)) oneOf('camera', f.cameras);
  if (given(f.labels)) oneOf('label', f.labels);
  // Colour-less events are stored with color '' and never match a colour list.
  if (given(f.colors)) oneOf('color', f.colors.filter((c) => c !== ''));
  if (given(f.zones)) oneOf('zones', f.zones, true);
  if (given(f.rules)) oneOf('rules', f.rules, true);
  if (f.minDurationSeconds !== undefined) clauses.push(`duration >= ${numberLiteral('minDurationSeconds', f.minDurationSeconds)}`);
  if ((f.minSpeedPxPerSecond !== undefined || f.minSpeedMetresPerSecond !== undefined) && !speedFields) {
    throw new SharpeyeError('E_STORE_SCHEMA', 'this Milvus collection was created before the speed fields, so it cannot filter by speed; store into a new collection to use speed filters', {
      details: { filter: 'minSpeedPxPerSecond/minSpeedMetresPerSecond' },
    });
  }
  if (f.minSpeedPxPerSecond !== undefined) clauses.push(`speed_px >= ${numberLiteral('minSpeedPxPerSecond', f.minSpeedPxPerSecond)}`);
  // Uncalibrated events hold speed_m -1, below every allowed bound (>= 0).
  if (f.minSpeedMetresPerSecond !== undefined) clauses.push(`speed_m >= ${numberLiteral('minSpeedMetresPerSecond', f.minSpeedMetresPerSecond)}`);
  const asked = ATTRIBUTE_FILTERS.filter((k) => (k === 'plate' ? f.plate !== undefined : given(f[k])));
  if (asked.length > 0 && !attributeFields) {
    throw new SharpeyeError('E_STORE_SCHEMA', `this Milvus collection was created before the plate and attribute fields, so it cannot filter by ${asked.join(', ')}; store into a new collection to use them`, {
      details: { filter: asked.join('/') },
    });
  }
  if (f.plate !== undefined) clauses.push(plateClause(f.plate, f.plateTolerant === true));
  // Events without the attribute hold '' and never match a list.
  if (given(f.vehicleTypes)) oneOf('vehicle_type', f.vehicleTypes.filter((c) => c !== ''));
  if (given(f.upperColors)) oneOf('upper_color', f.upperColors.filter((c) => c !== ''));
  if (given(f.lowerColors)) oneOf('lower_color', f.lowerColors.filter((c) => c !== ''));
  if (given(f.riding)) oneOf('riding', f.riding.filter((c) => c !== ''));
  if (given(f.carrying)) oneOf('carrying', f.carrying, true);
  const bytes = clauses.reduce((n, c) => n + Buffer.byteLength(c, 'utf8') + 9, 0);
  if (bytes > MAX_FILTER_EXPRESSION_BYTES) {
    throw new SharpeyeError('E_STORE_QUERY_INVALID', `the filter makes a Milvus expression of ${bytes} bytes, more than the ${MAX_FILTER_EXPRESSION_BYTES} a query may send; use fewer or shorter filter values`, {
      details: { bytes, max: MAX_FILTER_EXPRESSION_BYTES },
    });
  }
  return clauses;
}

/** Joins clauses with `and`, each parenthesised; '' (match all) when there are none. */
export function andAll(clauses: readonly string[]): string {
  return clauses.length === 0 ? '' : clauses.map((c) => `(${c})`).join(' and ');
}

/** Keyset condition: rows strictly after (wallMs, id) in the given order of (first_wall, id). */
export function afterKey(order: 'asc' | 'desc', wallMs: number, id: string): string {
  const op = order === 'desc' ? '<' : '>';
  const w = numberLiteral('cursor', wallMs);
  return `first_wall ${op} ${w} or (first_wall == ${w} and id ${op} ${quoteMilvusString(id)})`;
}

function invalid(name: string, value: unknown, why: string): SharpeyeError {
  return new SharpeyeError('E_STORE_QUERY_INVALID', `filter ${name} ${why}, got ${String(JSON.stringify(value)).slice(0, 80)}`, {
    details: { field: name },
  });
}
