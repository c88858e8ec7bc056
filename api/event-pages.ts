// Paging through ports.events.query for the export: every page of a query, in order.
import type { EventQuery, EventSearch, ObjectEvent } from '../node/index.js';

/** Rows per store page while exporting (the store's largest page). */
export const EXPORT_PAGE_SIZE = 1000;

/**
 * Every event of a query in order, at most `maxRows`, read EXPORT_PAGE_SIZE at a time; `signal`
 * stops it between pages (the client went away). `truncated()` says afterwards whether rows were left.
 */
export function eachEvent(events: EventSearch, q: Omit<EventQuery, 'limit' | 'cursor'>, maxRows: number, signal?: AbortSignal): { rows: AsyncGenerator<ObjectEvent>; truncated(): boolean } {
  let truncated = false;
  async function* rows(): AsyncGenerator<ObjectEvent> {
    let cursor: string | undefined;
    let sent = 0;
    do {
      if (signal?.aborted) return;
      const page = await events.query({ ...q, cursor, limit: EXPORT_PAGE_SIZE });
      for (const e of page.events) {
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
