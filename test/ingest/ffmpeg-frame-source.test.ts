// FfmpegFrameSource on the real fixture clips: frame counts at the sampled rate, pts, sizes,
// backpressure and drop-oldest, cancellation, bad inputs, and that ffmpeg never outlives a source.
import t, { type Test } from 'tap';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FfmpegFrameSource } from '../../ingest/index.js';
import type { Frame } from '../../core/index.js';
import { video } from '../helpers/fixtures.js';
import { descendantProcesses, waitForNoDescendants } from '../helpers/processes.js';

const dir = mkdtempSync(join(tmpdir(), 'sharpeye-ingest-'));
const collect = async (source: FfmpegFrameSource) => { const frames: Frame[] = []; for await (const f of source) frames.push(f); return frames; };
const noFfmpegLeft = async (t: Test) => t.same(await waitForNoDescendants(/ffmpeg/), [], 'no ffmpeg process left');

const CLIPS = [
  { file: 'intersection.mp4', duration: 30.3, fps: 5, size: [640, 480] },
  { file: 'highway.mp4', duration: 8.933, fps: 5, size: [1280, 720] },
  { file: 'pedestrian_street.mp4', duration: 10.477, fps: 5, size: [1280, 720] },
  { file: 'parking_lot_topdown.mp4', duration: 30.16, fps: 2, size: [768, 432] },
];

for (const clip of CLIPS) {
  t.test(`${clip.file} at ${clip.fps} fps`, async (t) => {
    const frames = await collect(new FfmpegFrameSource({ url: video(clip.file), fps: clip.fps }));
    const expected = clip.duration * clip.fps;
    t.ok(Math.abs(frames.length - expected) <= 1, `${frames.length} frames ~ ${expected}`);
    t.same([frames[0].width, frames[0].height], clip.size);
    t.equal(frames[0].data.length, clip.size[0] * clip.size[1] * 3, 'packed RGB24');
    t.ok(frames.every((f, i) => f.index === i), 'indices count from 0');
    t.ok(frames.every((f, i) => i === 0 || f.ptsMs > frames[i - 1].ptsMs), 'pts strictly increasing');
    t.ok(frames.every((f, i) => Math.abs(f.ptsMs - i * (1000 / clip.fps)) <= 1000 / clip.fps / 2), 'pts on the sampling grid');
    t.equal(frames[0].sourceId, video(clip.file));
    const mean = frames[0].data.reduce((a, v) => a + v, 0) / frames[0].data.length;
    t.ok(mean > 20 && mean < 235, `real picture content (mean ${mean.toFixed(0)})`);
    await noFfmpegLeft(t);
  });
}

t.test('maxWidth scales down keeping aspect and never scales up', async (t) => {
  const small = new FfmpegFrameSource({ url: video('highway.mp4'), fps: 1, maxWidth: 640 });
  const first = (await collect(small))[0];
  t.same([first.width, first.height], [640, 360]);
  const big = new FfmpegFrameSource({ url: video('intersection.mp4'), fps: 1, maxWidth: 4000 });
  for await (const f of big) { t.same([f.width, f.height], [640, 480]); break; }
  await noFfmpegLeft(t);
});

t.test('block overflow: a slow consumer loses no frame (backpressure)', async (t) => {
  const source = new FfmpegFrameSource({ url: video('highway.mp4'), fps: 5, bufferFrames: 2 });
  let n = 0;
  for await (const f of source) {
    t.equal(f.index, n++);
    if (n % 10 === 0) await new Promise((r) => setTimeout(r, 150));
  }
  t.ok(Math.abs(n - 44.7) <= 1);
  t.equal(source.stats.framesDropped, 0);
  t.equal(source.stats.framesDecoded, n);
});

t.test('drop-oldest overflow keeps the newest frames and counts the drops', async (t) => {
  const source = new FfmpegFrameSource({ url: video('highway.mp4'), fps: 10, bufferFrames: 2, overflow: 'drop-oldest' });
  const seen: number[] = [];
  for await (const f of source) {
    seen.push(f.index);
    await new Promise((r) => setTimeout(r, 40));
  }
  t.ok(source.stats.framesDropped > 0, `${source.stats.framesDropped} dropped`);
  t.equal(seen.length + source.stats.framesDropped, source.stats.framesDecoded, 'every decoded frame was delivered or counted');
  t.equal(seen.at(-1), source.stats.framesDecoded - 1, 'the newest frame is delivered');
  t.ok(seen.every((v, i) => i === 0 || v > seen[i - 1]), 'order kept');
});

t.test('breaking out of the loop kills and reaps ffmpeg', async (t) => {
  const source = new FfmpegFrameSource({ url: video('intersection.mp4'), fps: 5 });
  for await (const f of source) if (f.index === 3) break;
  t.same(descendantProcesses(/ffmpeg/), [], 'gone as soon as the loop is left');
});

t.test('an AbortSignal stops decoding with E_INGEST_ABORTED and reaps ffmpeg', async (t) => {
  const ac = new AbortController();
  const source = new FfmpegFrameSource({ url: video('intersection.mp4'), fps: 5, signal: ac.signal });
  let n = 0;
  await t.rejects((async () => { for await (const _ of source) if (++n === 2) ac.abort(); })(), { code: 'E_INGEST_ABORTED' });
  t.ok(n >= 2 && n < 10);
  await noFfmpegLeft(t);
  await source.close(); // idempotent
});

t.test('close() from outside while the consumer waits ends the iteration', async (t) => {
  const source = new FfmpegFrameSource({ url: video('intersection.mp4'), fps: 5 });
  const done = collect(source);
  await new Promise((r) => setTimeout(r, 300));
  await source.close();
  const frames = await done;
  t.ok(frames.length < 150, `${frames.length} frames before close`);
  t.same(descendantProcesses(/ffmpeg/), []);
});

t.test('bad inputs: each its own error code and message, no ffmpeg left', async (t) => {
  const truncatedEnd = join(dir, 'truncated-moov-at-end.mp4');
  writeFileSync(truncatedEnd, readFileSync(video('intersection.mp4')).subarray(0, 200_000));
  const truncatedMid = join(dir, 'truncated-mid.mp4');
  writeFileSync(truncatedMid, readFileSync(video('pedestrian_street.mp4')).subarray(0, 1_500_000));
  const random = join(dir, 'random.mp4');
  writeFileSync(random, Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 7919 + 13) % 256)));
  const text = join(dir, 'notes.mp4');
  writeFileSync(text, 'not a video\n');

  await t.rejects(collect(new FfmpegFrameSource({ url: join(dir, 'missing.mp4') })), { code: 'E_INPUT_NOT_FOUND', message: /video file .*missing\.mp4 does not exist/ });
  await t.rejects(collect(new FfmpegFrameSource({ url: truncatedEnd })), { code: 'E_INGEST_DECODE', message: /truncated-moov-at-end\.mp4: the input is corrupt, truncated or not a video \(ffmpeg: moov atom not found\)/ });
  await t.rejects(collect(new FfmpegFrameSource({ url: random })), { code: 'E_INGEST_DECODE', message: /random\.mp4.*ffmpeg: / });
  await t.rejects(collect(new FfmpegFrameSource({ url: text })), { code: 'E_INGEST_DECODE', message: /notes\.mp4/ });
  await t.rejects(collect(new FfmpegFrameSource({ url: 'gopher://example.org/clip' })), { code: 'E_INPUT_UNSUPPORTED_URL', message: /unsupported URL scheme 'gopher:'.*rtsp:/ });
  const refused = await collect(new FfmpegFrameSource({ url: 'rtsp://admin:hunter22@127.0.0.1:9/stream' })).then(() => undefined, (e: Error & { code: string }) => e);
  t.equal(refused?.code, 'E_INGEST_UNREACHABLE');
  t.match(refused?.message, /rtsp:\/\/\*\*\*@127\.0\.0\.1:9\/stream: the stream could not be reached \(ffmpeg: .*Connection refused\)/);
  t.notMatch(refused?.message, /hunter22|admin/, 'credentials masked');
  await t.rejects(collect(new FfmpegFrameSource({ url: video('highway.mp4'), ffmpegPath: join(dir, 'no-ffmpeg-here') })), { code: 'E_INGEST_SPAWN' });

  // A file cut in the middle: the decodable frames come first, then the damage is reported.
  const partial: Frame[] = [];
  await t.rejects((async () => { for await (const f of new FfmpegFrameSource({ url: truncatedMid, fps: 5 })) partial.push(f); })(), { code: 'E_INGEST_DECODE', message: /truncated-mid\.mp4/ });
  t.ok(partial.length > 5, `${partial.length} frames delivered before the error`);
  await noFfmpegLeft(t);
});
