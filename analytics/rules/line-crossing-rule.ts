// line_crossing: counts objects crossing a directed line, per direction, per label and per
// interval. Hysteresis: an object is on a side only once its anchor is `crossingMargin` x box size
// past the line; a crossing is counted when the confirmed side flips AND the straight path from the
// last confirmed position to the new one passes through the segment. A track wobbling on the line
// never leaves the margin band, so it counts once; to count again it must go back fully. Lost and
// found tracks keep their confirmed side until the engine forgets them.
// A track's side starts from where it was first detected (`Track.firstBox`, from its tentative
// frames), not from where it was confirmed: an object confirmed only after it passed the line (a
// low-score car entering at 5 fps) is still counted, once, when its first and later positions lie
// on opposite sides with the margin.
import type { Alert, Track } from '../../core/index.js';
import { boxSize, segmentCrossing, signedDistance, type CrossingDirection, type Point, type Segment } from '../geometry/index.js';
import { AlertLifecycle, type EventTime } from './alert-lifecycle.js';
import { labelFilter, normalisedAnchor, observedNow, type RuleEvaluator, type RuleFrame } from './rule-frame.js';
import type { DirectionCounts, LineCounts, LineIntervalCount, RuleOutput } from './rule-output.js';
import type { LineCrossingRuleConfig } from './rules-schema.js';
import { inSchedule } from './schedule.js';

interface SideState { side: -1 | 1; at: Point }

const FORGOTTEN_KEPT = 1024;

interface Interval { startPtsMs: number; startWallMs: number; counts: DirectionCounts; byLabel: Map<string, DirectionCounts> }

export class LineCrossingRule implements RuleEvaluator {
  readonly id: string;
  private readonly lifecycle: AlertLifecycle;
  private readonly accepts: (label: string) => boolean;
  private readonly sides = new Map<number, SideState>();
  /** Recently forgotten tracks: if one comes back, its first position is history already judged. */
  private readonly forgotten = new Set<number>();
  private readonly total: DirectionCounts = { forward: 0, backward: 0 };
  private readonly byLabel = new Map<string, DirectionCounts>();
  private readonly closed: LineIntervalCount[] = [];
  private current: Interval | undefined;
  private readonly intervalMs: number;

  /** `line` in normalised coordinates; `maxIntervals` bounds the closed intervals kept. */
  constructor(private readonly rule: LineCrossingRuleConfig, private readonly line: Segment, private readonly timezone: string, private readonly maxIntervals: number) {
    this.id = rule.id;
    this.lifecycle = new AlertLifecycle(rule);
    this.accepts = labelFilter(rule.labels);
    this.intervalMs = rule.intervalSeconds * 1000;
  }

  update(f: RuleFrame, out: RuleOutput): void {
    this.roll(f, out);
    const scheduled = inSchedule(f.localTime(this.rule.timezone ?? this.timezone), this.rule.schedule);
    const px: Segment = [[this.line[0][0] * f.width, this.line[0][1] * f.height], [this.line[1][0] * f.width, this.line[1][1] * f.height]];
    for (const track of f.tracks) {
      if (!observedNow(track) || !this.accepts(track.label)) continue;
      if (!this.sides.has(track.id) && !this.forgotten.has(track.id)) this.startSide(track, f, px);
      const anchor = normalisedAnchor(track, this.rule.anchor, f.width, f.height);
      const anchorPx: Point = [anchor[0] * f.width, anchor[1] * f.height];
      const d = signedDistance(anchorPx, px);
      if (Math.abs(d) <= this.rule.crossingMargin * boxSize(track.box)) continue; // in the band: undecided
      const side: -1 | 1 = d < 0 ? -1 : 1;
      const prev = this.sides.get(track.id);
      this.sides.set(track.id, { side, at: anchor });
      if (!prev || prev.side === side) continue;
      const fromPx: Point = [prev.at[0] * f.width, prev.at[1] * f.height];
      const direction = segmentCrossing(fromPx, anchorPx, px);
      if (direction && scheduled) this.count(f, track.id, track.label, direction, anchor, out);
    }
  }

  /** The side of the track's first detection, when it was clear of the margin band. */
  private startSide(track: Track, f: RuleFrame, px: Segment): void {
    if (!track.firstBox) return;
    const first: Track = { ...track, box: track.firstBox };
    const anchor = normalisedAnchor(first, this.rule.anchor, f.width, f.height);
    const d = signedDistance([anchor[0] * f.width, anchor[1] * f.height], px);
    if (Math.abs(d) <= this.rule.crossingMargin * boxSize(track.firstBox)) return;
    this.sides.set(track.id, { side: d < 0 ? -1 : 1, at: anchor });
  }

  forget(trackId: number, lastSeen: EventTime, at: EventTime, out: RuleOutput): void {
    this.sides.delete(trackId);
    this.forgotten.add(trackId);
    if (this.forgotten.size > FORGOTTEN_KEPT) this.forgotten.delete(this.forgotten.values().next().value!);
    for (const dir of ['forward', 'backward']) this.lifecycle.end(`${trackId}:${dir}`, lastSeen, at, out.alerts);
  }

  flush(at: EventTime, out: RuleOutput): void {
    this.lifecycle.endAll(at, out.alerts);
    this.sides.clear();
    this.forgotten.clear();
    if (this.current) out.intervals.push(this.close(this.current));
    this.current = undefined;
  }

  openAlerts(): Alert[] { return this.lifecycle.openAlerts(); }

  counts(): LineCounts {
    return {
      ruleId: this.rule.id, line: this.rule.line, ...this.total, byLabel: fromMap(this.byLabel),
      intervals: [...this.closed], ...(this.current ? { current: this.snapshot(this.current) } : {}),
    };
  }

  private count(f: RuleFrame, trackId: number, label: string, direction: CrossingDirection, point: Point, out: RuleOutput): void {
    this.total[direction]++;
    bump(this.byLabel, label)[direction]++;
    const cur = this.current!;
    cur.counts[direction]++;
    bump(cur.byLabel, label)[direction]++;
    out.crossings.push(Object.freeze({ ruleId: this.rule.id, line: this.rule.line, camera: f.camera, trackId, label, direction, frameIndex: f.frameIndex, ptsMs: f.ptsMs, wallMs: f.wallMs, point }));
    const alertOn = this.rule.alertOn;
    if (alertOn === 'both' || alertOn === direction) {
      this.lifecycle.instant(`${trackId}:${direction}`, f, { objects: [trackId], labels: [label], details: { direction }, revision: '' }, out.alerts);
    }
  }

  /** Starts the interval this frame falls in, closing the previous one. */
  private roll(f: RuleFrame, out: RuleOutput): void {
    const start = Math.floor(f.ptsMs / this.intervalMs) * this.intervalMs;
    if (this.current?.startPtsMs === start) return;
    if (this.current) {
      const done = this.close(this.current);
      out.intervals.push(done);
    }
    this.current = { startPtsMs: start, startWallMs: f.wallMs - (f.ptsMs - start), counts: { forward: 0, backward: 0 }, byLabel: new Map() };
  }

  private close(i: Interval): LineIntervalCount {
    const done = this.snapshot(i);
    this.closed.push(done);
    if (this.closed.length > this.maxIntervals) this.closed.splice(0, this.closed.length - this.maxIntervals);
    return done;
  }

  private snapshot(i: Interval): LineIntervalCount {
    return Object.freeze({
      ruleId: this.rule.id, line: this.rule.line, startPtsMs: i.startPtsMs, endPtsMs: i.startPtsMs + this.intervalMs,
      startWallMs: i.startWallMs, ...i.counts, byLabel: fromMap(i.byLabel),
    });
  }
}

function bump(map: Map<string, DirectionCounts>, label: string): DirectionCounts {
  let c = map.get(label);
  if (!c) map.set(label, (c = { forward: 0, backward: 0 }));
  return c;
}

const fromMap = (map: Map<string, DirectionCounts>): Record<string, DirectionCounts> =>
  Object.fromEntries([...map].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, { ...v }]));
