// What tracking and rules produce besides frames, as typed output lines: object events (indexed
// into a store, or with their snapshots saved as JPEG files), alerts, line crossings and interval
// counts, plus the closing summary. `analyze` writes these lines as JSON; `serve` does too today.
import { join } from 'node:path';
import { makeDirsSync, SharpeyeError, type AlertEvent, type AlertRuleType, type ObjectEvent } from '../core/index.js';
import type { CrossingDirection, DirectionCounts, LineCounts, LineCrossingEvent, ObjectEventOutput } from '../analytics/index.js';
import { FsBlobStore } from '../indexer/index.js';
import { saveSnapshots, type ObjectAnalyticsOutput, type PlatedObjectOutput } from '../worker/index.js';
import { withPlateFile } from './result-sink.js';

type Plain<T> = { -readonly [K in keyof T]: T[K] };

/** One object record (see core ObjectEvent); `snapshot`/`thumbnail` are blob keys with a store, file paths without. */
export type ObjectLine = { type: 'object' } & Plain<ObjectEvent>;

/** An alert started, updated or ended; the alert's fields, its rule type as `ruleType`, pts in seconds. */
export type AlertLine = {
  type: 'alert'; event: AlertEvent['kind']; frame: number; pts: number; ruleType: AlertRuleType;
} & Plain<Omit<AlertEvent['alert'], 'type'>>;

/** An object crossed a counting line; pts in seconds. */
export type CrossingLine = {
  type: 'crossing'; rule: string; line: string; camera: string; trackId: number; label: string; direction: CrossingDirection; frame: number; pts: number;
};

/** A line's counts for a closed interval [fromPts, toPts) of stream time (seconds). */
export type CountLine = {
  type: 'count'; rule: string; line: string; fromPts: number; toPts: number; forward: number; backward: number; byLabel: Readonly<Record<string, DirectionCounts>>;
};

export type AnalyticsLine = ObjectLine | AlertLine | CrossingLine | CountLine;

export interface AnalyticsSummary {
  /** Per line id: the totals of the first counting rule on it. */
  counts: Record<string, { forward: number; backward: number; byLabel: Record<string, { forward: number; backward: number }> }>;
  /** Final object records per label. */
  objects: Record<string, number>;
  /** Alerts started per rule id. */
  alerts: Record<string, number>;
}

export class ObjectOutput {
  readonly #objects: Record<string, number> = {};
  readonly #alerts: Record<string, number> = {};
  readonly #blobs: FsBlobStore | undefined;

  /**
   * `write` gets every line in order (awaited). `snapshotDir`: where best-view crops and frame
   * thumbnails of ended objects go when there is no store (made now: an unwritable folder throws
   * E_CONFIG_INVALID before any decoding, naming `snapshotDirName`); `onAlert`: every alert event
   * as it is written; `index`: indexes object records into an event store and returns them as stored.
   */
  constructor(private readonly write: (line: AnalyticsLine) => Promise<void>, private readonly snapshotDir?: string,
    private readonly onAlert?: (a: AlertEvent) => void,
    private readonly index?: (objects: readonly ObjectEventOutput[]) => Promise<ObjectEvent[]>,
    snapshotDirName = '--snapshots') {
    if (snapshotDir) makeSnapshotDir(snapshotDir, snapshotDirName);
    this.#blobs = snapshotDir ? new FsBlobStore(snapshotDir) : undefined;
  }

  /** Writes one frame's analytics: crossings, alerts, objects (indexed or with snapshots saved), then closed counts. */
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

  async #withSnapshots(o: PlatedObjectOutput): Promise<ObjectEvent> {
    const { snapshot } = o;
    if (!this.#blobs || !o.event.final) return o.event;
    // Without a store the record names the files themselves.
    const event = await withPlateFile({ blobs: this.#blobs, dir: this.snapshotDir! }, o);
    if (!snapshot) return event;
    const keys = await saveSnapshots(this.#blobs, event.id, snapshot);
    return { ...event, snapshot: join(this.snapshotDir!, keys.snapshot), thumbnail: join(this.snapshotDir!, keys.thumbnail) };
  }
}

function alertLine(a: AlertEvent): AlertLine {
  const { type: ruleType, ...alert } = a.alert;
  return { type: 'alert', event: a.kind, frame: a.frameIndex, pts: a.ptsMs / 1000, ruleType, ...alert };
}

function crossingLine(c: LineCrossingEvent): CrossingLine {
  return { type: 'crossing', rule: c.ruleId, line: c.line, camera: c.camera, trackId: c.trackId, label: c.label, direction: c.direction, frame: c.frameIndex, pts: c.ptsMs / 1000 };
}

/** Makes the snapshots folder or throws E_CONFIG_INVALID naming it and why (never spins: see core/make-dirs.ts). */
function makeSnapshotDir(dir: string, name: string): void {
  try {
    makeDirsSync(dir);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new SharpeyeError('E_CONFIG_INVALID', `${name} ${dir}: cannot create the folder (${e.code ?? e.message}); choose a writable folder`, { cause: err, details: { path: dir } });
  }
}
