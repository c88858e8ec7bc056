// Reads a frame source into an array (up to `max` frames), for tests of decoders.
import type { Frame, FrameSource } from '../../core/index.js';

export async function collectFrames(source: FrameSource, max = Infinity): Promise<Frame[]> {
  const frames: Frame[] = [];
  for await (const f of source) {
    frames.push(f);
    if (frames.length >= max) break;
  }
  return frames;
}
