// What the rule engine hands on for each frame: alert events, line crossings and closed count
// intervals; plus the shapes of its running counters (line counts, congestion levels).
import type { AlertEvent } from '../../core/index.js';
import type { CrossingDirection, Point } from '../geometry/index.js';

export interface DirectionCounts { forward: number; backward: number }

/** One object crossing a counting line, at the frame where it was counted. */
export interface LineCrossingEvent {
  readonly ruleId: string;
  readonly line: string;
  readonly camera: string;
  readonly trackId: number;
  readonly label: string;
  readonly direction: CrossingDirection;
  readonly frameIndex: number;
  readonly ptsMs: number;
  readonly wallMs: number;
  /** Anchor of the object when counted, normalised 0..1. */
  readonly point: Point;
}

/** Crossings of one line rule in one interval `[startPtsMs, endPtsMs)` of stream time. */
export interface LineIntervalCount extends DirectionCounts {
  readonly ruleId: string;
  readonly line: string;
  readonly startPtsMs: number;
  readonly endPtsMs: number;
  /** Wall clock at `startPtsMs`, estimated from the first frame seen in the interval. */
  readonly startWallMs: number;
  readonly byLabel: Readonly<Record<string, DirectionCounts>>;
}

/** Running totals of one line rule since the engine started. */
export interface LineCounts extends DirectionCounts {
  readonly ruleId: string;
  readonly line: string;
  readonly byLabel: Readonly<Record<string, DirectionCounts>>;
  /** Closed intervals, oldest first (bounded by RuleEngineOptions.maxIntervals). */
  readonly intervals: readonly LineIntervalCount[];
  /** The interval in progress, if a frame has been seen since the last one closed. */
  readonly current?: LineIntervalCount;
}

export type CongestionLevel = 'free' | 'busy' | 'congested';

/** Level of one congestion rule at the latest frame. */
export interface CongestionStatus {
  readonly ruleId: string;
  readonly zone: string;
  readonly measure: 'count' | 'occupancy';
  readonly level: CongestionLevel;
  /** Mean of the measure over the rule's window. */
  readonly value: number;
  /** The measure at the latest frame. */
  readonly current: number;
}

/** Everything the engine found at one frame (or at flush). */
export interface RuleOutput {
  readonly frameIndex: number;
  readonly ptsMs: number;
  readonly alerts: AlertEvent[];
  readonly crossings: LineCrossingEvent[];
  /** Count intervals that closed at this frame. */
  readonly intervals: LineIntervalCount[];
}
