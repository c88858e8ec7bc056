// Generates "pixel bombs" for resource tests: files of a few hundred KB that declare pictures of
// hundreds of megapixels. Made in a temp folder by the test that uses them; never committed.
import { execFileSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

/** A flat grey `side` x `side` PNG (16000 gives 256 MP in about 775 KB); libvips writes it in strips. */
export async function pngBomb(dir: string, side = 16000, name = `bomb-${side}.png`): Promise<string> {
  const path = join(dir, name);
  await sharp({ create: { width: side, height: side, channels: 3, background: { r: 128, g: 128, b: 128 } } }).png({ compressionLevel: 9 }).toFile(path);
  return path;
}

/** `count` copies of `path` in `dir` (named copy-1.png ...). */
export function copies(path: string, dir: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const to = join(dir, `copy-${i + 1}-${path.split('/').at(-1)}`);
    copyFileSync(path, to);
    return to;
  });
}

/** A video of `frames` frames that are each the PNG at `png`, muxed without decoding (Matroska, PNG codec). */
export function pngVideo(png: string, dir: string, frames = 2): string {
  const path = join(dir, 'bomb-video.mkv');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-framerate', '5', '-loop', '1', '-i', png, '-frames:v', String(frames), '-c:v', 'copy', path]);
  return path;
}

/** A flat grey H.264 clip of `width` x `height` (the size is in its stream header). Encoding costs ~0.6 GB at 48 MP. */
export function h264Clip(dir: string, width: number, height: number, frames = 2): string {
  const path = join(dir, `flat-${width}x${height}.mp4`);
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-threads', '1', '-filter_threads', '1', '-f', 'lavfi', '-i', `color=c=gray:s=${width}x${height}:r=5,format=yuv420p`,
    '-frames:v', String(frames), '-threads', '1', '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-crf', '51', path]);
  return path;
}
