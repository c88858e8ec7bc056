// GstFrameSource: the GStreamer decoder gives the same Frame contract as ffmpeg (size, pts,
// sampled rate) on fixture clips and on a live RTSP camera, classifies failures, and leaves no
// GStreamer decoder (sharpeye-gst-launch.py) behind.
import t from 'tap';
import { collectFrames } from '../../helpers/collect-frames.js';
import { GstFrameSource, FfmpegFrameSource } from '../../../ingest/index.js';
import { video } from '../../helpers/fixtures.js';
import { waitForNoDescendants, descendantProcesses } from '../../helpers/processes.js';
import { startRtspServer } from '../../helpers/rtsp-server.js';
import { freePort } from '../../helpers/server-process.js';
import type { Frame, FrameSource } from '../../../core/index.js';

const GST = /sharpeye-gst-launch/;


t.test('a fixture clip: sampled rate, capped width, increasing pts, same frames as ffmpeg', async (t) => {
  const file = video('parking_lot_topdown.mp4'); // 768x432, 12.5 fps, 30.16 s
  const frames = await collectFrames(new GstFrameSource({ url: file, fps: 2, maxWidth: 384 }));
  t.ok(Math.abs(frames.length - 60) <= 1, `~2 fps over 30 s, got ${frames.length}`);
  t.same([frames[0].width, frames[0].height], [384, 216], 'aspect kept');
  t.equal(frames[0].data.length, 384 * 216 * 3, 'packed RGB24');
  t.ok(frames.every((f, i) => i === 0 || f.ptsMs > frames[i - 1].ptsMs), 'pts strictly increasing');
  t.ok(frames.every((f, i) => f.index === i));
  const ff = await collectFrames(new FfmpegFrameSource({ url: file, fps: 2, maxWidth: 384 }), 3);
  // Different scalers and colour conversions: close, not identical.
  let diff = 0;
  for (let i = 0; i < ff[1].data.length; i++) diff += Math.abs(ff[1].data[i] - frames[1].data[i]);
  t.ok(diff / ff[1].data.length < 12, `mean abs difference to ffmpeg's frame ${(diff / ff[1].data.length).toFixed(2)} < 12`);
  t.same(await waitForNoDescendants(GST), []);
});

t.test('an early break stops and reaps the GStreamer decoder', async (t) => {
  const frames = await collectFrames(new GstFrameSource({ url: video('intersection.mp4'), fps: 5 }), 2);
  t.equal(frames.length, 2);
  t.same(await waitForNoDescendants(GST), []);
});

t.test('bad inputs: missing file, not a video, unsupported scheme', async (t) => {
  await t.rejects(collectFrames(new GstFrameSource({ url: '/nope/missing.mp4' })), { code: 'E_INPUT_NOT_FOUND' });
  await t.rejects(collectFrames(new GstFrameSource({ url: 'gopher://x/y' })), { code: 'E_INPUT_UNSUPPORTED_URL' });
  const notVideo = new URL(import.meta.url).pathname; // this test file: text, not video
  await t.rejects(collectFrames(new GstFrameSource({ url: notVideo })), { code: 'E_INGEST_DECODE', message: /gstreamer: / });
  t.same(await waitForNoDescendants(GST), []);
});

t.test('live RTSP: frames with credentials, and each failure its own code, secrets masked', async (t) => {
  const server = await startRtspServer({ mounts: { cam: 'pattern', mic: 'audio' }, user: 'op', password: 'S3cr3t!x' });
  t.teardown(() => server.stop());
  const good = { user: 'op', password: 'S3cr3t!x' };
  const frames = await collectFrames(new GstFrameSource({ url: server.url('cam', good), fps: 5, ioTimeoutMs: 5000 }), 8);
  t.equal(frames.length, 8);
  t.same([frames[0].width, frames[0].height], [320, 240]);
  t.ok(frames.every((f, i) => i === 0 || f.ptsMs > frames[i - 1].ptsMs), 'pts increasing');
  const span = (frames[7].ptsMs - frames[1].ptsMs) / 6;
  t.ok(span > 150 && span < 260, `~5 fps sampling (mean step ${span.toFixed(0)} ms)`);

  const closed = await freePort();
  const cases: Array<[string, string]> = [
    [server.url('cam', { user: 'op', password: 'wrong-pw' }), 'E_INGEST_UNAUTHORIZED'],
    [server.url('nope', good), 'E_INGEST_NOT_FOUND'],
    [server.url('mic', good), 'E_INGEST_DECODE'],
    [`rtsp://op:S3cr3t!x@127.0.0.1:${closed}/cam`, 'E_INGEST_UNREACHABLE'],
  ];
  for (const [url, code] of cases) {
    const err = await collectFrames(new GstFrameSource({ url, fps: 5, ioTimeoutMs: 5000 })).then(() => undefined, (e) => e);
    t.equal(err?.code, code, `${code}: ${err?.message}`);
    t.notMatch(String(err?.message) + JSON.stringify(err?.details ?? {}), /S3cr3t|wrong-pw/, 'credentials never in the error');
  }
  t.same(await waitForNoDescendants(GST), []);
  t.same(descendantProcesses(/gst-launch/), []);
});

t.test('a missing Python for the GStreamer decoder is E_INGEST_SPAWN saying what to install', async (t) => {
  await t.rejects(collectFrames(new GstFrameSource({ url: video('intersection.mp4'), pythonPath: '/nonexistent/python3' })),
    { code: 'E_INGEST_SPAWN', message: /could not start the GStreamer decoder with \/nonexistent\/python3 \(ENOENT\); install python3-gi/ });
});
