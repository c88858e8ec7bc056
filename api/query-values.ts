// Query-string values of the live routes, read the way the event routes read theirs: lists as
// repeated parameters or comma-separated (`camera=a&camera=b`, `camera=a,b`), times as ISO 8601
// with a zone or epoch ms. Bounds match the store's filter limits (1000 values of 256 characters).
import { Type } from '@sinclair/typebox';
import { SharpeyeError } from '../core/index.js';

export const VALUES_PER_LIST = 1000;
export const VALUE_LENGTH = 256;

/** A list parameter's schema (an array: a single value is coerced to one). */
export const listParam = (what: string) => Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: VALUE_LENGTH * VALUES_PER_LIST }), {
  maxItems: VALUES_PER_LIST,
  description: `${what}: any of them (repeat the parameter or separate values with commas; at most ${VALUES_PER_LIST} values of at most ${VALUE_LENGTH} characters)`,
}));

/** A time parameter's schema. */
export const timeParam = (what: string) => Type.Optional(Type.String({
  minLength: 1, maxLength: 40, description: `${what}, as ISO 8601 (2026-01-01T08:00:00Z) or wall-clock ms since epoch`,
}));

/** The values of a list parameter, commas split; E_API_BAD_REQUEST past the bounds. */
export function splitList(param: string, raw: readonly string[] | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const values = raw.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  if (values.length > VALUES_PER_LIST) throw new SharpeyeError('E_API_BAD_REQUEST', `query parameter '${param}' has ${values.length} values; at most ${VALUES_PER_LIST} are taken`);
  if (values.some((v) => v.length > VALUE_LENGTH)) throw new SharpeyeError('E_API_BAD_REQUEST', `query parameter '${param}' has a value longer than ${VALUE_LENGTH} characters`);
  return values.length > 0 ? values : undefined;
}

const EPOCH_MS = /^\d{1,15}$/;
// A date-time needs its zone: a local time would depend on the server's time zone.
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
export function parseRange(q: { from?: string; to?: string }): { from?: number; to?: number } {
  const from = q.from === undefined ? undefined : parseTime('from', q.from);
  const to = q.to === undefined ? undefined : parseTime('to', q.to);
  if (from !== undefined && to !== undefined && from > to) {
    throw new SharpeyeError('E_API_BAD_REQUEST', "query parameter 'from' is after 'to'; give a time range that starts before it ends");
  }
  return { from, to };
}
