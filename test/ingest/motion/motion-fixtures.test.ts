// MotionDetector and MotionGate on real decoded video: the fixture traffic clips move on almost
// every frame, the top-down car park is still between cars, and a static clip made with ffmpeg's
// lavfi (plain, and with temporal sensor-like noise) never moves.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FfmpegFrameSource, MotionDetector, MotionGate, type MotionResult } from '../../../ingest/index.js';
import { video } from '../../helpers/fixtures.js';

interface Observed { ptsMs: number; result: MotionResult }

/** Motion results of every frame of `url` sampled at `fps`, and what a MotionGate that sees no objects would admit. */
async function analyse(url: string, fps = 5): Promise<{ frames: Observed[]; gate: MotionGate }> {
  const detector = new MotionDetector();
  const gate = new MotionGate();
  const frames: Observed[] = [];
  for await (const frame of new FfmpegFrameSource({ url, fps })) {
    frames.push({ ptsMs: frame.ptsMs, result: detector.update(frame) });
    gate.admit(frame);
  }
  return { frames, gate };
}

const share = (frames: Observed[], test: (r: MotionResult) => boolean) => frames.filter((f) => test(f.result)).length / frames.length;
const between = (frames: Observed[], fromS: number, toS: number) => frames.filter((f) => f.ptsMs >= fromS * 1000 && f.ptsMs <= toS * 1000);

for (const clip of ['intersection.mp4', 'highway.mp4', 'pedestrian_street.mp4']) {
  t.test(`${clip}: busy traffic is motion on almost every frame`, async (t) => {
    const { frames, gate } = await analyse(video(clip));
    t.ok(frames.length > 40, `${frames.length} frames`);
    t.match(frames[0].result, { warmUp: true, motion: false });
    const moving = share(frames.slice(1), (r) => r.motion);
    t.ok(moving >= 0.9, `motion on ${(moving * 100).toFixed(0)}% of frames after the first`);
    t.ok(frames.slice(1).every((f) => !f.result.motion || f.result.box !== null), 'every motion frame has a box');
    t.ok(gate.stats.savedFraction < 0.1, `the gate saves little here (${(gate.stats.savedFraction * 100).toFixed(0)}%)`);
  });
}

t.test('parking_lot_topdown.mp4: still while empty, motion while a car crosses', async (t) => {
  const { frames, gate } = await analyse(video('parking_lot_topdown.mp4'));
  // Empty at about 0-4 s and 9-13 s (MANIFEST.md); a car crosses at about 4-8 s and 14-18 s.
  for (const [from, to] of [[0.2, 3.8], [9.8, 13.8]]) {
    const still = share(between(frames, from, to), (r) => !r.motion);
    t.ok(still >= 0.9, `${from}-${to} s: no motion on ${(still * 100).toFixed(0)}% of frames`);
  }
  for (const [from, to] of [[5, 8.4], [15.4, 19]]) {
    const span = between(frames, from, to);
    const moving = share(span, (r) => r.motion);
    t.ok(moving >= 0.9, `${from}-${to} s: motion on ${(moving * 100).toFixed(0)}% of frames`);
    t.ok(span.every((f) => !f.result.motion || f.result.box !== null), `${from}-${to} s: motion frames are boxed`);
  }
  const saved = gate.stats.savedFraction;
  t.ok(saved > 0.2 && saved < 0.6, `a gate seeing no objects skips ${(saved * 100).toFixed(0)}% of frames`);
});

t.test('a static clip made with lavfi has no motion, plain or with temporal noise', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sharpeye-motion-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const clips = {
    'gray.mp4': ['-f', 'lavfi', '-i', 'color=c=gray:s=320x240:d=3:r=25'],
    'gray-noise.mp4': ['-f', 'lavfi', '-i', 'color=c=gray:s=320x240:d=3:r=25', '-vf', 'noise=alls=12:allf=t'],
    'testsrc-still.mp4': ['-f', 'lavfi', '-i', 'testsrc2=s=320x240:r=25', '-vf', 'trim=end_frame=1,loop=loop=74:size=1,setpts=N/25/TB'],
  };
  for (const [name, input] of Object.entries(clips)) {
    const file = join(dir, name);
    const made = spawnSync('ffmpeg', ['-v', 'error', '-y', ...input, '-frames:v', '75', '-c:v', 'mpeg4', '-q:v', '4', '-pix_fmt', 'yuv420p', file], { encoding: 'utf8' });
    t.equal(made.status, 0, `ffmpeg made ${name} ${made.stderr}`);
    const { frames, gate } = await analyse(file);
    t.ok(frames.length >= 14, `${name}: ${frames.length} frames`);
    t.same(frames.filter((f) => f.result.motion).map((f) => [f.ptsMs, f.result.changedFraction]), [], `${name}: no frame has motion`);
    t.same(gate.stats.admittedBy, { 'warm-up': 1, motion: 0, objects: 0, heartbeat: 0 }, `${name}: the gate admits the first frame only`);
  }
});

t.test('a clip of a moving lavfi pattern is motion (control for the static clips)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sharpeye-motion-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'testsrc2.mp4');
  const made = spawnSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=320x240:r=25:d=3', '-c:v', 'mpeg4', '-q:v', '4', file], { encoding: 'utf8' });
  t.equal(made.status, 0, made.stderr);
  const { frames } = await analyse(file);
  t.ok(share(frames.slice(1), (r) => r.motion) >= 0.9, 'motion on almost every frame');
});
