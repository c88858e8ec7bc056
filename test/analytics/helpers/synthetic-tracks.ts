// Synthetic FrameTracks for rule tests: boxes placed by their bottom-centre anchor in normalised
// coordinates of a 1000 x 500 frame, and fixed clocks (pts from 0, wall clock from a fixed epoch).
import type { Box, FrameTracks, Track } from '../../../core/index.js';

export const W = 1000, H = 500;
/** 2024-01-01T00:00:00Z, a Monday. */
export const MONDAY_UTC = Date.UTC(2024, 0, 1);

export interface TrackSpec {
  id: number;
  label?: string;
  /** Bottom-centre anchor, normalised. */
  at: [number, number];
  /** Box size in pixels. @defaultValue [40, 80] */
  size?: [number, number];
  state?: Track['state'];
  timeSinceUpdate?: number;
}

export function box(at: [number, number], size: [number, number] = [40, 80]): Box {
  const x = at[0] * W, y = at[1] * H;
  return [x - size[0] / 2, y - size[1], x + size[0] / 2, y];
}

export function track(s: TrackSpec): Track {
  return {
    id: s.id, label: s.label ?? 'person', classId: 0, box: box(s.at, s.size), score: 0.9,
    state: s.state ?? 'confirmed', hits: 10, timeSinceUpdate: s.timeSinceUpdate ?? 0,
    firstPtsMs: 0, lastPtsMs: 0, velocity: [0, 0],
  };
}

export function frame(ptsMs: number, specs: TrackSpec[], opts: { wallStartMs?: number; sourceId?: string; index?: number } = {}): FrameTracks {
  return {
    sourceId: opts.sourceId ?? 'cam1', frameIndex: opts.index ?? Math.round(ptsMs / 100), ptsMs,
    wallMs: (opts.wallStartMs ?? MONDAY_UTC) + ptsMs, width: W, height: H, tracks: specs.map(track),
  };
}

/** Frames every `stepMs` from `fromMs` to `toMs` inclusive, with tracks from `at(pts)`. */
export function* frames(fromMs: number, toMs: number, stepMs: number, at: (ptsMs: number) => TrackSpec[], opts: { wallStartMs?: number } = {}): Generator<FrameTracks> {
  for (let pts = fromMs; pts <= toMs; pts += stepMs) yield frame(pts, at(pts), opts);
}
