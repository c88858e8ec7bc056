// TrafficLog: the node's TrafficStats. Every line crossing (camera, line, direction, label, wall
// time) and every change of a congestion rule's level is logged (a table beside a SQLite store,
// else a memory ring: see record-log.ts); `traffic()` folds the crossings of a time range into
// fixed buckets per line, by direction and label, and lists the congestion changes in the range.
import { SharpeyeError } from '../core/index.js';
import type { CongestionStatus, LineCrossingEvent } from '../analytics/index.js';
import type { TrafficBucket, TrafficQuery, TrafficSeries, TrafficStats } from './ports.js';
import type { RecordLog } from './record-log.js';

/** What one logged traffic record holds (`kind` is also key2 of the row). */
export type TrafficRecord =
  | { kind: 'crossing'; direction: 'forward' | 'backward'; label: string; ruleId: string }
  | { kind: 'congestion'; ruleId: string; zone: string; level: string };

/** At most this many buckets per line in one answer (a year of hours is 8760). */
export const MAX_TRAFFIC_BUCKETS = 10_000;

export class TrafficLog implements TrafficStats {
  /** Last logged congestion level per camera and rule, so only changes are logged. */
  readonly #levels = new Map<string, string>();

  constructor(private readonly log: RecordLog<TrafficRecord>) {}

  recordCrossing(c: LineCrossingEvent): void {
    this.log.append(c.wallMs, c.camera, c.line, 'crossing', { kind: 'crossing', direction: c.direction as 'forward' | 'backward', label: c.label, ruleId: c.ruleId });
  }

  /** Logs the levels that changed since the last call for this camera (the first non-'free' level too). */
  recordCongestion(camera: string, wallMs: number, status: readonly CongestionStatus[]): void {
    for (const s of status) {
      const key = `${camera}\u0000${s.ruleId}`;
      if ((this.#levels.get(key) ?? 'free') === s.level) continue;
      this.#levels.set(key, s.level);
      this.log.append(wallMs, camera, s.zone, 'congestion', { kind: 'congestion', ruleId: s.ruleId, zone: s.zone, level: s.level });
    }
  }

  /** Buckets start at multiples of the interval since the epoch (UTC); E_STORE_QUERY_INVALID for a bad range or interval. */
  async traffic(q: TrafficQuery): Promise<TrafficSeries> {
    const intervalMs = q.intervalSeconds * 1000;
    if (!Number.isInteger(q.intervalSeconds) || q.intervalSeconds < 60 || q.intervalSeconds > 86_400) throw invalid(`interval must be a whole number of seconds in 60..86400, got ${q.intervalSeconds}`);
    if (!Number.isFinite(q.from) || !Number.isFinite(q.to) || q.to < q.from) throw invalid('from and to must be times with from <= to');
    const first = Math.floor(q.from / intervalMs) * intervalMs;
    const count = Math.floor(q.to / intervalMs) - first / intervalMs + 1;
    if (count > MAX_TRAFFIC_BUCKETS) throw invalid(`the range holds ${count} intervals; at most ${MAX_TRAFFIC_BUCKETS} per query (widen the interval)`);
    const rows = this.log.query({ cameras: [q.camera], key1: q.line === undefined ? undefined : [q.line], key2: ['crossing'], from: q.from, to: q.to, order: 'asc' });
    const byLine = new Map<string, TrafficBucket[]>();
    const lines = q.line === undefined ? [...new Set(rows.map((r) => r.key1))].sort() : [q.line];
    for (const line of lines) byLine.set(line, Array.from({ length: count }, (_, i) => ({ startMs: first + i * intervalMs, line, forward: 0, backward: 0, byLabel: {} })));
    for (const r of rows) {
      const rec = r.record as Extract<TrafficRecord, { kind: 'crossing' }>;
      const bucket = byLine.get(r.key1)![Math.floor((r.wallMs - first) / intervalMs)] as { forward: number; backward: number; byLabel: Record<string, { forward: number; backward: number }> };
      bucket[rec.direction]++;
      (bucket.byLabel[rec.label] ??= { forward: 0, backward: 0 })[rec.direction]++;
    }
    const congestion = this.log.query({ cameras: [q.camera], key2: ['congestion'], from: q.from, to: q.to, order: 'asc' }).map((r) => {
      const rec = r.record as Extract<TrafficRecord, { kind: 'congestion' }>;
      return { atMs: r.wallMs, ruleId: rec.ruleId, zone: rec.zone, level: rec.level };
    });
    return { camera: q.camera, intervalSeconds: q.intervalSeconds, buckets: [...byLine.values()].flat(), congestion };
  }
}

function invalid(why: string): SharpeyeError {
  return new SharpeyeError('E_STORE_QUERY_INVALID', `traffic query: ${why}`);
}
