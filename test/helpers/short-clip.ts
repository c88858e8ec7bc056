// A short real clip for tests that need a file to end (and loop) quickly: the first seconds of a
// fixture video, stream-copied (no re-encoding: the same frames, timestamps from 0) into a temp
// folder, removed when the test process ends. Fixture clips stay where they are (see fixtures.ts).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { video } from './fixtures.js';

/**
 * Path of the first `seconds` of fixture video `name` without its audio. Use a clip whose first
 * frame is a keyframe and that has no B-frames (intersection.mp4) so the copy cuts cleanly.
 */
export function shortClip(name: string, seconds: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'sharpeye-short-clip-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const out = join(dir, `${name.replace(/\.[^.]+$/, '')}-${seconds}s.mp4`);
  execFileSync(process.env.SHARPEYE_FFMPEG ?? 'ffmpeg', ['-v', 'error', '-nostdin', '-i', video(name), '-t', String(seconds), '-c', 'copy', '-an', out]);
  return out;
}
