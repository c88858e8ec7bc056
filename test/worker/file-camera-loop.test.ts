// A file camera looping through the real pipeline: decoder (paced) -> CameraRuntime -> scheduler
// on a real detector -> ObjectAnalytics. Each pass of the clip is a new stream epoch, so the
// analytics see a restart at every loop: the objects open before it get their final record there,
// no track id continues across it (the tracker never stitches the end of the clip to its start),
// and stream time and wall-clock time keep increasing. The camera never reconnects.
import t from 'tap';
import type { FrameDetections } from '../../core/index.js';
import { Detector } from '../../inference/index.js';
import { CameraRuntime, openLiveDecoder } from '../../ingest/index.js';
import { CameraScheduler, ObjectAnalytics, type ObjectAnalyticsOutput } from '../../worker/index.js';
import { MODEL_DIR } from '../helpers/fixtures.js';
import { shortClip } from '../helpers/short-clip.js';

// Cars drive through intersection.mp4 from its first second; 4 s at 5 fps gives 20 frames a pass.
const clip = shortClip('intersection.mp4', 4);

t.test('a looping file camera: every pass is a new epoch, tracks end at the loop and are never stitched', async (t) => {
  const detector = await Detector.create({ model: 'yolox-nano', modelDir: MODEL_DIR, sessions: 1, runner: 'in-thread' });
  t.teardown(() => detector.close());
  const rt = new CameraRuntime({ id: 'loop', openSource: () => openLiveDecoder({ decoder: 'ffmpeg', id: 'loop', url: clip, fps: 5, maxWidth: 640 }) });
  const scheduler = new CameraScheduler(detector);
  scheduler.add(rt);
  const analytics = new ObjectAnalytics({ camera: 'loop', snapshots: false });
  const outs: Array<{ d: FrameDetections; out: ObjectAnalyticsOutput }> = [];
  const twoLoops = new Promise<void>((resolve) => {
    scheduler.on('detections', (d) => {
      outs.push({ d, out: analytics.process(d, d.receivedAtMs ?? Date.now()) });
      // Eight frames into the third pass: time for its tracks to be confirmed.
      if (outs.filter((o) => o.d.epoch === 2).length >= 8) resolve();
    });
  });
  rt.start();
  scheduler.start();
  t.teardown(async () => { await rt.stop(); await scheduler.stop(); });
  await twoLoops;
  await rt.stop();
  await scheduler.stop();

  t.equal(rt.status.loops, 2, 'two loops');
  t.equal(rt.status.reconnects, 0, 'no reconnect');
  t.equal(rt.status.lastError, null, 'no error');
  const starts = outs.map((o, i) => i).filter((i) => i > 0 && (outs[i].d.epoch ?? 0) !== (outs[i - 1].d.epoch ?? 0));
  t.equal(starts.length, 2, 'two epoch changes reached the analytics');
  for (const i of starts) {
    const { d, out } = outs[i];
    t.same(out.discontinuity, { epoch: d.epoch, reason: 'epoch' }, `epoch ${d.epoch}: the analytics saw a restart`);
    t.ok(d.ptsMs < outs[i - 1].d.ptsMs, `epoch ${d.epoch}: the decoder's pts went back (${outs[i - 1].d.ptsMs} -> ${d.ptsMs} ms)`);
    t.ok(out.frame.ptsMs > outs[i - 1].out.frame.ptsMs, `epoch ${d.epoch}: stream time carries on (${out.frame.ptsMs} ms)`);
    t.ok(out.objects.filter((o) => o.event.final).length >= 1, `epoch ${d.epoch}: the objects open before the loop got their final record`);
    const before = new Set(outs.slice(0, i).flatMap((o) => o.out.frame.tracks.map((x) => x.id)));
    const after = outs.slice(i).flatMap((o) => o.out.frame.tracks.map((x) => x.id));
    t.ok(after.length > 0 && after.every((id) => !before.has(id)), `epoch ${d.epoch}: ${new Set(after).size} tracks after the loop, none continued from before it`);
  }
  const wall = outs.map((o) => o.d.receivedAtMs!);
  t.ok(wall.every((w, i) => i === 0 || w >= wall[i - 1]), 'wall-clock times keep increasing across the loops');
  const finals = [...outs.flatMap((o) => o.out.objects), ...analytics.flush().objects].filter((o) => o.event.final).map((o) => o.event.id);
  t.equal(new Set(finals).size, finals.length, `one final record per object, ids never reused (${finals.length} objects)`);
});
