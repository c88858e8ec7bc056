// Paging shared by every EventStore backend: the opaque keyset cursor over (firstSeen.wallMs, id) and
// the checks on page sizes, so that a cursor and a bad `limit` mean the same thing on SQLite and Milvus.
import { SharpeyeError } from '../core/index.js';

export type EventOrder = 'asc' | 'desc';

/** Where a page ended: the sort key of its last event and the direction it was read in. */
export interface EventCursor {
  readonly wallMs: number;
  readonly id: string;
  readonly order: EventOrder;
}

const CURSOR_VERSION = 1;

export function encodeEventCursor(c: EventCursor): string {
  return Buffer.from(JSON.stringify([CURSOR_VERSION, c.order, c.wallMs, c.id]), 'utf8').toString('base64url');
}

/** Decodes a cursor from `nextCursor`; anything else (or one read in the other order) fails with E_STORE_QUERY_INVALID. */
export function decodeEventCursor(cursor: string, order: EventOrder): EventCursor {
  let parsed: unknown;
  try {
    parsed = /^[A-Za-z0-9_-]+$/.test(cursor) ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 4 || parsed[0] !== CURSOR_VERSION
    || (parsed[1] !== 'asc' && parsed[1] !== 'desc') || !Number.isFinite(parsed[2]) || typeof parsed[3] !== 'string') {
    throw new SharpeyeError('E_STORE_QUERY_INVALID', 'query cursor is not one this store returned; pass back a page\'s nextCursor unchanged', { details: { cursor } });
  }
  if (parsed[1] !== order) {
    throw new SharpeyeError('E_STORE_QUERY_INVALID', `query cursor was made for order '${parsed[1]}' but the query asks for '${order}'; keep the order while paging`, { details: { cursor, order } });
  }
  return { order, wallMs: parsed[2] as number, id: parsed[3] as string };
}

/** Checks an optional count (`limit`, `k`) against its schema's limits (QUERY_LIMITS); returns the default when absent. E_STORE_QUERY_INVALID otherwise. */
export function checkCount(name: string, value: number | undefined, limits: { readonly default?: number; readonly minimum?: number; readonly maximum?: number }): number {
  const { default: defaultValue = 1, minimum: min = 1, maximum: max = Number.MAX_SAFE_INTEGER } = limits;
  if (value === undefined) return defaultValue;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new SharpeyeError('E_STORE_QUERY_INVALID', `${name} must be an integer from ${min} to ${max}, got ${String(value)}`, { details: { [name]: value } });
  }
  return value;
}

export function checkOrder(order: unknown): EventOrder {
  if (order === undefined) return 'desc';
  if (order !== 'asc' && order !== 'desc') {
    throw new SharpeyeError('E_STORE_QUERY_INVALID', `order must be 'asc' or 'desc', got ${String(order)}`, { details: { order } });
  }
  return order;
}
