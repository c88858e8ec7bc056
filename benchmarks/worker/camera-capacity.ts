// How many live cameras one node sustains at a detection rate, with and without motion gating,
// and what decoding costs per camera with ffmpeg and with GStreamer. Cameras are real RTSP streams
// from GStreamer's RTSP server (test/helpers/rtsp_server.py) serving fixture clips re-encoded once
// to a camera-like substream (640 px wide, 15 fps, looping for minutes, served without re-encoding).
// Prints tables and writes JSON to benchmarks/results/. Usage:
//   node --import tsx benchmarks/worker/camera-capacity.ts [--fps 5] [--seconds 20] [--max-cameras 8] [--model yolov8n-int8]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Detector } from '../../inference/index.js';
import { FfmpegFrameSource, GstFrameSource } from '../../ingest/index.js';
import { CameraNode, motionGateFor, MotionConfigSchema, type NodeCamera } from '../../worker/index.js';
import { Value } from '@sinclair/typebox/value';
import { startRtspServer, type RtspServer } from '../../test/helpers/rtsp-server.js';
import { descendantProcesses } from '../../test/helpers/processes.js';
import { machineInfo, median } from '../machine-info.js';
import type { FrameSource } from '../../core/index.js';

const root = resolve(import.meta.dirname, '..', '..');
const videos = resolve(process.env.SHARPEYE_FIXTURES_DIR ?? join(root, '..', 'shared', 'fixtures'), 'videos');
const { values } = parseArgs({ options: {
  fps: { type: 'string', default: '5' },
  seconds: { type: 'string', default: '20' },
  warmup: { type: 'string', default: '6' },
  'max-cameras': { type: 'string', default: '8' },
  'min-cameras': { type: 'string', default: '1' },
  'decode-runs': { type: 'string', default: '3' },
  model: { type: 'string', default: 'yolov8n-int8' },
  cache: { type: 'string', default: join(tmpdir(), 'sharpeye-bench-clips') },
} });
const fps = Number(values.fps), seconds = Number(values.seconds), warmup = Number(values.warmup);
const CLIPS = ['intersection.mp4', 'parking_lot_topdown.mp4', 'pedestrian_street.mp4', 'highway.mp4'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Each fixture clip as a 3-minute, 640-wide, 15 fps H.264 stream with a 2 s GOP, made once. */
function prepareClips(): string[] {
  mkdirSync(values.cache!, { recursive: true });
  return CLIPS.map((clip) => {
    const out = join(values.cache!, clip.replace('.mp4', '-640x15.mp4'));
    if (!existsSync(out)) {
      execFileSync('ffmpeg', ['-v', 'error', '-y', '-stream_loop', '-1', '-i', join(videos, clip), '-t', '180', '-an',
        '-vf', 'fps=15,scale=640:-2', '-c:v', 'libx264', '-preset', 'veryfast', '-g', '30', '-bf', '0', '-pix_fmt', 'yuv420p', out]);
    }
    return out;
  });
}

/** CPU seconds (user + system) used so far by a process. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

/** % of one core a decoder child uses for one camera, delivering frames at `fps`. */
async function decodeCost(decoder: 'ffmpeg' | 'gstreamer', url: string): Promise<{ percentOfCore: number; framesPerSecond: number }> {
  const o = { url, fps, maxWidth: 640, ioTimeoutMs: 5000 };
  const source: FrameSource = decoder === 'ffmpeg' ? new FfmpegFrameSource(o) : new GstFrameSource(o);
  // The decoding child itself (not e.g. a short-lived `ffmpeg -version` probe).
  const pattern = decoder === 'ffmpeg' ? /^ffmpeg .*rawvideo/ : /sharpeye-gst-launch/;
  let frames = 0, pid = 0, cpu0 = 0, t0 = 0, n0 = 0, cpu = 0, wall = 0;
  const measureMs = Math.max(8, seconds / 2) * 1000;
  for await (const _ of source) {
    frames++;
    if (!pid && frames === fps * 2) { // after 2 s of frames: connected and steady
      pid = descendantProcesses(pattern)[0]?.pid ?? 0;
      if (!pid) throw new Error(`no ${decoder} child found`);
      cpu0 = cpuSeconds(pid); t0 = performance.now(); n0 = frames;
    }
    if (pid && performance.now() - t0 >= measureMs) {
      cpu = cpuSeconds(pid) - cpu0; // read while the child still runs: leaving the loop stops it
      wall = (performance.now() - t0) / 1000;
      break;
    }
  }
  await source.close();
  if (!wall) throw new Error(`${decoder}: the stream ended before the measurement`);
  return { percentOfCore: (100 * cpu) / wall, framesPerSecond: (frames - 1 - n0) / wall };
}

interface CapacityRow { cameras: number; gating: boolean; minHandledFps: number; meanHandledFps: number; inferencesPerSecond: number; savedPercent: number; dropsPerCameraPerSecond: number; latencyP50Ms: number; sustained: boolean }

/** Runs `n` cameras through one CameraNode and measures, after a warm-up, what each camera got. */
async function capacity(server: RtspServer, detector: Detector, n: number, gating: boolean): Promise<CapacityRow> {
  const motion = Value.Default(MotionConfigSchema, { enabled: gating }) as never;
  const cameras: NodeCamera[] = Array.from({ length: n }, (_, i) => ({
    decoder: { decoder: 'ffmpeg', id: `cam${i}`, url: server.url(`c${i}`), fps, maxWidth: 640, ioTimeoutMs: 5000 },
    gate: motionGateFor(motion),
  }));
  const node = new CameraNode(detector, cameras);
  node.on('error', (e) => console.error('error:', e.message));
  node.start();
  await sleep(warmup * 1000);
  const before = node.stats();
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const after = node.stats();
  const wall = (performance.now() - t0) / 1000;
  await node.stop();
  const per = after.map((a, i) => {
    const b = before[i];
    const inferred = a.inferences - b.inferences, skipped = a.skippedByGate - b.skippedByGate;
    return { handled: (inferred + skipped) / wall, inferred, skipped, drops: (a.framesDropped - b.framesDropped) / wall, latency: a.latencyP50Ms ?? NaN };
  });
  const handled = per.map((p) => p.handled);
  const inferred = per.reduce((s, p) => s + p.inferred, 0), skipped = per.reduce((s, p) => s + p.skipped, 0);
  const minHandledFps = Math.min(...handled);
  return {
    cameras: n, gating, minHandledFps, meanHandledFps: handled.reduce((a, b) => a + b, 0) / n,
    inferencesPerSecond: inferred / wall, savedPercent: (100 * skipped) / Math.max(1, inferred + skipped),
    dropsPerCameraPerSecond: per.reduce((s, p) => s + p.drops, 0) / n, latencyP50Ms: median(per.map((p) => p.latency)),
    sustained: minHandledFps >= 0.95 * fps,
  };
}

async function main() {
  const clips = prepareClips();
  const maxCameras = Number(values['max-cameras']);
  const mounts = Object.fromEntries(Array.from({ length: maxCameras }, (_, i) => [`c${i}`, `raw:${clips[i % clips.length]}` as const]));
  const server = await startRtspServer({ mounts });
  try {
    const decode: Record<string, Array<{ percentOfCore: number; framesPerSecond: number }>> = { ffmpeg: [], gstreamer: [] };
    for (let r = 0; r < Number(values['decode-runs']); r++) { // --decode-runs 0 skips this part
      for (const d of ['ffmpeg', 'gstreamer'] as const) decode[d].push(await decodeCost(d, server.url('c0')));
    }
    const decodeRows = Object.entries(decode).map(([decoder, runs]) => ({
      decoder, percentOfCoreMedian: runs.length === 0 ? NaN : median(runs.map((r) => r.percentOfCore)), runs: runs.map((r) => Number(r.percentOfCore.toFixed(1))),
      framesPerSecond: runs.length === 0 ? NaN : median(runs.map((r) => r.framesPerSecond)),
    }));
    console.log(`\nDecode cost per camera (640x360..640x480 H.264 at 15 fps in, ${fps} fps out), median of ${values['decode-runs']} runs:`);
    console.table(decodeRows.map((r) => ({ decoder: r.decoder, '% of one core': r.percentOfCoreMedian.toFixed(1), 'runs': r.runs.join(' / '), 'frames/s out': r.framesPerSecond.toFixed(2) })));

    const detector = await Detector.create({ model: values.model, sessions: availableParallelism(), intraOpThreads: 1 });
    const rows: CapacityRow[] = [];
    for (const gating of [false, true]) {
      for (let n = Number(values['min-cameras']); n <= maxCameras; n++) {
        const row = await capacity(server, detector, n, gating);
        rows.push(row);
        console.log(`gating=${gating} cameras=${n}: min ${row.minHandledFps.toFixed(2)} fps/camera, ${row.inferencesPerSecond.toFixed(1)} inferences/s, saved ${row.savedPercent.toFixed(0)}%, p50 latency ${row.latencyP50Ms.toFixed(0)} ms${row.sustained ? '' : '  (not sustained)'}`);
        if (!row.sustained) break;
      }
    }
    await detector.close();
    console.log(`\nCameras at ${fps} detection fps (${values.model}, ${availableParallelism()} sessions x 1 thread, ffmpeg decode):`);
    console.table(rows.map((r) => ({ gating: r.gating, cameras: r.cameras, 'min fps/cam': r.minHandledFps.toFixed(2), 'inferences/s': r.inferencesPerSecond.toFixed(1),
      'saved %': r.savedPercent.toFixed(0), 'drops/cam/s': r.dropsPerCameraPerSecond.toFixed(2), 'p50 latency ms': r.latencyP50Ms.toFixed(0), sustained: r.sustained })));
    const best = (g: boolean) => Math.max(0, ...rows.filter((r) => r.gating === g && r.sustained).map((r) => r.cameras));
    const limited = (g: boolean) => rows.filter((r) => r.gating === g).every((r) => r.sustained) ? ' (every count tried was sustained: raise --max-cameras)' : '';
    console.log(`sustained: ${best(false)} cameras without motion gating${limited(false)}, ${best(true)} with${limited(true)}`);
    const outDir = join(root, 'benchmarks', 'results');
    mkdirSync(outDir, { recursive: true });
    const out = join(outDir, `camera-capacity-${Date.now()}.json`);
    writeFileSync(out, JSON.stringify({ machine: machineInfo(), fps, seconds, model: values.model, clips: CLIPS, decode: decodeRows, capacity: rows, sustained: { withoutGating: best(false), withGating: best(true) } }, null, 2));
    console.log(`wrote ${out}`);
  } finally {
    await server.stop();
  }
}

await main();
