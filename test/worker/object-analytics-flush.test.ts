// Kind 5 of issue 9: an object still on screen when the stream ends gets its final record from the
// end-of-stream flush. That record must mean the same as one from a track that ended normally
// (size.areaFraction a fraction of the frame, ground speed against the real frame size, ...):
// checked field by field on a synthetic drive, and on real footage through `sharpeye analyze`.
import t from 'tap';
import type { Detection, FrameDetections, ObjectEvent } from '../../core/index.js';
import { ObjectAnalytics } from '../../worker/index.js';
import { runSharpeye } from '../helpers/cli.js';
import { video } from '../helpers/fixtures.js';

const W = 640, H = 360;
// Top-down calibration: the frame is 64 m east by 36 m north.
const calibration = [
  { image: [0, 0], ground: [0, 36] }, { image: [1, 0], ground: [64, 36] }, { image: [1, 1], ground: [64, 0] }, { image: [0, 1], ground: [0, 0] },
].map((p) => ({ image: p.image as [number, number], ground: p.ground as [number, number] }));

const frame = (i: number, detections: Detection[]): FrameDetections => ({ sourceId: 'cam', frameIndex: i, ptsMs: i * 200, width: W, height: H, detections, latencyMs: 0 });
const car = (i: number): Detection => ({ label: 'car', classId: 2, score: 0.9, box: [40 + i * 12, 200, 120 + i * 12, 250] });

/** A car driving right at 60 px/s for 4 s; then either it leaves (`ended`) or the stream ends (`flushed`). */
function finalRecord(how: 'ended' | 'flushed'): ObjectEvent {
  const a = new ObjectAnalytics({ camera: 'cam', calibration, snapshots: false, updateIntervalMs: 1e9 });
  const records: ObjectEvent[] = [];
  const wall = (i: number) => 1_700_000_000_000 + i * 200;
  for (let i = 0; i <= 20; i++) records.push(...a.process(frame(i, [car(i)]), wall(i)).objects.map((o) => o.event));
  if (how === 'ended') for (let i = 21; i <= 40; i++) records.push(...a.process(frame(i, []), wall(i)).objects.map((o) => o.event));
  records.push(...a.flush().objects.map((o) => o.event));
  const finals = records.filter((e) => e.final);
  if (finals.length !== 1) throw new Error(`expected one final record, got ${finals.length}`);
  return finals[0];
}

t.test('a final record from the end-of-stream flush equals one from a track that ended, field by field', async (t) => {
  const ended = finalRecord('ended'), flushed = finalRecord('flushed');
  t.ok(ended.size.areaFraction > 0 && ended.size.areaFraction < 1, `areaFraction ${ended.size.areaFraction} is a fraction`);
  t.equal(ended.size.areaFraction, Math.round(((80 * 50) / (W * H)) * 1e5) / 1e5);
  t.ok(Math.abs(ended.speedMetresPerSecond! - 6) < 0.5, `ground speed ${ended.speedMetresPerSecond} m/s (60 px/s = 6 m/s)`);
  for (const key of Object.keys(ended) as Array<keyof ObjectEvent>) t.same(flushed[key], ended[key], `field ${key}`);
  t.same(Object.keys(flushed).sort(), Object.keys(ended).sort(), 'same fields');
});

t.test('analyze: objects still on screen at the end of a clip get a true areaFraction', async (t) => {
  // highway.mp4 is 1280x720 and busy to the last frame: several cars are on screen when it ends.
  const r = await runSharpeye(['analyze', video('highway.mp4'), '--fps', '5', '--track', '--max-frames', '12']);
  t.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  const lastPts = Math.max(...lines.filter((l) => l.type === 'frame').map((l) => l.pts * 1000));
  const finals = lines.filter((l) => l.type === 'object' && l.final);
  const onScreenAtEnd = finals.filter((o) => o.lastSeen.ptsMs === lastPts);
  t.ok(onScreenAtEnd.length >= 2, `${onScreenAtEnd.length} objects flushed at the end of the stream`);
  for (const o of finals) {
    const expected = (o.size.width * o.size.height) / (1280 * 720);
    t.ok(Math.abs(o.size.areaFraction - expected) < 1e-4, `track ${o.trackId}: areaFraction ${o.size.areaFraction} = ${o.size.width}x${o.size.height} / frame (${expected.toFixed(5)})`);
  }
});
