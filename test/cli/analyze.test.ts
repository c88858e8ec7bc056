// `sharpeye analyze` end to end on every fixture clip: the JSON-lines contract, frame counts at
// the requested rate, strictly increasing pts, the classes each clip is known to show, the summary,
// and bad inputs (with no ffmpeg left behind).
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { video } from '../helpers/fixtures.js';
import { runSharpeye } from '../helpers/cli.js';
import { processesWithTag } from '../helpers/processes.js';

interface Line { source: string; frame: number; pts: number; detections: Array<{ label: string; score: number; box: number[] }> }

const dir = mkdtempSync(join(tmpdir(), 'sharpeye-analyze-'));

// duration (s) from the videos MANIFEST, and classes it lists as clearly present (score >= 0.5)
const CLIPS = [
  { file: 'intersection.mp4', duration: 30.3, fps: 5, classes: ['car', 'person'] },
  { file: 'highway.mp4', duration: 8.933, fps: 5, classes: ['car'] },
  { file: 'pedestrian_street.mp4', duration: 10.477, fps: 5, classes: ['person'] },
  { file: 'parking_lot_topdown.mp4', duration: 30.16, fps: 2, classes: [] },
];

for (const clip of CLIPS) {
  t.test(`${clip.file} at ${clip.fps} fps`, async (t) => {
    const out = join(dir, `${clip.file}.jsonl`);
    const r = await runSharpeye(['analyze', video(clip.file), '--fps', String(clip.fps), '--out', out]);
    t.equal(r.code, 0, r.stderr);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Line);
    const expected = clip.duration * clip.fps;
    t.ok(Math.abs(lines.length - expected) <= 1, `${lines.length} frames for ${clip.duration} s x ${clip.fps} fps = ${expected}`);
    lines.forEach((l, i) => {
      t.equal(l.frame, i);
      t.equal(l.source, video(clip.file));
    });
    t.ok(lines.every((l, i) => i === 0 || l.pts > lines[i - 1].pts), 'pts strictly increasing');
    // Within one source frame (80 ms on the 12.5 fps clip): sampling keeps the source's own pts
    // (0.56 s, not 0.5 s, is the parking clip's 2nd frame at 2 fps); it used to be a made-up grid.
    t.ok(Math.abs(lines[1].pts - lines[0].pts - 1 / clip.fps) < 0.081, 'pts step matches the sampling rate');
    for (const label of clip.classes) {
      const frames = lines.filter((l) => l.detections.some((d) => d.label === label && d.score >= 0.5)).length;
      t.ok(frames > 0, `${label} appears (${frames} frames)`);
    }
    t.match(r.stderr, new RegExp(`frames ${lines.length}, inferences ${lines.length}`), 'summary counts frames and inferences');
    t.match(r.stderr, /frames\/s/);
    t.same(processesWithTag(r.tag), [], 'no process of the run is left');
  });
}

t.test('--fps above the source rate never invents frames: a 12.5 fps clip of 25 frames gives 25 records at its own pts', async (t) => {
  const clip = join(dir, 'cfr12_5.mp4');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=12.5', '-t', '2', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', clip]);
  const sourcePts = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'frame=best_effort_timestamp_time', '-of', 'csv=p=0', clip], { encoding: 'utf8' })
    .split('\n').filter(Boolean).map((l) => Number(l.replace(/,$/, '')));
  t.equal(sourcePts.length, 25);
  const r = await runSharpeye(['analyze', clip, '--fps', '30', '--model', 'yolox-nano']);
  t.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Line);
  t.equal(lines.length, 25, 'one record per source frame (was 60: frames repeated to fill 30 fps)');
  t.same(lines.map((l) => l.pts.toFixed(3)), sourcePts.map((p) => p.toFixed(3)), "each record carries its source frame's pts");
});

t.test('intersection: about four cars per frame, like the reference', async (t) => {
  const lines = readFileSync(join(dir, 'intersection.mp4.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Line);
  const cars = lines.map((l) => l.detections.filter((d) => d.label === 'car' && d.score >= 0.5).length).sort((a, b) => a - b);
  const median = cars[cars.length >> 1];
  t.ok(median >= 3 && median <= 5, `median cars per frame ${median} (reference: 4)`);
});

t.test('parking lot: empty frames give no detections', async (t) => {
  const lines = readFileSync(join(dir, 'parking_lot_topdown.mp4.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Line);
  const early = lines.filter((l) => l.pts < 3.5);
  t.ok(early.length >= 6);
  t.ok(early.every((l) => l.detections.length === 0), 'frame is empty at 0-4 s');
});

t.test('stdout output when --out is absent', async (t) => {
  const r = await runSharpeye(['analyze', video('highway.mp4'), '--fps', '1']);
  t.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  t.ok(Math.abs(lines.length - 9) <= 1);
  t.ok(JSON.parse(lines[0]).detections.length > 0);
});

t.test('bad inputs: each its own clear error, no ffmpeg left running', async (t) => {
  const truncated = join(dir, 'truncated.mp4');
  writeFileSync(truncated, readFileSync(video('intersection.mp4')).subarray(0, 200_000));
  const cases: Array<[string[], RegExp]> = [
    [['analyze', join(dir, 'missing.mp4')], /^sharpeye analyze: E_INPUT_NOT_FOUND: .*missing\.mp4/],
    [['analyze', truncated], /^sharpeye analyze: E_INGEST_DECODE: .*truncated\.mp4.*moov atom not found/],
    [['analyze', 'gopher://example.org/video'], /^sharpeye analyze: E_INPUT_UNSUPPORTED_URL: .*gopher/],
    [['analyze', video('highway.mp4'), '--fps', '0'], /^sharpeye analyze: E_CONFIG_INVALID: --fps/],
  ];
  for (const [args, pattern] of cases) {
    const r = await runSharpeye(args);
    t.not(r.code, 0, args.join(' '));
    t.match(r.stderr, pattern);
    t.equal(r.stderr.trim().split('\n').length, 1, 'one line');
    t.same(processesWithTag(r.tag), [], 'no process of the run is left');
  }
});
