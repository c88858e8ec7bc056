// The event filters as query-string parameters, shared by GET /api/events and the export:
// list filters take repeated parameters or comma-separated values (`camera=a&camera=b` or
// `camera=a,b`), times take ISO 8601 or epoch ms. The bounds match the store's (1000 values of
// at most 256 characters per list), so the store never refuses what the schema let through.
import { Type, type Static } from '@sinclair/typebox';
import { SharpeyeError } from '../../core/index.js';
import type { EventFilter } from '../../node/index.js';

const VALUES_PER_LIST = 1000;
const VALUE_LENGTH = 256;

const list = (what: string) => Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: VALUE_LENGTH * VALUES_PER_LIST }), {
  maxItems: VALUES_PER_LIST,
  description: `${what}: any of them (repeat the parameter or separate values with commas; at most ${VALUES_PER_LIST} values of at most ${VALUE_LENGTH} characters)`,
}));

const time = (what: string) => Type.Optional(Type.String({
  minLength: 1,
  maxLength: 40,
  description: `${what}, as ISO 8601 (2026-01-01T08:00:00Z) or wall-clock ms since epoch`,
}));

export const EventFilterQueryProperties = {
  camera: list('camera ids'),
  label: list('labels (car, person, ...)'),
  color: list('dominant colours (red, white, ...)'),
  zone: list('zone ids the object entered'),
  rule: list('rule ids whose alerts involved the object'),
  from: time('objects last seen at or after this'),
  to: time('objects first seen at or before this'),
  minDurationSeconds: Type.Optional(Type.Number({ minimum: 0, description: 'seen for at least this many seconds' })),
  minSpeedPxPerSecond: Type.Optional(Type.Number({ minimum: 0, description: 'mean image speed at least this (px/s)' })),
  minSpeedMetresPerSecond: Type.Optional(Type.Number({ minimum: 0, description: 'mean ground speed at least this (m/s; only objects on calibrated cameras have one)' })),
};

export const EventFilterQuerySchema = Type.Object(EventFilterQueryProperties, { additionalProperties: false });
export type EventFilterQuery = Static<typeof EventFilterQuerySchema>;

/** Speed bounds that the store cannot filter on: the API applies them to each page (see event-pages.ts). */
export interface SpeedFilter {
  readonly minSpeedPxPerSecond?: number;
  readonly minSpeedMetresPerSecond?: number;
}

/** The store filter and the API-side speed filter of a parsed query; E_API_BAD_REQUEST names a bad field. */
export function eventFilterFromQuery(q: EventFilterQuery): { filter: EventFilter; speed: SpeedFilter } {
  const filter: { -readonly [K in keyof EventFilter]: EventFilter[K] } = {};
  const lists = [['camera', 'cameras'], ['label', 'labels'], ['color', 'colors'], ['zone', 'zones'], ['rule', 'rules']] as const;
  for (const [param, key] of lists) {
    const values = splitList(param, q[param]);
    if (values !== undefined) filter[key] = values;
  }
  if (q.from !== undefined) filter.from = parseTime('from', q.from);
  if (q.to !== undefined) filter.to = parseTime('to', q.to);
  if (filter.from !== undefined && filter.to !== undefined && filter.from > filter.to) {
    throw new SharpeyeError('E_API_BAD_REQUEST', `query parameter 'from' is after 'to'; give a time range that starts before it ends`);
  }
  if (q.minDurationSeconds !== undefined) filter.minDurationSeconds = q.minDurationSeconds;
  return { filter, speed: { minSpeedPxPerSecond: q.minSpeedPxPerSecond, minSpeedMetresPerSecond: q.minSpeedMetresPerSecond } };
}

function splitList(param: string, raw: readonly string[] | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const values = raw.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  if (values.length > VALUES_PER_LIST) throw new SharpeyeError('E_API_BAD_REQUEST', `query parameter '${param}' has ${values.length} values; at most ${VALUES_PER_LIST} are taken`);
  if (values.some((v) => v.length > VALUE_LENGTH)) throw new SharpeyeError('E_API_BAD_REQUEST', `query parameter '${param}' has a value longer than ${VALUE_LENGTH} characters`);
  return values.length > 0 ? values : undefined;
}

const EPOCH_MS = /^\d{1,15}$/;
// Date-time with an explicit offset (or a bare date, which Date.parse reads as UTC midnight):
// a local time without a zone would depend on the server's time zone.
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/;

/** Epoch ms from `1767225600000` or `2026-01-01T00:00:00Z`; E_API_BAD_REQUEST otherwise. */
export function parseTime(param: string, raw: string): number {
  const value = raw.trim();
  if (EPOCH_MS.test(value)) return Number(value);
  const ms = ISO_8601.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new SharpeyeError('E_API_BAD_REQUEST', `query parameter '${param}' must be ISO 8601 with a time zone (2026-01-01T08:00:00Z) or epoch milliseconds`);
  }
  return ms;
}
