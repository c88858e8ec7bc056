// A file camera (allowFiles) behaves like a live camera, on both real decoders: frames at the
// file's own frame times after the fps sampler (fps 2 -> 500 ms of pts and about 500 ms of wall
// clock apart), and at the end of the file it plays again as a loop: `loops` counts it, never a
// reconnect or an error, each pass is a new stream epoch whose pts start again, and wall-clock
// times keep increasing. The clip is the first 3 s of intersection.mp4 (30 fps, no B-frames),
// copied without re-encoding into a temp folder so a loop comes round quickly.
import t from 'tap';
import type { Frame } from '../../../core/index.js';
import { CameraRuntime, isFileSource, openLiveDecoder, type CameraStatus, type DecoderType } from '../../../ingest/index.js';
import { waitForNoDescendants } from '../../helpers/processes.js';
import { shortClip } from '../../helpers/short-clip.js';

const CLIP_SECONDS = 3, FPS = 2;
const clip = shortClip('intersection.mp4', CLIP_SECONDS);

const CHILD: Record<DecoderType, RegExp> = { ffmpeg: /^ffmpeg .*intersection-3s/, gstreamer: /sharpeye-gst-launch/ };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => boolean, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

t.test('file paths and file: URLs are file sources; stream URLs are not', async (t) => {
  t.ok(isFileSource(clip));
  t.ok(isFileSource(`file://${clip}`));
  t.notOk(isFileSource('rtsp://127.0.0.1:8554/cam'));
  t.notOk(isFileSource('https://example.com/live.m3u8'));
  const paced = openLiveDecoder({ decoder: 'ffmpeg', id: 'f', url: clip, fps: FPS });
  t.equal((paced as { loopAtEnd?: boolean }).loopAtEnd, true, 'a file camera loops at its end');
  await paced.close();
  const live = openLiveDecoder({ decoder: 'ffmpeg', id: 'r', url: 'rtsp://127.0.0.1:9/cam', fps: FPS });
  t.equal((live as { loopAtEnd?: boolean }).loopAtEnd, undefined, 'a stream does not');
  await live.close();
});

for (const decoder of ['ffmpeg', 'gstreamer'] as DecoderType[]) {
  t.test(`${decoder}: paced at the clip's frame times, looping without reconnects`, async (t) => {
    const rt = new CameraRuntime({ id: 'loop', openSource: () => openLiveDecoder({ decoder, id: 'loop', url: clip, fps: FPS, maxWidth: 320 }) });
    const frames: Frame[] = [];
    const statuses: CameraStatus[] = [];
    // A consumer that is always ready, like an idle detector: nothing is replaced as stale.
    rt.on('frame', () => frames.push(rt.takeLatest()!));
    rt.on('status', (s) => statuses.push(s));
    rt.start();
    t.teardown(() => rt.stop());
    await until(() => rt.status.loops >= 2 && frames.some((f) => (f.epoch ?? 0) === 2), 'two loops');
    await rt.stop();
    t.same(await waitForNoDescendants(CHILD[decoder]), [], 'every decoder run was reaped');

    const s = rt.status;
    t.equal(s.reconnects, 0, 'a loop is never a reconnect');
    t.equal(s.lastError, null, 'nor an error (no E_INGEST_UNREACHABLE)');
    t.equal(s.framesDropped, 0, 'no frame was replaced');
    t.same(statuses.map((x) => x.state), ['starting', 'running', 'stopped'], 'running throughout the loops');

    const epochs = frames.map((f) => f.epoch ?? 0);
    t.ok(epochs.every((e, i) => i === 0 || e === epochs[i - 1] || e === epochs[i - 1] + 1), `epochs only step up by one: ${epochs.join(',')}`);
    t.ok(s.loops >= 2 && s.loops <= Math.max(...epochs), `loops ${s.loops}, one per new epoch (last epoch ${Math.max(...epochs)})`);
    for (const epoch of [0, 1]) {
      const pass = frames.filter((f) => (f.epoch ?? 0) === epoch);
      const pts = pass.map((f) => f.ptsMs);
      t.ok(pts[0] < 100, `epoch ${epoch}: pts start again at the clip's start (${pts[0]} ms)`);
      // 3 s at 2 fps: slots 0, 0.5, ..., 2.5 s. The first frame of each slot passes.
      t.ok(Math.abs(pass.length - CLIP_SECONDS * FPS) <= 1, `epoch ${epoch}: ${pass.length} frames, about fps x clip length (${CLIP_SECONDS * FPS})`);
      const gaps = pts.slice(1).map((p, i) => p - pts[i]);
      t.ok(gaps.every((g) => Math.abs(g - 1000 / FPS) <= 40), `epoch ${epoch}: pts ${1000 / FPS} ms apart (${gaps.map((g) => g.toFixed(0)).join(', ')})`);
      // Paced: a frame never leaves before its own time has passed on the wall clock (the pacer
      // may be late on a loaded machine, never early), so the pass spans at least its pts span.
      const wall = pass.map((f) => f.receivedAtMs);
      for (let i = 1; i < pass.length; i++) {
        t.ok(wall[i] - wall[0] >= pts[i] - pts[0] - 5, `epoch ${epoch} frame ${i}: left ${wall[i] - wall[0]} ms after the first, pts ${pts[i] - pts[0]} ms after it`);
      }
    }
    const wall = frames.map((f) => f.receivedAtMs);
    t.ok(wall.every((w, i) => i === 0 || w >= wall[i - 1]), 'wall-clock times keep increasing across the loops');
    // Two passes of a 3 s clip took at least 2 x 2.5 s of wall clock: never read as fast as it decodes.
    const firstOfEpoch2 = frames.find((f) => f.epoch === 2)!;
    t.ok(firstOfEpoch2.receivedAtMs - frames[0].receivedAtMs >= 2 * (CLIP_SECONDS - 1 / FPS) * 1000 - 10, `two passes took ${firstOfEpoch2.receivedAtMs - frames[0].receivedAtMs} ms`);
  });
}
