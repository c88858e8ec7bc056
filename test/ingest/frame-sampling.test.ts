// Sampling only drops (issue 8, "never invent frames"): with both decoders, at rates above and below
// the source's, on a fixture clip, generated constant- and variable-rate clips and a live RTSP
// camera, there are never more frames than the source has and every pts is one the source really
// has (ffprobe's frame list). ffmpeg's fps filter used to repeat frames with made-up timestamps.
import t from 'tap';
import { collectFrames } from '../helpers/collect-frames.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FfmpegFrameSource, GstFrameSource } from '../../ingest/index.js';
import type { Frame, FrameSource } from '../../core/index.js';
import { video } from '../helpers/fixtures.js';
import { startRtspServer } from '../helpers/rtsp-server.js';
import { waitForNoDescendants } from '../helpers/processes.js';

const dir = mkdtempSync(join(tmpdir(), 'sharpeye-sampling-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

const ffmpeg = (args: string[]) => execFileSync('ffmpeg', ['-v', 'error', '-y', ...args]);
const testsrc = (rate: number, seconds: number) => ['-f', 'lavfi', '-i', `testsrc2=size=160x120:rate=${rate}`, '-t', String(seconds)];
const h264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-bf', '0', '-pix_fmt', 'yuv420p'];

// 12.5 fps for 2 s (the 25-frame example) and 25 fps for 2 s.
const cfr12 = join(dir, 'cfr12_5.mp4');
ffmpeg([...testsrc(12.5, 2), ...h264, cfr12]);
const cfr25 = join(dir, 'cfr25.mp4');
ffmpeg([...testsrc(25, 2), ...h264, cfr25]);
// Variable rate: 30 fps for 2 s, then 5 fps for 2 s, then 7.5 fps for 2 s (85 frames), kept as
// timestamped; mp4 declares 30/1, Matroska an average (~14.4/1) below the 30 fps bursts.
const vfrMp4 = join(dir, 'vfr.mp4');
ffmpeg([...testsrc(30, 6), '-vf', "select='lt(t,2)+between(t,2,3.99)*not(mod(n,6))+gte(t,4)*not(mod(n,4))'", '-fps_mode', 'passthrough', ...h264, vfrMp4]);
const vfrMkv = join(dir, 'vfr.mkv');
ffmpeg(['-i', vfrMp4, '-c', 'copy', vfrMkv]);

/** The source's frame times in ms, as ffprobe decodes them. */
function sourcePts(path: string): number[] {
  const out = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'frame=best_effort_timestamp_time', '-of', 'csv=p=0', path], { encoding: 'utf8' });
  return out.split('\n').map((l) => l.replace(/,$/, '').trim()).filter(Boolean).map((s) => Number(s) * 1000);
}

const DECODERS = {
  ffmpeg: (url: string, fps: number): FrameSource => new FfmpegFrameSource({ url, fps }),
  gstreamer: (url: string, fps: number): FrameSource => new GstFrameSource({ url, fps }),
};


interface Case { name: string; path: string; fps: number; expectPts?: number[]; minFrames: number; gstMinFrames?: number }
const CASES: Case[] = [
  // Above the source rate: every source frame once, nothing repeated (the bug: 60 records for 25 frames).
  { name: '12.5 fps clip at --fps 30', path: cfr12, fps: 30, expectPts: Array.from({ length: 25 }, (_, i) => i * 80), minFrames: 25 },
  // Below: even spacing, every 5th frame.
  { name: '25 fps clip at 5 fps', path: cfr25, fps: 5, expectPts: Array.from({ length: 10 }, (_, i) => i * 200), minFrames: 10 },
  { name: 'fixture parking_lot_topdown (12.5 fps) at 30 fps', path: video('parking_lot_topdown.mp4'), fps: 30, minFrames: 377 },
  { name: 'fixture parking_lot_topdown (12.5 fps) at 2 fps', path: video('parking_lot_topdown.mp4'), fps: 2, minFrames: 59 },
  { name: 'variable-rate mp4 at 30 fps', path: vfrMp4, fps: 30, minFrames: 85 },
  { name: 'variable-rate mp4 at 5 fps', path: vfrMp4, fps: 5, minFrames: 29 },
  // GStreamer's videorate samples against the rate the container declares (~14.4 here), so the
  // 30 fps burst is thinned to that rate: fewer frames, never invented ones (README limit).
  { name: 'variable-rate mkv at 30 fps', path: vfrMkv, fps: 30, minFrames: 85, gstMinFrames: 50 },
  { name: 'variable-rate mkv at 5 fps', path: vfrMkv, fps: 5, minFrames: 29 },
];

for (const c of CASES) {
  const truth = sourcePts(c.path);
  for (const [decoder, open] of Object.entries(DECODERS)) {
    t.test(`${decoder}: ${c.name}`, async (t) => {
      const frames = await collectFrames(open(c.path, c.fps));
      const pts = frames.map((f) => f.ptsMs);
      t.ok(frames.length <= truth.length, `${frames.length} frames <= ${truth.length} source frames`);
      const invented = pts.filter((p) => !truth.some((s) => Math.abs(s - p) < 0.5));
      t.same(invented, [], 'every pts is a real source pts');
      t.ok(pts.every((p, i) => i === 0 || p > pts[i - 1]), 'pts strictly increasing (no frame twice)');
      const minFrames = decoder === 'gstreamer' ? (c.gstMinFrames ?? c.minFrames) : c.minFrames;
      t.ok(frames.length >= minFrames, `${frames.length} frames >= ${minFrames}: up to the rate, not below it`);
      // Never faster than asked: no two frames closer than half a sampling interval, unless the
      // source itself is slower than the rate (then every frame passes).
      if (frames.length < truth.length) {
        const gaps = pts.slice(1).map((p, i) => p - pts[i]);
        t.ok(Math.min(...gaps) >= 500 / c.fps - 0.5, `smallest gap ${Math.min(...gaps).toFixed(1)} ms >= half of ${(1000 / c.fps).toFixed(0)} ms`);
      }
      if (c.expectPts) t.same(pts.map((p) => Math.round(p)), c.expectPts, 'exactly these source frames');
    });
  }
}

t.test('a live camera slower than the configured rate gives its own rate (10 fps camera, fps 15)', async (t) => {
  const server = await startRtspServer({ mounts: { cam: 'pattern' } }); // 10 fps
  t.teardown(() => server.stop());
  for (const [decoder, open] of Object.entries(DECODERS)) {
    for (const fps of [15, 5]) {
      const frames = await collectFrames(open(server.url('cam'), fps), 16);
      const gaps = frames.slice(2).map((f, i) => f.ptsMs - frames[i + 1].ptsMs); // the first frame may come early after connect
      const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
      const expected = fps > 10 ? 100 : 200;
      t.ok(Math.min(...gaps) >= expected * 0.75, `${decoder} at ${fps} fps: smallest gap ${Math.min(...gaps).toFixed(1)} ms (camera frames are 100 ms apart; a repeated frame would be ${(1000 / fps).toFixed(0)})`);
      t.ok(Math.abs(mean - expected) < expected * 0.15, `${decoder} at ${fps} fps: mean gap ${mean.toFixed(1)} ms, ~${expected}`);
    }
  }
  t.same(await waitForNoDescendants(/ffmpeg|gst-launch/), []);
});
