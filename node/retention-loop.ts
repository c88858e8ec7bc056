// Scheduled retention: deletes object events (and their snapshots) older than store.retentionHours,
// once at start and then every retentionCheckSeconds. Runs never overlap.
import { toSharpeyeError, type SharpeyeError } from '../core/index.js';
import { applyRetention, type BlobStore, type EventStore, type RetentionResult } from '../indexer/index.js';

export interface RetentionLoopOptions {
  maxAgeHours: number;
  checkSeconds: number;
  /** Each run that deleted something. */
  onDeleted: (r: RetentionResult) => void;
  onError: (err: SharpeyeError) => void;
}

/** Starts the loop; `stop()` clears the timer and waits for a run in progress. */
export function startRetentionLoop(store: EventStore, blobs: BlobStore, o: RetentionLoopOptions): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = running.then(async () => {
      const r = await applyRetention(store, blobs, { maxAgeMs: o.maxAgeHours * 3_600_000, nowMs: Date.now() });
      if (r.events > 0) o.onDeleted(r);
    }).catch((err) => o.onError(toSharpeyeError(err, 'E_STORE_IO')));
  };
  run();
  const timer = setInterval(run, o.checkSeconds * 1000);
  timer.unref();
  return { stop: async () => { clearInterval(timer); await running; } };
}
