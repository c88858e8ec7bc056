// ObjectEventBuilder on synthetic tracks over a synthetic picture: one record per object with its
// attributes, periodic updates for long tracks, a final record when the track ends, zones entered,
// crossings and rules hit attached, and the same ids on a replay.
import t from 'tap';
import type { AlertEvent, Box, FrameTracks, RgbImage, Track } from '../../../core/index.js';
import { ObjectEventBuilder, objectEventId, type LineCrossingEvent } from '../../../analytics/index.js';

const W = 400, H = 300;

/** Grey street with a red car-sized block at `box`. */
function picture(box: Box): RgbImage {
  const data = new Uint8Array(W * H * 3).fill(110);
  for (let y = Math.round(box[1]); y < Math.round(box[3]); y++) {
    for (let x = Math.round(box[0]); x < Math.round(box[2]); x++) {
      const i = (y * W + x) * 3;
      data[i] = 200; data[i + 1] = 25; data[i + 2] = 30;
    }
  }
  return { width: W, height: H, data };
}

const track = (id: number, box: Box, ptsMs: number, firstPtsMs = 0): Track => ({
  id, label: 'car', classId: 2, box, score: 0.9, state: 'confirmed', hits: 5, timeSinceUpdate: 0, firstPtsMs, lastPtsMs: ptsMs, velocity: [100, 0],
});

/** A red car driving right at 100 px/s along the bottom of the picture, sampled at 5 fps for `seconds`. */
function drive(builder: ObjectEventBuilder, seconds: number, extras: (i: number, t: Track) => { crossings?: LineCrossingEvent[]; alerts?: AlertEvent[] } = () => ({})) {
  const out = [];
  let last: Track | undefined;
  for (let i = 0; i <= seconds * 5; i++) {
    const ptsMs = i * 200, x = 20 + i * 20;
    const box: Box = [x, 200, x + 60, 240];
    last = track(1, box, ptsMs);
    const frame: FrameTracks = { sourceId: 'cam', frameIndex: i, ptsMs, wallMs: 1_700_000_000_000 + ptsMs, width: W, height: H, tracks: [last] };
    const e = extras(i, last);
    out.push(...builder.update(frame, picture(box), [], e.crossings, e.alerts));
  }
  const end: FrameTracks = { sourceId: 'cam', frameIndex: 999, ptsMs: seconds * 1000 + 1500, wallMs: 0, width: W, height: H, tracks: [] };
  out.push(...builder.update(end, undefined, [{ ...last!, state: 'removed' }]));
  return out;
}

t.test('one final record per track, with attributes computed on the object', async (t) => {
  const builder = new ObjectEventBuilder({ camera: 'cam', zones: [{ id: 'right', polygon: [[0.5, 0], [1, 0], [1, 1], [0.5, 1]] }], updateIntervalMs: 1e9 });
  const out = drive(builder, 3, (i) => (i === 10 ? {
    crossings: [{ ruleId: 'flow', line: 'L', camera: 'cam', trackId: 1, label: 'car', direction: 'forward', frameIndex: i, ptsMs: 2000, wallMs: 0, point: [0.5, 0.8] }],
    alerts: [{ kind: 'started', frameIndex: i, ptsMs: 2000, wallMs: 0, alert: { id: 'a', ruleId: 'intrude', type: 'zone_intrusion', severity: 'warning', camera: 'cam', startedPtsMs: 2000, startedWallMs: 0, objects: [1], labels: ['car'], details: {} } }],
  } : {}));
  t.equal(out.length, 1, 'only the final record (updates off)');
  const { event, snapshot } = out[0];
  t.match(event, { camera: 'cam', trackId: 1, label: 'car', final: true, version: 1, color: 'red', zones: ['right'], rules: ['intrude'] });
  t.same(event.lines, [{ line: 'L', direction: 'forward', ptsMs: 2000 }]);
  t.equal(event.id, objectEventId('cam', 1, 0));
  t.equal(event.frames, 16);
  t.equal(event.durationSeconds, 3);
  t.same(event.firstSeen, { ptsMs: 0, wallMs: 1_700_000_000_000 });
  t.ok(Math.abs(event.speedPxPerSecond - 100) < 5, `speed ${event.speedPxPerSecond} px/s`);
  t.ok(Math.abs(event.headingDegrees! - 90) < 2, `heading ${event.headingDegrees} (90 = right)`);
  t.match(event.size, { width: 60, height: 40 });
  t.ok(event.trajectory.length >= 2 && event.trajectory[0].ptsMs === 0 && event.trajectory.at(-1)!.ptsMs === 3000);
  t.ok(snapshot && snapshot.crop.width >= 60, 'the best view travels with the final record');
  t.equal(builder.active, 0);
});

t.test('long tracks publish updates with the same id, then a final record', async (t) => {
  const builder = new ObjectEventBuilder({ camera: 'cam', updateIntervalMs: 2000, snapshots: false });
  const out = drive(builder, 6);
  const ids = new Set(out.map((o) => o.event.id));
  t.equal(ids.size, 1);
  t.same(out.map((o) => o.event.final), [false, false, false, true]);
  t.same(out.map((o) => o.event.version), [1, 2, 3, 4]);
  t.ok(out.every((o) => o.snapshot === undefined), 'no snapshots when switched off');
  t.equal(out.at(-1)!.event.color, null, 'no colour without a view of the object');
});

t.test('a ground-plane calibration adds metres per second and a compass heading', async (t) => {
  // Top-down calibration: 100 px = 10 m, image right = east.
  const calibration = [
    { image: [0, 0], ground: [0, 30] }, { image: [1, 0], ground: [40, 30] }, { image: [1, 1], ground: [40, 0] }, { image: [0, 1], ground: [0, 0] },
  ] as const;
  const builder = new ObjectEventBuilder({ camera: 'cam', calibration: calibration.map((p) => ({ image: [...p.image] as [number, number], ground: [...p.ground] as [number, number] })) });
  const [{ event }] = drive(builder, 3);
  t.ok(Math.abs(event.speedMetresPerSecond! - 10) < 0.5, `${event.speedMetresPerSecond} m/s`);
  t.ok(Math.abs(event.compassDegrees! - 90) < 2, `compass ${event.compassDegrees} (east)`);
});

t.test('replays give the same records', async (t) => {
  const a = drive(new ObjectEventBuilder({ camera: 'cam', updateIntervalMs: 1500 }), 4).map((o) => o.event);
  const b = drive(new ObjectEventBuilder({ camera: 'cam', updateIntervalMs: 1500 }), 4).map((o) => o.event);
  t.same(b, a);
});
