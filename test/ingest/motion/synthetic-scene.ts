// Synthetic RGB frames for the motion tests: a textured static background, solid blocks drawn on
// it, deterministic noise and brightness offsets. Each call returns a fresh frame.
import type { Frame } from '../../../core/index.js';
import { seededRandom as prng } from '../../helpers/seeded-random.js';
export { prng };

export interface Block { x: number; y: number; w: number; h: number; gray: number }

export interface SceneOptions {
  width?: number;
  height?: number;
  blocks?: Block[];
  /** Added to every channel (clamped). */
  brightness?: number;
  /** Uniform noise in [-amplitude, amplitude] per channel value, from `seed`. */
  noise?: { amplitude: number; seed: number };
  ptsMs?: number;
  receivedAtMs?: number;
  index?: number;
}

/** Background texture: smooth gradients and a soft grid, mid-gray, so differencing has edges to see. */
const backdrop = (x: number, y: number, width: number, height: number) =>
  60 + (80 * x) / width + (40 * y) / height + (((x >> 5) + (y >> 5)) % 2) * 20;


export function scene(o: SceneOptions = {}): Frame {
  const width = o.width ?? 640, height = o.height ?? 480;
  const data = new Uint8Array(width * height * 3);
  const rnd = o.noise ? prng(o.noise.seed) : undefined;
  const amp = o.noise?.amplitude ?? 0;
  const brightness = o.brightness ?? 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const block = o.blocks?.find((b) => x >= b.x && x < b.x + b.w && y >= b.y && y < b.y + b.h);
      const base = (block ? block.gray : backdrop(x, y, width, height)) + brightness;
      for (let c = 0; c < 3; c++) {
        const v = rnd ? base + Math.round((rnd() * 2 - 1) * amp) : base;
        data[(y * width + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(v)));
      }
    }
  }
  const ptsMs = o.ptsMs ?? 0;
  return { sourceId: 'synthetic', index: o.index ?? 0, ptsMs, receivedAtMs: o.receivedAtMs ?? 1_700_000_000_000 + ptsMs, width, height, data };
}
