// A camera for scheduler tests: hands out the same picture as a fresh frame whenever asked (a busy
// live stream), optionally only after `wakeAfter` empty answers or only once. And the loop that
// runs a scheduler until it has produced `frames` detections.
import { EventEmitter } from 'node:events';
import type { Frame, FrameDetections, RgbImage } from '../../core/index.js';
import type { CameraScheduler } from '../../worker/index.js';

export interface ScriptedCameraOptions {
  /** takeLatest answers undefined this many times first (a camera that starts late). @defaultValue 0 */
  wakeAfter?: number;
  /** Only one frame in all (a camera that goes quiet). @defaultValue false */
  once?: boolean;
}

export class ScriptedCamera extends EventEmitter<{ frame: [Frame] }> {
  /** Frames handed out. */
  taken = 0;
  /** takeLatest calls, answered or not. */
  calls = 0;
  constructor(readonly id: string, private readonly picture: RgbImage, private readonly o: ScriptedCameraOptions = {}) { super(); }
  takeLatest(): Frame | undefined {
    if (this.calls++ < (this.o.wakeAfter ?? 0)) return undefined;
    if (this.o.once && this.taken > 0) return undefined;
    return { ...this.picture, sourceId: this.id, index: this.taken, ptsMs: this.taken++ * 200, receivedAtMs: Date.now() };
  }
}

/** Starts `scheduler`, collects its detections until there are `frames`, then stops it. */
export async function runUntil(scheduler: CameraScheduler, frames: number): Promise<FrameDetections[]> {
  const results: FrameDetections[] = [];
  await new Promise<void>((resolve) => {
    scheduler.on('detections', (r) => { results.push(r); if (results.length === frames) resolve(); });
    scheduler.start();
  });
  await scheduler.stop();
  return results;
}
