// Hostile URLs and file names, run through BOTH decoders (ffmpeg and GStreamer) against a real RTSP
// camera and a real local HTTP server. Each input is either refused before any decoder starts
// (E_CONFIG_INVALID, E_INPUT_UNSUPPORTED_URL, or E_INPUT_NOT_FOUND for a path that names no file)
// or opens exactly the one stream it names; playlists, redirects and sniffed formats that point
// elsewhere get nothing from there. Canaries: every local file an input points at is a FIFO, which
// the test polls for a reader (a decoder opening it is seen at once, even if it reads nothing), a
// data: URI carries a red 48x32 clip whose frames must never appear, and no file may appear in the
// run's folder (the issue's exploit wrote one with filesink).
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { closeSync, constants, copyFileSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Frame, FrameSource } from '../../core/index.js';
import { FfmpegFrameSource, GstFrameSource } from '../../ingest/index.js';
import { waitForNoDescendants } from '../helpers/processes.js';
import { startRtspServer } from '../helpers/rtsp-server.js';

const root = mkdtempSync(join(tmpdir(), 'sharpeye-hostile-'));
const canaries = join(root, 'canaries');
const files = join(root, 'files');
mkdirSync(canaries);
mkdirSync(files);
t.teardown(() => rmSync(root, { recursive: true, force: true }));

function ffmpeg(...args: string[]): void {
  const r = spawnSync('ffmpeg', ['-v', 'error', '-y', ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ffmpeg ${args.join(' ')}: ${r.stderr}`);
}
// The one legitimate clip (96x64) and segment; the red 48x32 canary clip that must never be decoded.
const clip = join(root, 'clip.mp4');
const segment = join(root, 'seg.ts');
const red = join(root, 'red.ts');
ffmpeg('-f', 'lavfi', '-i', 'testsrc2=s=96x64:r=10:d=1', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', clip);
ffmpeg('-i', clip, '-c', 'copy', '-f', 'mpegts', segment);
ffmpeg('-f', 'lavfi', '-i', 'color=c=red:s=48x32:r=10:d=1', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-f', 'mpegts', red);
const redDataUri = `data:video/mp2t;base64,${readFileSync(red).toString('base64')}`;

/** A FIFO per case (named .ts so extension filters do not hide it): opening it for reading is what we catch. */
const fifos: string[] = [];
function canary(name: string): string {
  const path = join(canaries, `${name}.ts`);
  if (spawnSync('mkfifo', [path]).status !== 0) throw new Error(`mkfifo ${path} failed`);
  fifos.push(path);
  return path;
}
const opened = new Set<string>();
/** A writer can open a FIFO without blocking only while some process has it open for reading. */
function pollCanaries(): void {
  for (const fifo of fifos) {
    try {
      closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
      opened.add(fifo);
    } catch {
      // ENXIO: nobody is reading it
    }
  }
}

/** Routes of the local HTTP server; `c` names the case's canary FIFO. */
function route(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  const c = join(canaries, `${url.searchParams.get('c') ?? 'none'}.ts`);
  const playlist = (...entries: string[]) => `#EXTM3U\n#EXT-X-TARGETDURATION:1\n${entries.join('\n')}\n#EXT-X-ENDLIST\n`;
  const segmentEntry = (uri: string) => `#EXTINF:1.0,\n${uri}`;
  const m3u8: Record<string, string> = {
    '/ok.m3u8': playlist(segmentEntry('seg.ts')),
    '/hls-file.m3u8': playlist(segmentEntry(pathToFileURL(c).href)),
    '/hls-path.m3u8': playlist(segmentEntry(c)),
    '/hls-data.m3u8': playlist(segmentEntry(redDataUri)),
    '/hls-concat.m3u8': playlist(segmentEntry(`concat:${c}|${c}`)),
    '/hls-subfile.m3u8': playlist(segmentEntry(`subfile,,start,0,end,1000,,:${c}`)),
    '/hls-crypto.m3u8': playlist(segmentEntry(`crypto+file://${c}`)),
    '/hls-pipe.m3u8': playlist(segmentEntry('pipe:0')),
    '/hls-mixed.m3u8': playlist(segmentEntry('seg.ts'), segmentEntry(pathToFileURL(c).href)),
    '/hls-key.m3u8': playlist(`#EXT-X-KEY:METHOD=AES-128,URI="${pathToFileURL(c).href}"`, segmentEntry('seg.ts')),
    '/hls-variant.m3u8': `#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=100000\n${pathToFileURL(c).href}\n`,
    '/hls-rtsp.m3u8': playlist(segmentEntry(url.searchParams.get('rtsp') ?? 'rtsp://127.0.0.1:1/x')),
  };
  if (m3u8[url.pathname]) {
    res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl' }).end(m3u8[url.pathname]);
  } else if (url.pathname === '/seg.ts' || url.pathname === '/clip.mp4') {
    res.writeHead(200, { 'content-type': url.pathname.endsWith('.ts') ? 'video/mp2t' : 'video/mp4' }).end(readFileSync(url.pathname === '/seg.ts' ? segment : clip));
  } else if (url.pathname === '/redirect-file') {
    res.writeHead(302, { location: pathToFileURL(c).href }).end();
  } else if (url.pathname === '/redirect-data') {
    res.writeHead(302, { location: redDataUri }).end();
  } else if (url.pathname === '/ffconcat') {
    // A body that ffmpeg would sniff as a concat list naming a local file.
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(`ffconcat version 1.0\nfile '${c}'\n`);
  } else {
    res.writeHead(404).end();
  }
}

type Expect =
  | 'refused' // error before any frame: E_CONFIG_INVALID, E_INPUT_UNSUPPORTED_URL or E_INPUT_NOT_FOUND
  | 'camera' // the RTSP test pattern (320x240), not the uniformly grey second mount
  | 'clip' // the 96x64 clip
  | 'contained'; // may fail with any code or play the clip, but nothing from anywhere else

interface Case { input: string; expect: Expect }

const REFUSED = ['E_CONFIG_INVALID', 'E_INPUT_UNSUPPORTED_URL', 'E_INPUT_NOT_FOUND'];

async function run(make: () => FrameSource): Promise<{ frames: Frame[]; error?: Error & { code?: string } }> {
  const frames: Frame[] = [];
  try {
    for await (const f of make()) {
      frames.push(f);
      if (frames.length >= 2) break;
    }
    return { frames };
  } catch (error) {
    return { frames, error: error as Error & { code?: string } };
  }
}

/** Share of samples at the grey (0x70) of the second mount: ~1 there, ~0 on the moving pattern. */
function greyShare(frame: Frame): number {
  let near = 0, n = 0;
  for (let i = 0; i < frame.data.length; i += 7, n++) if (Math.abs(frame.data[i] - 0x70) <= 6) near++;
  return near / n;
}

t.test('hostile URLs and file names through both decoders', async (t) => {
  const camera = await startRtspServer({ mounts: { cam: 'pattern', cam2: 'still' } });
  t.teardown(() => camera.stop());
  const http = createServer(route);
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  t.teardown(() => http.close());
  const H = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
  const R = `rtsp://127.0.0.1:${camera.port}`;
  const copy = join(root, 'copy');

  const cases: Case[] = [];
  const add = (expect: Expect, input: (c: string, name: string) => string) => {
    const name = `c${cases.length}`;
    cases.push({ input: input(canary(name), name), expect });
  };
  // Pipeline and list grammar: quotes, !, whitespace, line breaks, shell and URL specials.
  add('refused', (c) => `${R}/cam?x=" ! fakesink filesrc location=${c} ! filesink location=${copy} rtspsrc location="${R}/cam2`);
  add('refused', (c) => `${R}/cam?x="!filesrc location=${c}`);
  add('refused', (c) => `${R}/cam ! filesrc location=${c} ! filesink location=${copy}`);
  add('refused', (c) => `${R}/cam\n! filesrc location=${c}`);
  add('refused', (c) => `${R}/cam'\nfile '${c}`);
  add('refused', (c) => `${R}/cam\r\nfile ${c}`);
  add('refused', () => `${R}/ca\tm`);
  add('refused', () => `${R}/cam\u0000x`);
  add('refused', () => `${R}/cam#frag`);
  add('refused', () => `${R}/cam\\..\\cam2`);
  add('refused', (c) => `${R}/cam|${c}`);
  add('refused', () => `${R}/cam{a,b}`);
  add('refused', () => `${R}/cam\u202e2mac`);
  add('refused', () => `rtsp://us"er:pw@127.0.0.1:${camera.port}/cam`);
  add('refused', () => ` ${R}/cam`);
  // Other protocols and protocol look-alikes given as the input itself.
  add('refused', (c) => `concat:${c}|${c}`);
  add('refused', (c) => `subfile,,start,0,end,1000,,:${c}`);
  add('refused', (c) => `file:${c}`);
  add('refused', () => 'pipe:0');
  add('refused', () => redDataUri.slice(0, 200));
  add('refused', (c) => `gopher://127.0.0.1/${c}`);
  add('refused', () => '-i');
  // Legal URLs full of characters the old pipeline grammar read as structure: the camera, only.
  add('camera', (c) => `${R}/cam?x=%22%20!%20fakesink%20filesrc%20location%3D${encodeURIComponent(c)}`);
  add('camera', () => `${R}/cam?a=1,b=(2)!c=d;e`);
  add('camera', () => `RTSP://127.0.0.1:${camera.port}/cam`);
  add('camera', () => `${R}/cam?file=%2Fetc%2Fpasswd&x=%0Afile%20%27%2Fetc%2Fpasswd%27`);
  // HTTP: the clip, and playlists, redirects and sniffed lists that point anywhere else.
  add('clip', () => `HTTP://127.0.0.1:${new URL(H).port}/clip.mp4`);
  add('clip', () => `${H}/ok.m3u8`);
  for (const path of ['hls-file.m3u8', 'hls-path.m3u8', 'hls-data.m3u8', 'hls-concat.m3u8', 'hls-subfile.m3u8', 'hls-crypto.m3u8', 'hls-pipe.m3u8',
    'hls-mixed.m3u8', 'hls-key.m3u8', 'hls-variant.m3u8', 'redirect-file', 'redirect-data', 'ffconcat']) {
    add('contained', (_c, name) => `${H}/${path}?c=${name}`);
  }
  add('contained', (_c, name) => `${H}/hls-rtsp.m3u8?c=${name}&rtsp=${encodeURIComponent(`${R}/cam2`)}`);
  // Local file names: each is a copy of the clip and must open exactly that file.
  for (const name of ['-i', '--help', '-', 'concat:a.mp4|b.mp4', 'subfile,,start,0,end,10,,:x.mp4', 'file:x.mp4', 'pipe:0', 'data:,x',
    'a b.mp4', 'a"b.mp4', "x' ! filesink location=copy.mp4", '#%23%.mp4', 'a!b=c,d(e).mp4', 'ünï cödé.mp4']) {
    copyFileSync(clip, join(files, name));
    add('clip', () => join(files, name));
  }
  add('clip', () => pathToFileURL(join(files, 'a b.mp4')).href.replace(/^file:/, 'FILE:'));
  // Local files whose content points elsewhere: a playlist and a concat list naming the canary.
  add('contained', (c, name) => { writeFileSync(join(files, `${name}-playlist.mp4`), `#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1.0,\n${pathToFileURL(c).href}\n#EXT-X-ENDLIST\n`); return join(files, `${name}-playlist.mp4`); });
  add('contained', (c, name) => { writeFileSync(join(files, `${name}-list.mp4`), `ffconcat version 1.0\nfile '${c}'\n`); return join(files, `${name}-list.mp4`); });
  add('refused', () => join(files, 'line\nbreak.mp4'));

  const before = readdirSync(root, { recursive: true }).map(String).sort();
  const poller = setInterval(pollCanaries, 10);
  t.teardown(() => clearInterval(poller));
  const decoders: Array<[string, (url: string) => FrameSource]> = [
    ['ffmpeg', (url) => new FfmpegFrameSource({ url, ioTimeoutMs: 3000, signal: AbortSignal.timeout(30_000) })],
    ['gstreamer', (url) => new GstFrameSource({ url, ioTimeoutMs: 3000, signal: AbortSignal.timeout(30_000) })],
  ];
  const jobs = cases.flatMap((c) => decoders.map(([decoder, make]) => ({ c, decoder, make })));
  const outcomes: Array<{ c: Case; decoder: string; frames: Frame[]; error?: Error & { code?: string } }> = [];
  // Three at a time: the machine is small and shared; refusals cost nothing, the rest ~1 s each.
  const queue = [...jobs];
  await Promise.all([0, 1, 2].map(async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      const { c, decoder, make } = job;
      outcomes.push({ c, decoder, ...(await run(() => make(c.input))) });
    }
  }));
  pollCanaries();

  t.ok(cases.length >= 30, `${cases.length} hostile inputs, ${jobs.length} decoder runs`);
  for (const { c, decoder, frames, error } of outcomes) {
    const label = `${decoder} ${c.expect}: ${JSON.stringify(c.input.length > 120 ? `${c.input.slice(0, 120)}...` : c.input)}`;
    const sizes = [...new Set(frames.map((f) => `${f.width}x${f.height}`))].join(',');
    const said = error ? `${error.code}: ${error.message.slice(0, 200)}` : `frames ${sizes}`;
    if (c.expect === 'refused') {
      t.ok(error && REFUSED.includes(String(error.code)) && frames.length === 0, `${label} -> ${said}`);
    } else if (c.expect === 'camera') {
      const grey = frames[1] ? greyShare(frames[1]) : 1;
      t.ok(!error && frames.length === 2 && sizes === '320x240' && grey < 0.5, `${label} -> ${said}, grey share ${grey.toFixed(2)}`);
    } else if (c.expect === 'clip') {
      t.ok(!error && frames.length >= 1 && sizes === '96x64', `${label} -> ${said}`);
    } else {
      t.ok(frames.every((f) => f.width === 96 && f.height === 64), `${label} -> ${said}`);
    }
  }
  t.same([...opened].sort(), [], 'no decoder opened any canary file');
  const after = readdirSync(root, { recursive: true }).map(String).sort();
  t.same(after.filter((p) => !before.includes(p)), [], 'no file was written in the run folder');
  t.same(await waitForNoDescendants(/ffmpeg|sharpeye-gst-launch/, 5000), [], 'every decoder reaped');
});
