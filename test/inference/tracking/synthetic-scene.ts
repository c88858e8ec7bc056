// Builders for synthetic tracking inputs: detections along straight paths, with jitter, gaps and
// score changes, and a runner that records which track id covered each object on each frame.
import type { Box, Detection, Track } from '../../../core/index.js';
import type { ByteTracker } from '../../../inference/tracking/index.js';

const CLASS_IDS: Record<string, number> = { person: 0, bicycle: 1, car: 2, motorcycle: 3, bus: 5, truck: 7 };

export function det(label: string, score: number, box: Box): Detection {
  return { label, classId: CLASS_IDS[label] ?? 99, score, box };
}

/** An object moving on a straight line: centre at `from` at t=0 and `velocity` px/s after. */
export interface PathObject {
  name: string;
  label: string;
  from: [number, number];
  velocity: [number, number];
  size: [number, number];
  /** Score at time t (ms); undefined = not detected at that time. */
  score: (tMs: number) => number | undefined;
}

export function boxAt(o: PathObject, tMs: number, jitter = 0, rand: () => number = Math.random): Box {
  const j = () => (jitter ? (rand() * 2 - 1) * jitter : 0);
  const cx = o.from[0] + (o.velocity[0] * tMs) / 1000 + j(), cy = o.from[1] + (o.velocity[1] * tMs) / 1000 + j();
  const w = o.size[0] + j(), h = o.size[1] + j();
  return [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2];
}

export interface SceneRun {
  /** Per object name, the id of the track whose box matched that object's detection, per frame. */
  idsOf: Map<string, number[]>;
  /** Every Track returned, per frame. */
  frames: Track[][];
  /** Tracks reported removed, with the pts of the step that removed them. */
  removed: Array<{ ptsMs: number; track: Track }>;
}

/** Feeds `objects` to `tracker` at the given pts and records which id matched each object. */
export function runScene(tracker: ByteTracker, objects: PathObject[], pts: number[], opts: { jitter?: number; rand?: () => number } = {}): SceneRun {
  const run: SceneRun = { idsOf: new Map(objects.map((o) => [o.name, []])), frames: [], removed: [] };
  for (const ptsMs of pts) {
    const present: Array<{ o: PathObject; d: Detection }> = [];
    for (const o of objects) {
      const score = o.score(ptsMs);
      if (score !== undefined) present.push({ o, d: det(o.label, score, boxAt(o, ptsMs, opts.jitter, opts.rand)) });
    }
    const tracks = tracker.update(present.map((p) => p.d), ptsMs);
    run.frames.push(tracks);
    for (const track of tracker.removed) run.removed.push({ ptsMs, track });
    for (const { o, d } of present) {
      // A matched track reports the detection's own box.
      const t = tracks.find((x) => x.timeSinceUpdate === 0 && x.box.every((v, k) => v === d.box[k]));
      if (t) run.idsOf.get(o.name)!.push(t.id);
    }
  }
  return run;
}

export const distinct = (ids: number[]): number[] => [...new Set(ids)];
export const framesAt = (fps: number, seconds: number, startMs = 0): number[] => Array.from({ length: Math.round(fps * seconds) }, (_, i) => startMs + Math.round((i * 1000) / fps));
export const always = (score: number) => (): number => score;
