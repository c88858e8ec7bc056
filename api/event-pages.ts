// Paging through ports.events.query for the API: one page for GET /api/events, and every page for
// the export. Both stores now filter on speed themselves (EventFilter.minSpeed*, which
// eventFilterFromQuery fills), so the speed check here only runs for a SpeedFilter a caller still
// passes: it is applied page by page without breaking the store's opaque cursors (each store page
// asked for is at most the rows still wanted and is consumed whole, so its nextCursor stays right).
import type { EventPage, EventQuery, EventSearch, ObjectEvent } from '../node/index.js';
import type { SpeedFilter } from './schemas/event-filter-query.js';

/** Store pages read at most for one API page under a speed bound; past it the page comes back short, with a cursor to go on. */
export const SPEED_SCAN_PAGES = 20;
/** Rows per store page while exporting (the store's largest page). */
export const EXPORT_PAGE_SIZE = 1000;

const hasSpeed = (s: SpeedFilter): boolean => s.minSpeedPxPerSecond !== undefined || s.minSpeedMetresPerSecond !== undefined;

/** Whether an event meets the speed bounds; an event without a ground speed never meets a ground-speed bound. */
export function meetsSpeed(e: ObjectEvent, s: SpeedFilter): boolean {
  if (s.minSpeedPxPerSecond !== undefined && !(e.speedPxPerSecond >= s.minSpeedPxPerSecond)) return false;
  if (s.minSpeedMetresPerSecond !== undefined && !(e.speedMetresPerSecond !== undefined && e.speedMetresPerSecond >= s.minSpeedMetresPerSecond)) return false;
  return true;
}

/**
 * One page of events. Without a speed bound this is ports.events.query. With one, store pages are
 * read until `limit` events pass or SPEED_SCAN_PAGES pages were read; a page may then hold fewer
 * than `limit` events (even none) with a non-null nextCursor: page on until nextCursor is null.
 */
export async function queryEventPage(events: EventSearch, q: EventQuery & { limit: number }, speed: SpeedFilter): Promise<EventPage> {
  if (!hasSpeed(speed)) return events.query(q);
  const found: ObjectEvent[] = [];
  let cursor = q.cursor;
  for (let read = 0; read < SPEED_SCAN_PAGES; read++) {
    const page = await events.query({ ...q, cursor, limit: q.limit - found.length });
    found.push(...page.events.filter((e) => meetsSpeed(e, speed)));
    cursor = page.nextCursor ?? undefined;
    if (page.nextCursor === null || found.length >= q.limit) return { events: found, nextCursor: page.nextCursor };
  }
  return { events: found, nextCursor: cursor ?? null };
}

/**
 * Every event of a query in order, at most `maxRows`, read EXPORT_PAGE_SIZE at a time; `signal`
 * stops it between pages (the client went away). `truncated()` says afterwards whether rows were left.
 */
export function eachEvent(events: EventSearch, q: Omit<EventQuery, 'limit' | 'cursor'>, speed: SpeedFilter, maxRows: number, signal?: AbortSignal): { rows: AsyncGenerator<ObjectEvent>; truncated(): boolean } {
  let truncated = false;
  async function* rows(): AsyncGenerator<ObjectEvent> {
    let cursor: string | undefined;
    let sent = 0;
    do {
      if (signal?.aborted) return;
      const page = await events.query({ ...q, cursor, limit: EXPORT_PAGE_SIZE });
      for (const e of page.events) {
        if (!meetsSpeed(e, speed)) continue;
        if (sent === maxRows) {
          truncated = true;
          return;
        }
        sent++;
        yield e;
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
  }
  return { rows: rows(), truncated: () => truncated };
}
