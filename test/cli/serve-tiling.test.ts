// `sharpeye serve` with per-camera tiling: two file cameras (allowFiles, the fixtures folder as a
// --config-root) on one shared detector, one tiled and one plain. The tiled camera produces
// detections, its model inputs are its frames x (slices + 1), the plain camera's are its frames,
// and nothing is left running after SIGTERM.
import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { runSharpeye, startSharpeye } from '../helpers/cli.js';
import { TILING_LIMITS } from '../../inference/index.js';
import { video } from '../helpers/fixtures.js';
import { processesWithTag } from '../helpers/processes.js';

type Line = Record<string, any>;
const dir = mkdtempSync(join(tmpdir(), 'sharpeye-serve-tiling-'));

t.test('one tiled and one plain camera on one detector', async (t) => {
  // intersection.mp4 is 640x480; 320 px slices overlapping by 0.2 give 3 x 2 slices + the full frame.
  const clip = video('intersection.mp4');
  const camera = { url: clip, fps: 5, maxWidth: 640, motion: { enabled: false } };
  const config = join(dir, 'tiling.yaml');
  writeFileSync(config, stringify({
    allowFiles: true, detector: { model: 'yolox-nano', sessions: 1 },
    cameras: [{ id: 'far', ...camera, tiling: { tileSize: 320 } }, { id: 'near', ...camera }],
  }));
  const run = startSharpeye(['serve', '--json-lines', '--port', '0', '--config', config, '--config-root', dirname(clip), '--stats-interval', '1']);
  t.teardown(() => run.stop('SIGKILL'));
  const withCars = (id: string) => (l: Line) => l.type === 'detections' && l.camera === id && (l.detections as Line[]).some((d) => d.label === 'car');
  const far = await run.waitFor(withCars('far'), 90_000, 'the tiled camera detects cars');
  await run.waitFor(withCars('near'), 60_000, 'the plain camera detects cars');
  t.ok(far.detections.every((d: Line) => d.box[0] >= 0 && d.box[2] <= 640.5 && d.box[3] <= 480.5), 'tiled boxes lie in the frame');
  await run.waitFor((l) => l.type === 'stats' && (l.cameras as Line[]).every((c) => c.inferences >= 2), 90_000, 'both cameras detected a few frames');
  const r = await run.stop('SIGTERM');
  t.equal(r.code, 0, `exits 0 (stderr: ${r.stderr.slice(-500)})`);
  t.notOk(run.lines.some((l) => l.type === 'error'), `no error lines: ${JSON.stringify(run.lines.filter((l) => l.type === 'error').slice(0, 3))}`);
  const summary = run.lines.find((l) => l.type === 'summary') as Line;
  const stats = Object.fromEntries((summary.cameras as Line[]).map((c) => [c.id, c]));
  t.equal(stats.far.modelInputs, 7 * stats.far.inferences, `the tiled camera: 7 model inputs per frame (${stats.far.inferences} frames)`);
  t.equal(stats.near.modelInputs, stats.near.inferences, `the plain camera: one per frame (${stats.near.inferences} frames)`);
  t.equal(summary.scheduler.framesTiled, stats.far.inferences);
  t.equal(summary.scheduler.modelInputs, stats.far.modelInputs + stats.near.modelInputs);
  const mean = (id: string) => { const ls = run.lines.filter((l) => l.type === 'detections' && l.camera === id); return ls.reduce((n, l) => n + l.detections.length, 0) / ls.length; };
  t.ok(mean('far') > mean('near'), `slices find more objects on the same clip: ${mean('far').toFixed(1)} tiled vs ${mean('near').toFixed(1)} plain per frame`);
  await new Promise((res) => setTimeout(res, 300));
  t.same(processesWithTag(r.tag), [], 'nothing of the run left');
});

t.test('analyze --tile/--tile-overlap refuse what the config schema refuses (bounds defined once)', async (t) => {
  const { tileSize: T, overlap: O } = TILING_LIMITS;
  const cases: Array<[string[], RegExp]> = [
    [['--tile', String(T.minimum - 1)], new RegExp(`--tile must be a number between ${T.minimum} and ${T.maximum}, got '${T.minimum - 1}'`)],
    [['--tile', String(T.maximum + 1)], new RegExp(`--tile must be a number between ${T.minimum} and ${T.maximum}`)],
    [['--tile', '320', '--tile-overlap', '0.95'], new RegExp(`--tile-overlap must be a number between ${O.minimum} and ${O.maximum}, got '0\\.95'`)],
  ];
  for (const [flags, message] of cases) {
    const r = await runSharpeye(['analyze', ...flags, video('intersection.mp4')]);
    t.equal(r.code, 2, flags.join(' '));
    t.match(r.stderr, message);
  }
});
