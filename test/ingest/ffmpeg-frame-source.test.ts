// FfmpegFrameSource on the real fixture clips: frame counts at the sampled rate, pts, sizes,
// backpressure and drop-oldest, and that ffmpeg never outlives a source however it ends.
import t, { type Test } from 'tap';
import { FfmpegFrameSource } from '../../ingest/index.js';
import type { Frame } from '../../core/index.js';
import { video } from '../helpers/fixtures.js';
import { waitForNoDescendants } from '../helpers/processes.js';

const collect = async (source: FfmpegFrameSource) => { const frames: Frame[] = []; for await (const f of source) frames.push(f); return frames; };
const noFfmpegLeft = async (t: Test) => t.same(await waitForNoDescendants(/ffmpeg/), [], 'no ffmpeg process left');
/** Waits (without a deadline of its own; tap's timeout is the limit) until `check` holds. */
const until = async (check: () => boolean) => { while (!check()) await new Promise((r) => setTimeout(r, 10)); };

// sourceFps from the videos MANIFEST: all four clips are constant-rate with pts from 0.
const CLIPS = [
  { file: 'intersection.mp4', duration: 30.3, fps: 5, sourceFps: 30, size: [640, 480] },
  { file: 'highway.mp4', duration: 8.933, fps: 5, sourceFps: 30, size: [1280, 720] },
  { file: 'pedestrian_street.mp4', duration: 10.477, fps: 5, sourceFps: 30000 / 1001, size: [1280, 720] },
  { file: 'parking_lot_topdown.mp4', duration: 30.16, fps: 5, sourceFps: 12.5, size: [768, 432] },
  { file: 'parking_lot_topdown.mp4', duration: 30.16, fps: 2, sourceFps: 12.5, size: [768, 432] },
];

/**
 * Sampling keeps real source frames: each pts sits on the source's own frame grid, and is the
 * first source frame at or after its sampling slot (index / fps). This used to assert pts ==
 * index / fps exactly, which only held because ffmpeg's fps filter rewrote timestamps onto that grid.
 */
function checkTimeline(t: Test, frames: Frame[], expected: number, fps: number, sourceFps: number) {
  const interval = 1000 / fps, sourceInterval = 1000 / sourceFps;
  t.ok(Math.abs(frames.length - expected) <= 1, `${frames.length} frames, expected ${expected.toFixed(1)} +- 1`);
  t.ok(frames.every((f, i) => f.index === i), 'indices count from 0');
  t.ok(frames.every((f, i) => i === 0 || f.ptsMs > frames[i - 1].ptsMs), 'pts strictly increasing');
  const notSource = frames.filter((f) => Math.abs(f.ptsMs / sourceInterval - Math.round(f.ptsMs / sourceInterval)) > 0.01);
  t.same(notSource.map((f) => [f.index, f.ptsMs]), [], `every pts is a source frame's (multiple of ${sourceInterval.toFixed(2)} ms)`);
  const offSlot = frames.filter((f, i) => f.ptsMs < i * interval - 2 || f.ptsMs >= i * interval + sourceInterval);
  t.same(offSlot.map((f) => [f.index, f.ptsMs]), [], `pts within one source frame after index * ${interval.toFixed(2)} ms`);
  t.ok(frames.every((f) => f.receivedAtMs > 0 && Number.isFinite(f.receivedAtMs)), 'receivedAtMs set');
}

for (const clip of CLIPS) {
  t.test(`${clip.file} at ${clip.fps} fps`, async (t) => {
    const source = new FfmpegFrameSource({ url: video(clip.file), fps: clip.fps });
    const frames = await collect(source);
    checkTimeline(t, frames, clip.duration * clip.fps, clip.fps, clip.sourceFps);
    t.ok(frames.every((f) => f.width === clip.size[0] && f.height === clip.size[1]), `all ${clip.size.join('x')}`);
    t.ok(frames.every((f) => f.data.length === f.width * f.height * 3), 'packed RGB24');
    t.ok(frames.every((f) => f.sourceId === video(clip.file)), 'sourceId is the path');
    t.same(source.stats, { framesDecoded: frames.length, framesDropped: 0 });
    const mean = frames[0].data.reduce((a, v) => a + v, 0) / frames[0].data.length;
    t.ok(mean > 20 && mean < 235, `real picture content (mean ${mean.toFixed(0)})`);
    await noFfmpegLeft(t);
  });
}

t.test('native rate without sampling (B-frames reordered, one frame per line), scaled down', async (t) => {
  const frames = await collect(new FfmpegFrameSource({ url: video('highway.mp4'), maxWidth: 320 }));
  checkTimeline(t, frames, 268, 30, 30);
  t.same([frames[0].width, frames[0].height], [320, 180]);
});

t.test('maxWidth scales down keeping aspect with even sides, and never scales up', async (t) => {
  const first = async (url: string, maxWidth: number) => { for await (const f of new FfmpegFrameSource({ url, fps: 1, maxWidth })) return [f.width, f.height]; return []; };
  t.same(await first(video('highway.mp4'), 640), [640, 360]);
  t.same(await first(video('highway.mp4'), 641), [640, 360], 'odd limit rounds down to even');
  t.same(await first(video('parking_lot_topdown.mp4'), 500), [500, 282], '768x432 -> 500x281.25 -> even height');
  t.same(await first(video('intersection.mp4'), 4000), [640, 480]);
  await noFfmpegLeft(t);
});

t.test("'block' with a slow consumer: nothing lost, and ffmpeg is held back rather than buffered", async (t) => {
  const bufferFrames = 2;
  const source = new FfmpegFrameSource({ url: video('highway.mp4'), fps: 5, maxWidth: 640, bufferFrames });
  const frames: Frame[] = [];
  let maxAhead = 0;
  for await (const f of source) {
    frames.push(f);
    if (f.index % 10 === 0) await new Promise((r) => setTimeout(r, 150));
    maxAhead = Math.max(maxAhead, source.stats.framesDecoded - frames.length);
  }
  checkTimeline(t, frames, 8.933 * 5, 5, 30);
  t.equal(source.stats.framesDropped, 0);
  // Pipes hold less than one 640x360 frame, so a paused reader keeps ffmpeg within the buffer.
  t.ok(maxAhead <= bufferFrames + 1, `decoder at most ${maxAhead} frames ahead of the consumer`);
});

t.test("'drop-oldest' keeps the newest frames and counts the drops", async (t) => {
  t.setTimeout(60_000);
  const source = new FfmpegFrameSource({ url: video('highway.mp4'), fps: 10, maxWidth: 320, bufferFrames: 2, overflow: 'drop-oldest' });
  const seen: number[] = [];
  for await (const f of source) {
    seen.push(f.index);
    if (f.index === 0) await until(() => source.stats.framesDecoded >= 20); // a consumer far behind
  }
  const { framesDecoded, framesDropped } = source.stats;
  t.ok(framesDropped >= 17, `${framesDropped} dropped`);
  t.equal(seen.length + framesDropped, framesDecoded, 'every decoded frame was delivered or counted');
  t.equal(seen.at(-1), framesDecoded - 1, 'the newest frame is delivered');
  t.ok(seen.every((v, i) => i === 0 || v > seen[i - 1]), 'order kept');
});

t.test('live schemes default to drop-oldest, files and http to block; ids mask credentials', async (t) => {
  for (const url of ['rtsp://cam/s', 'rtsps://cam/s', 'rtmp://h/live/x', 'srt://h:9000', 'udp://0.0.0.0:5000', 'tcp://h:9000']) {
    t.equal(new FfmpegFrameSource({ url }).overflow, 'drop-oldest', url);
  }
  for (const url of [video('highway.mp4'), 'file:///v/a.mp4', 'https://h/a.mp4']) t.equal(new FfmpegFrameSource({ url }).overflow, 'block', url);
  t.equal(new FfmpegFrameSource({ url: 'rtsp://cam/s', overflow: 'block' }).overflow, 'block', 'the option wins');
  t.equal(new FfmpegFrameSource({ url: 'rtsp://admin:pw@cam.local/s' }).id, 'rtsp://***@cam.local/s');
  t.equal(new FfmpegFrameSource({ url: video('highway.mp4'), id: 'gate-1' }).id, 'gate-1');
});

t.test('options out of bounds fail at construction with E_CONFIG_INVALID', async (t) => {
  t.throws(() => new FfmpegFrameSource({ url: video('highway.mp4'), bufferFrames: 0 }), { code: 'E_CONFIG_INVALID', message: /^bufferFrames must be an integer >= 1, got 0$/ });
  t.throws(() => new FfmpegFrameSource({ url: video('highway.mp4'), fps: -1 }), { code: 'E_CONFIG_INVALID', message: /^fps must/ });
  t.throws(() => new FfmpegFrameSource({ url: video('highway.mp4'), overflow: 'newest' as 'block' }), { code: 'E_CONFIG_INVALID', message: /^overflow must/ });
});
