// Short camera-like clips made from a still image at test time: the picture sits on a grey
// 1280x720 frame (so the vehicle's box never touches the frame edge), the view zooms in slowly
// (1.0 to ~1.16) and pans, with a mild blur, sensor noise and low-quality H.264 on top. Written to
// a temp folder that goes when the test process ends; nothing is committed.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { REPO_ROOT } from './fixtures.js';

let dir: string | undefined;

export interface PlateClipOptions {
  /** Picture height in the 720 px frame. @defaultValue 560 */
  height?: number;
  /** Where the picture sits across the frame (100 px from the side when not centred). @defaultValue 'centre' */
  align?: 'left' | 'centre' | 'right';
}

/** Makes a `seconds`-long 10 fps clip of image `path` (see the header for what it looks like); resolves with its path. */
export async function plateClip(path: string, seconds = 4, o: PlateClipOptions = {}): Promise<string> {
  if (!dir) {
    const made = mkdtempSync(join(tmpdir(), 'sharpeye-plate-clip-'));
    process.once('exit', () => rmSync(made, { recursive: true, force: true }));
    dir = made;
  }
  const align = o.align ?? 'centre';
  const out = join(dir, `${basename(path).replace(/\.[^.]+$/, '')}-${seconds}s-${o.height ?? 560}-${align}.mp4`);
  const x = align === 'centre' ? '(ow-iw)/2' : align === 'left' ? '100' : 'ow-iw-100';
  const filter = [
    `scale=-2:${o.height ?? 560}`, `pad=1280:720:${x}:(oh-ih)/2:color=0x707070`,
    "zoompan=z='1+0.004*on':x='iw/2-iw/zoom/2+2*on':y='ih/2-ih/zoom/2':d=1:s=1280x720:fps=10",
    'gblur=sigma=0.7', 'noise=alls=5:allf=t',
  ].join(',');
  await promisify(execFile)(process.env.SHARPEYE_FFMPEG ?? 'ffmpeg', [
    '-v', 'error', '-nostdin', '-y', '-loop', '1', '-framerate', '10', '-t', String(seconds), '-i', path,
    '-vf', filter, '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '30', '-pix_fmt', 'yuv420p', '-g', '10', out,
  ]);
  return out;
}

/** One plate of test/fixtures-truth/plates.tsv (read by eye); `text` '-' means no readable plate. */
export interface PlateTruth { file: string; text: string; kind?: string; colour: string | null; layers?: 1 | 2; recogniser?: string }

export function plateTruth(): PlateTruth[] {
  return readFileSync(join(REPO_ROOT, 'test', 'fixtures-truth', 'plates.tsv'), 'utf8').split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => {
      const [file, text, kind, colour, layers, recogniser] = l.split('\t');
      return { file, text, kind, colour: colour === '-' || colour === undefined ? null : colour, layers: layers === undefined ? undefined : Number(layers) as 1 | 2, recogniser };
    });
}
