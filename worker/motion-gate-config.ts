// Turns a camera's `motion` config into the frame gate the scheduler consults (seconds -> ms,
// config names -> MotionGate options); undefined when gating is off.
import { MotionGate } from '../ingest/index.js';
import type { FrameGate } from './camera-scheduler.js';
import type { MotionConfig } from './serve-config.js';

export function motionGateFor(c: MotionConfig): FrameGate | undefined {
  if (!c.enabled) return undefined;
  return new MotionGate({
    pixelThreshold: c.pixelThreshold,
    minChangedFraction: c.minChangedFraction,
    ignore: c.ignore.map((poly) => poly.map(([x, y]) => [x, y] as [number, number])),
    holdMs: c.holdSeconds * 1000,
    maxSkipMs: c.maxSkipSeconds * 1000,
  });
}
