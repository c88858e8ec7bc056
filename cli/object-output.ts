// What `analyze --rules/--track` writes besides frames: object events (with their snapshots saved
// as JPEG files), alerts and line counts, and the closing summary (text or one JSON object).
import { join } from 'node:path';
import { makeDirsSync, SharpeyeError, type AlertEvent, type ObjectEvent } from '../core/index.js';
import type { ObjectEventOutput, LineCounts, LineCrossingEvent } from '../analytics/index.js';
import { FsBlobStore } from '../indexer/index.js';
import { saveSnapshots, type ObjectAnalyticsOutput } from '../worker/index.js';

export interface AnalyticsSummary {
  counts: Record<string, { forward: number; backward: number; byLabel: Record<string, { forward: number; backward: number }> }>;
  objects: Record<string, number>;
  alerts: Record<string, number>;
}

export class ObjectOutput {
  readonly #objects: Record<string, number> = {};
  readonly #alerts: Record<string, number> = {};
  readonly #blobs: FsBlobStore | undefined;

  /**
   * `snapshotDir`: where best-view crops and frame thumbnails of ended objects are written;
   * `onAlert`: every alert event as it is written (e.g. to publish it on the alert bus).
   */
  constructor(private readonly write: (line: Record<string, unknown>) => Promise<void>, private readonly snapshotDir?: string,
    private readonly onAlert?: (a: AlertEvent) => void,
    /** Indexes object records into an event store (embedding, snapshots as blobs) and returns them as stored. */
    private readonly index?: (objects: readonly ObjectEventOutput[]) => Promise<ObjectEvent[]>) {
    if (snapshotDir) makeSnapshotDir(snapshotDir); // an unwritable folder fails before any decoding
    this.#blobs = snapshotDir ? new FsBlobStore(snapshotDir) : undefined;
  }

  async emit(r: Omit<ObjectAnalyticsOutput, 'frame'>): Promise<void> {
    for (const c of r.crossings) await this.write(crossingLine(c));
    for (const a of r.alerts) {
      if (a.kind === 'started') this.#alerts[a.alert.ruleId] = (this.#alerts[a.alert.ruleId] ?? 0) + 1;
      await this.write(alertLine(a));
      this.onAlert?.(a);
    }
    const stored = this.index ? await this.index(r.objects) : undefined;
    for (let i = 0; i < r.objects.length; i++) {
      const o = r.objects[i];
      if (o.event.final) this.#objects[o.event.label] = (this.#objects[o.event.label] ?? 0) + 1;
      await this.write({ type: 'object', ...(stored ? stored[i] : await this.#withSnapshots(o)) });
    }
    for (const i of r.intervals) await this.write({ type: 'count', rule: i.ruleId, line: i.line, fromPts: i.startPtsMs / 1000, toPts: i.endPtsMs / 1000, forward: i.forward, backward: i.backward, byLabel: i.byLabel });
  }

  summary(counts: readonly LineCounts[]): AnalyticsSummary {
    const byLine: AnalyticsSummary['counts'] = {};
    // One figure per line: the first counting rule on it (a second rule on the same line would
    // count the same crossings again under other label filters).
    for (const c of counts) byLine[c.line] ??= { forward: c.forward, backward: c.backward, byLabel: structuredClone(c.byLabel) as AnalyticsSummary['counts'][string]['byLabel'] };
    return { counts: byLine, objects: { ...this.#objects }, alerts: { ...this.#alerts } };
  }

  async #withSnapshots(o: ObjectEventOutput): Promise<ObjectEvent> {
    const { event, snapshot } = o;
    if (!this.#blobs || !snapshot || !event.final) return event;
    const keys = await saveSnapshots(this.#blobs, event.id, snapshot);
    // Without a store the record names the files themselves.
    return { ...event, snapshot: join(this.snapshotDir!, keys.snapshot), thumbnail: join(this.snapshotDir!, keys.thumbnail) };
  }
}

function alertLine(a: AlertEvent): Record<string, unknown> {
  const { type: ruleType, ...alert } = a.alert;
  return { type: 'alert', event: a.kind, frame: a.frameIndex, pts: a.ptsMs / 1000, ruleType, ...alert };
}

function crossingLine(c: LineCrossingEvent): Record<string, unknown> {
  return { type: 'crossing', rule: c.ruleId, line: c.line, camera: c.camera, trackId: c.trackId, label: c.label, direction: c.direction, frame: c.frameIndex, pts: c.ptsMs / 1000 };
}

/** Makes the snapshots folder or throws E_CONFIG_INVALID naming it and why (never spins: see core/make-dirs.ts). */
function makeSnapshotDir(dir: string): void {
  try {
    makeDirsSync(dir);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new SharpeyeError('E_CONFIG_INVALID', `--snapshots ${dir}: cannot create the folder (${e.code ?? e.message}); choose a writable folder`, { cause: err, details: { path: dir } });
  }
}
