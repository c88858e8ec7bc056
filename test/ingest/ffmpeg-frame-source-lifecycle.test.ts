// FfmpegFrameSource lifecycle: ffmpeg is killed and reaped on early break, abort, close() and a
// blocked pipe; close() is idempotent; a source is read once.
import t, { type Test } from 'tap';
import { FfmpegFrameSource } from '../../ingest/index.js';
import type { Frame } from '../../core/index.js';
import { video } from '../helpers/fixtures.js';
import { descendantProcesses, waitForNoDescendants } from '../helpers/processes.js';

const collect = async (source: FfmpegFrameSource) => { const frames: Frame[] = []; for await (const f of source) frames.push(f); return frames; };
const noFfmpegLeft = async (t: Test) => t.same(await waitForNoDescendants(/ffmpeg/), [], 'no ffmpeg process left');
const until = async (check: () => boolean) => { while (!check()) await new Promise((r) => setTimeout(r, 10)); };

t.test('breaking out of for-await kills and reaps ffmpeg before the loop is left', async (t) => {
  const source = new FfmpegFrameSource({ url: video('intersection.mp4'), fps: 5 });
  for await (const f of source) if (f.index === 3) break;
  t.same(descendantProcesses(/ffmpeg/), [], 'gone as soon as the loop is left');
});

t.test('breaking out while ffmpeg is blocked on a full pipe: SIGTERM suffices, no SIGKILL grace needed', async (t) => {
  // A grace far beyond this test's timeout: it only passes if the blocked ffmpeg stops on SIGTERM.
  t.setTimeout(30_000);
  const source = new FfmpegFrameSource({ url: video('pedestrian_street.mp4'), bufferFrames: 2, killGraceMs: 3_600_000 });
  for await (const f of source) {
    await until(() => source.stats.framesDecoded >= 2); // queue full: stdout paused, ffmpeg blocks
    await new Promise((r) => setTimeout(r, 100));
    if (f.index === 0) break;
  }
  t.same(descendantProcesses(/ffmpeg/), []);
});

t.test('an AbortSignal mid-stream throws E_INGEST_ABORTED after the frame in hand, and reaps ffmpeg', async (t) => {
  const ac = new AbortController();
  const source = new FfmpegFrameSource({ url: video('intersection.mp4'), fps: 5, signal: ac.signal });
  let n = 0;
  await t.rejects((async () => { for await (const _ of source) if (++n === 2) ac.abort(new Error('user pressed ctrl-c')); })(),
    { code: 'E_INGEST_ABORTED', message: `decoding ${video('intersection.mp4')} was cancelled` });
  t.equal(n, 2, 'no frame delivered after the abort');
  await noFfmpegLeft(t);
  await source.close(); // idempotent
  await source.close();
});

t.test('an abort while the consumer waits for a frame, and one before reading starts', async (t) => {
  const ac = new AbortController();
  const source = new FfmpegFrameSource({ url: video('highway.mp4'), signal: ac.signal });
  const it = source[Symbol.asyncIterator]();
  t.equal((await it.next()).done, false);
  const pending = it.next();
  ac.abort();
  await t.rejects(pending, { code: 'E_INGEST_ABORTED' });
  await noFfmpegLeft(t);
  const early = new FfmpegFrameSource({ url: video('highway.mp4'), signal: AbortSignal.abort() });
  await t.rejects(collect(early), { code: 'E_INGEST_ABORTED' });
  t.same(descendantProcesses(/ffmpeg/), [], 'nothing was spawned');
});

t.test('close() from outside ends the iteration without an error and reaps ffmpeg', async (t) => {
  const source = new FfmpegFrameSource({ url: video('intersection.mp4'), fps: 5 });
  let n = 0;
  const done = (async () => { for await (const _ of source) if (++n === 3) void source.close(); })();
  await done;
  t.ok(n >= 3 && n < 150, `${n} frames before close`);
  t.same(descendantProcesses(/ffmpeg/), []);
});

t.test('close() before reading: nothing is spawned and the iteration is empty', async (t) => {
  const source = new FfmpegFrameSource({ url: video('intersection.mp4') });
  await source.close();
  t.same(await collect(source), []);
  t.same(descendantProcesses(/ffmpeg/), []);
});

t.test('a consumer that throws still reaps ffmpeg', async (t) => {
  const source = new FfmpegFrameSource({ url: video('intersection.mp4'), fps: 5 });
  await t.rejects((async () => { for await (const f of source) if (f.index === 1) throw new Error('consumer bug'); })(), { message: 'consumer bug' });
  t.same(descendantProcesses(/ffmpeg/), []);
});

t.test('a source is read once: a second iteration is an error and spawns nothing', async (t) => {
  const source = new FfmpegFrameSource({ url: video('highway.mp4'), fps: 1 });
  const frames = await collect(source);
  t.ok(frames.length >= 8);
  await t.rejects(collect(source), { code: 'E_INTERNAL', message: /already being read; a source is read once/ });
  t.same(descendantProcesses(/ffmpeg/), []);
});
