// The node's own AlertSource (node/alert-log.ts AlertLog over an in-memory record log) for every
// API test harness (api-ports.ts, api-live-ports.ts), with the names the tests use: `publish`
// stands for the node's rule engine, `bus.stats` for the live readers; and a maker of alert events.
import type { AlertEvent } from '../../core/index.js';
import type { AlertRecord } from '../../node/index.js';
import { AlertLog } from '../../node/alert-log.js';
import { MemoryRecordLog } from '../../node/record-log.js';

export class InMemoryAlertSource extends AlertLog {
  /**
   * @param logCapacity records kept for list and replay; the oldest go first.
   * @param onPublish told of every published record (e.g. to count it in a metric).
   */
  constructor(logCapacity = 10_000, private readonly onPublish?: (record: AlertRecord) => void) {
    super(new MemoryRecordLog<AlertEvent>(logCapacity));
  }

  /** Logs `event` with the next seq and hands it to every live stream (what the node's rules do). */
  publish(event: AlertEvent): AlertRecord {
    const record = this.record(event);
    this.onPublish?.(record);
    return record;
  }

  /** The live readers' bus counters (streams open, events dropped), current whenever `stats` is read. */
  get bus(): { readonly stats: AlertLog['busStats'] } {
    const log = this;
    return { get stats() { return log.busStats; } };
  }
}

let made = 0;

/** A plausible alert event; `camera`, `type`, `ruleId`, `wallMs` and `details` pinned as a test needs. */
export function makeAlertEvent(o: { camera?: string; type?: AlertEvent['alert']['type']; ruleId?: string; wallMs?: number; details?: Record<string, number | string | boolean> } = {}): AlertEvent {
  const n = ++made;
  const wallMs = o.wallMs ?? 1767225600000 + n * 1000;
  const camera = o.camera ?? 'cam-gate';
  const ruleId = o.ruleId ?? 'r-intrusion';
  return {
    kind: 'started', frameIndex: n, ptsMs: n * 40, wallMs,
    alert: {
      id: `${ruleId}:${camera}:${n * 40}:${n}`, ruleId, type: o.type ?? 'zone_intrusion', severity: 'warning', camera,
      startedPtsMs: n * 40, startedWallMs: wallMs, objects: [n], labels: ['person'], zone: 'z-north', details: o.details ?? { count: 1 },
    },
  };
}
