// Retention: events whose last sighting is older than the horizon go, then their snapshots. The
// store goes first so a crash in between leaves orphan files (harmless) rather than dangling keys.
import { SharpeyeError } from '../core/index.js';
import type { BlobStore } from './blob-store.js';
import type { EventStore } from './event-store.js';

export interface RetentionOptions {
  /** Keep events whose lastSeen.wallMs is within this many ms of `nowMs`. */
  readonly maxAgeMs: number;
  /** The clock, passed in (no Date.now() inside) so schedules and tests decide what "now" is. */
  readonly nowMs: number;
}

export interface RetentionResult {
  readonly events: number;
  /** Events whose blobs were deleted (both crop and thumbnail, missing ones included). */
  readonly blobs: number;
  readonly ids: string[];
}

export async function applyRetention(store: EventStore, blobs: BlobStore | undefined, o: RetentionOptions): Promise<RetentionResult> {
  if (!Number.isFinite(o.maxAgeMs) || o.maxAgeMs < 0 || !Number.isFinite(o.nowMs)) {
    throw new SharpeyeError('E_CONFIG_INVALID', `retention needs maxAgeMs >= 0 and a finite nowMs, got ${o.maxAgeMs} and ${o.nowMs}`, { details: { ...o } });
  }
  const ids = await store.deleteOlderThan(o.nowMs - o.maxAgeMs);
  let removed = 0;
  if (blobs) {
    for (const id of ids) {
      await blobs.deleteEvent(id);
      removed++;
    }
  }
  return { events: ids.length, blobs: removed, ids };
}
