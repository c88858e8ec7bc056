// The event filters as query-string parameters, shared by GET /api/events, the export and (as body
// fields) POST /api/search/similar; the list and time readers are shared by every route:
// list filters take repeated parameters or comma-separated values (`camera=a&camera=b` or
// `camera=a,b`), times take ISO 8601 or epoch ms. The bounds match the store's (1000 values of
// at most 256 characters per list), so the store never refuses what the schema let through.
import { Type, type Static } from '@sinclair/typebox';
import { SharpeyeError } from '../../core/index.js';
import type { EventFilter } from '../../node/index.js';

/** Values per list parameter and characters per value: the store's filter bounds. */
export const VALUES_PER_LIST = 1000;
export const VALUE_LENGTH = 256;

/** A list parameter's schema (an array: a single value is coerced to one); split with `splitList`. */
export const listParam = (what: string) => Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: VALUE_LENGTH * VALUES_PER_LIST }), {
  maxItems: VALUES_PER_LIST,
  description: `${what}: any of them (repeat the parameter or separate values with commas; at most ${VALUES_PER_LIST} values of at most ${VALUE_LENGTH} characters)`,
}));

/** A time parameter's schema; read with `parseTime`. */
export const timeParam = (what: string) => Type.Optional(Type.String({
  minLength: 1,
  maxLength: 40,
  description: `${what}, as ISO 8601 (2026-01-01T08:00:00Z) or wall-clock ms since epoch`,
}));

/** Longest `plate` value, characters (the store allows 32 symbols after removing separators). */
export const PLATE_PARAM_LENGTH = 64;

export const EventFilterQueryProperties = {
  camera: listParam('camera ids'),
  label: listParam('labels (car, person, ...)'),
  color: listParam('dominant colours (red, white, ...)'),
  zone: listParam('zone ids the object entered'),
  rule: listParam('rule ids whose alerts involved the object'),
  from: timeParam('objects last seen at or after this'),
  to: timeParam('objects first seen at or before this'),
  minDurationSeconds: Type.Optional(Type.Number({ minimum: 0, description: 'seen for at least this many seconds' })),
  minSpeedPxPerSecond: Type.Optional(Type.Number({ minimum: 0, description: 'mean image speed at least this (px/s)' })),
  minSpeedMetresPerSecond: Type.Optional(Type.Number({ minimum: 0, description: 'mean ground speed at least this (m/s; only objects on calibrated cameras have one)' })),
  plate: Type.Optional(Type.String({
    minLength: 1,
    maxLength: PLATE_PARAM_LENGTH,
    description: 'plate text, exact (皖K66666) or a pattern with * (any run of symbols) and ? (one symbol): 皖K*, ?786POJ. '
      + 'Latin letters match in any case; separators (space, ·, -) are ignored. Letters, digits, Chinese characters, * and ? only, '
      + 'at most 32 symbols and not only *; anything else is a 400 with code E_STORE_PLATE_PATTERN',
  })),
  plateTolerant: Type.Optional(Type.Boolean({ description: 'with plate: also match plates one OCR confusion away (0/D/Q, 8/B, 1/7/I, 2/Z, 5/S, 6/G); two never match' })),
  vehicleType: listParam('vehicle types (car, suv_van, bus, light_goods, heavy_goods, motorcycle, bicycle)'),
  upperColor: listParam('people by upper-body clothing colour (red, white, ...)'),
  lowerColor: listParam('people by lower-body clothing colour'),
  carrying: listParam('people carrying one of these (handbag, backpack, suitcase)'),
  riding: listParam('people riding one of these (bicycle, motorcycle)'),
};

export const EventFilterQuerySchema = Type.Object(EventFilterQueryProperties, { additionalProperties: false });
export type EventFilterQuery = Static<typeof EventFilterQuerySchema>;

/**
 * The store filter of a parsed query (speed bounds included); E_API_BAD_REQUEST names a bad
 * field, as a `part` ('query parameter', or 'body field' for the search body).
 */
export function eventFilterFromQuery(q: EventFilterQuery, part = 'query parameter'): EventFilter {
  const filter: { -readonly [K in keyof EventFilter]: EventFilter[K] } = {};
  const lists = [
    ['camera', 'cameras'], ['label', 'labels'], ['color', 'colors'], ['zone', 'zones'], ['rule', 'rules'],
    ['vehicleType', 'vehicleTypes'], ['upperColor', 'upperColors'], ['lowerColor', 'lowerColors'], ['carrying', 'carrying'], ['riding', 'riding'],
  ] as const;
  for (const [param, key] of lists) {
    const values = splitList(param, q[param], part);
    if (values !== undefined) filter[key] = values;
  }
  const { from, to } = parseRange(q, part);
  if (from !== undefined) filter.from = from;
  if (to !== undefined) filter.to = to;
  if (q.minDurationSeconds !== undefined) filter.minDurationSeconds = q.minDurationSeconds;
  // The stores filter on speed like on every other field: pages are full, similar search returns k hits.
  if (q.minSpeedPxPerSecond !== undefined) filter.minSpeedPxPerSecond = q.minSpeedPxPerSecond;
  if (q.minSpeedMetresPerSecond !== undefined) filter.minSpeedMetresPerSecond = q.minSpeedMetresPerSecond;
  // The store checks the pattern itself (E_STORE_PLATE_PATTERN, a 400): one definition of it.
  if (q.plate !== undefined) filter.plate = q.plate;
  if (q.plateTolerant === true) {
    if (q.plate === undefined) throw new SharpeyeError('E_API_BAD_REQUEST', `${part} 'plateTolerant' needs 'plate': give the plate to match`);
    filter.plateTolerant = true;
  }
  return filter;
}

/** The values of a list parameter, commas split; undefined when none; E_API_BAD_REQUEST past the bounds. */
export function splitList(param: string, raw: readonly string[] | undefined, part = 'query parameter'): string[] | undefined {
  if (raw === undefined) return undefined;
  const values = raw.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  if (values.length > VALUES_PER_LIST) throw new SharpeyeError('E_API_BAD_REQUEST', `${part} '${param}' has ${values.length} values; at most ${VALUES_PER_LIST} are taken`);
  if (values.some((v) => v.length > VALUE_LENGTH)) throw new SharpeyeError('E_API_BAD_REQUEST', `${part} '${param}' has a value longer than ${VALUE_LENGTH} characters`);
  return values.length > 0 ? values : undefined;
}

const EPOCH_MS = /^\d{1,15}$/;
// Date-time with an explicit offset (or a bare date, which Date.parse reads as UTC midnight):
// a local time without a zone would depend on the server's time zone.
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/;

/** Epoch ms from `1767225600000` or `2026-01-01T00:00:00Z`; E_API_BAD_REQUEST otherwise. */
export function parseTime(param: string, raw: string, part = 'query parameter'): number {
  const value = raw.trim();
  if (EPOCH_MS.test(value)) return Number(value);
  const ms = ISO_8601.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new SharpeyeError('E_API_BAD_REQUEST', `${part} '${param}' must be ISO 8601 with a time zone (2026-01-01T08:00:00Z) or epoch milliseconds`);
  }
  return ms;
}

/** Both ends of a time range when given; E_API_BAD_REQUEST when `from` is after `to`. */
export function parseRange(q: { from?: string; to?: string }, part = 'query parameter'): { from?: number; to?: number } {
  const from = q.from === undefined ? undefined : parseTime('from', q.from, part);
  const to = q.to === undefined ? undefined : parseTime('to', q.to, part);
  if (from !== undefined && to !== undefined && from > to) {
    throw new SharpeyeError('E_API_BAD_REQUEST', `${part} 'from' is after 'to'; give a time range that starts before it ends`);
  }
  return { from, to };
}
