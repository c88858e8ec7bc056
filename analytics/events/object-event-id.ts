// Object event ids are derived from what the input fixes (camera, track id, first pts), never from
// a clock or a random source, so analysing the same clip twice gives the same ids and a store that
// upserts by id keeps one copy.
import { createHash } from 'node:crypto';

export function objectEventId(camera: string, trackId: number, firstPtsMs: number): string {
  return createHash('sha256').update(`${camera}\u0000${trackId}\u0000${Math.round(firstPtsMs)}`).digest('hex').slice(0, 24);
}
