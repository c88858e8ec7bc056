// Kind 4 of issue 9: a live camera reconnects (or a file camera loops) and its pts start again
// from 0. The analytics must end what was open (tracks, alerts, count intervals) cleanly and carry
// on with the new timeline, never fail every frame. Synthetic trajectory here; the real RTSP
// server stopped and restarted under `serve` is in test/worker/camera-restart.test.ts.
import t from 'tap';
import type { Detection, FrameDetections } from '../../core/index.js';
import { validateRules } from '../../analytics/index.js';
import { ObjectAnalytics, type ObjectAnalyticsOutput } from '../../worker/index.js';

const W = 1000, H = 500;
const rules = validateRules({
  zones: [{ id: 'kerb', polygon: [[0, 0.5], [0.3, 0.5], [0.3, 1], [0, 1]] }],
  lines: [{ id: 'mid', points: [[0.5, 0], [0.5, 1]] }],
  rules: [
    { id: 'park', type: 'illegal_parking', zone: 'kerb', labels: ['car'], seconds: 5 },
    { id: 'flow', type: 'line_crossing', line: 'mid', labels: ['car'], intervalSeconds: 60 },
  ],
});

const parked: Detection = { label: 'car', classId: 2, score: 0.9, box: [100, 380, 200, 450] };
/** A car driving right across the middle, at 30 px per 200 ms frame, starting at frame `from`. */
const mover = (i: number, from: number): Detection[] => {
  const x = 200 + (i - from) * 30;
  return i >= from && x < 900 ? [{ label: 'car', classId: 2, score: 0.9, box: [x, 200, x + 120, 260] }] : [];
};

function run(a: ObjectAnalytics, frames: number, opts: { epoch?: number; wallStartMs: number }): ObjectAnalyticsOutput[] {
  const out: ObjectAnalyticsOutput[] = [];
  for (let i = 0; i < frames; i++) {
    const d: FrameDetections = { sourceId: 'cam', frameIndex: i, ptsMs: i * 200, width: W, height: H, detections: [parked, ...mover(i, 10)], latencyMs: 0, ...(opts.epoch !== undefined ? { epoch: opts.epoch } : {}) };
    out.push(a.process(d, opts.wallStartMs + i * 200));
  }
  return out;
}

for (const how of ['epoch', 'pts-backwards'] as const) {
  t.test(`pts restart from 0 (${how === 'epoch' ? 'a new stream epoch from the camera runtime' : 'no epoch, pts going backwards'}): everything open ends, analytics carry on`, async (t) => {
    const a = new ObjectAnalytics({ camera: 'cam', rules, snapshots: false });
    const wall0 = 1_700_000_000_000;
    const before = run(a, 150, { epoch: how === 'epoch' ? 0 : undefined, wallStartMs: wall0 }); // 30 s
    const started = before.flatMap((o) => o.alerts).filter((e) => e.kind === 'started' && e.alert.ruleId === 'park');
    t.equal(started.length, 1, 'the parked car raised its alert before the restart');
    t.equal(before.flatMap((o) => o.crossings).length, 1, 'the moving car was counted');
    // Reconnected 5 s later: pts start again at 0.
    const after = run(a, 150, { epoch: how === 'epoch' ? 1 : undefined, wallStartMs: wall0 + 35_000 });
    const first = after[0];
    t.same(first.discontinuity, { epoch: how === 'epoch' ? 1 : 0, reason: how }, 'the first frame after the restart reports the discontinuity');
    t.ok(first.alerts.some((e) => e.kind === 'ended' && e.alert.id === started[0].alert.id), 'the open alert ended cleanly at the discontinuity');
    const finals = first.objects.filter((o) => o.event.final);
    t.ok(finals.length >= 1, `${finals.length} objects got their final record at the discontinuity`);
    t.ok(first.intervals.length >= 1, 'the open count interval was closed');
    t.ok(first.frame.ptsMs > before.at(-1)!.frame.ptsMs, `stream time continues (${first.frame.ptsMs} ms after ${before.at(-1)!.frame.ptsMs} ms)`);
    t.ok(after.every((o, i) => i === 0 || o.frame.ptsMs > after[i - 1].frame.ptsMs), 'and never goes backwards');
    const restarted = after.flatMap((o) => o.alerts).filter((e) => e.kind === 'started' && e.alert.ruleId === 'park');
    t.equal(restarted.length, 1, 'the parked car raises a fresh alert on the new timeline');
    t.not(restarted[0].alert.id, started[0].alert.id, 'with a new id');
    t.equal(after.flatMap((o) => o.crossings).length, 1, 'crossings are counted again');
    t.ok(after.some((o) => o.frame.tracks.length >= 1), 'tracks again');
    const ids = [...before, ...after].flatMap((o) => o.objects).filter((o) => o.event.final).map((o) => o.event.id);
    ids.push(...a.flush().objects.map((o) => o.event.id));
    t.equal(new Set(ids).size, ids.length, `object ids never repeat across the restart (${ids.length} objects)`);
    t.same(a.counts()[0].forward + a.counts()[0].backward, 2, 'totals keep counting across the restart');
  });
}

t.test('a small step back in pts (muxer jitter) is not a restart: nothing ends, stream time moves on', async (t) => {
  const a = new ObjectAnalytics({ camera: 'cam', rules, snapshots: false });
  const ptss = [0, 200, 400, 600, 800, 760, 1000, 1200, 1400];
  const outs = ptss.map((ptsMs, i) => a.process({ sourceId: 'cam', frameIndex: i, ptsMs, width: W, height: H, detections: [parked], latencyMs: 0 }, 1_700_000_000_000 + i * 200));
  t.ok(outs.every((o) => o.discontinuity === undefined), 'no discontinuity');
  t.ok(outs.every((o, i) => i === 0 || o.frame.ptsMs > outs[i - 1].frame.ptsMs), 'stream time never goes backwards');
  t.same(outs.flatMap((o) => o.objects), [], 'no object ended');
  t.equal(new Set(outs.flatMap((o) => o.frame.tracks.map((x) => x.id))).size, 1, 'one track throughout');
});
