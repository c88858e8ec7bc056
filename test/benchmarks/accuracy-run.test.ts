// The accuracy benchmark end to end on one short clip: the real `sharpeye analyze --rules` child
// process, scoring against the highway truth, the printed tables and the JSON results file.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MODEL_DIR, REPO_ROOT, VIDEOS_DIR } from '../helpers/fixtures.js';

t.test('run.ts scores highway.mp4 with yolox-nano at 5 fps and writes JSON', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sharpeye-accuracy-run-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'benchmarks', 'accuracy', 'run.ts'),
    '--clips', 'highway', '--models', 'yolox-nano', '--fps', '5', '--video-dir', VIDEOS_DIR, '--model-dir', MODEL_DIR, '--results', dir, '--keep', join(dir, 'work')],
  { cwd: REPO_ROOT, encoding: 'utf8' });
  t.equal(r.status, 0, r.stderr);
  t.match(r.stdout, /== highway\.mp4 · yolox-nano · 5 fps \(45 frames/);
  t.match(r.stdout, /line across forward\s+5 \(5-6\)\s+\d+/);
  t.match(r.stdout, /== summary ==/);
  const files = readdirSync(dir).filter((f) => /^accuracy-\d+\.json$/.test(f));
  t.equal(files.length, 1);
  const out = JSON.parse(readFileSync(join(dir, files[0]), 'utf8'));
  t.match(out, { benchmark: 'accuracy', machine: { cores: Number }, clips: ['highway'], models: ['yolox-nano'], fps: [5] });
  const res = out.results[0];
  t.notOk(res.error);
  t.equal(res.score.frames, 45, 'every frame of the 8.9 s clip at 5 fps');
  t.equal(res.score.lines.length, 2);
  t.ok(res.score.lines[0].got >= 1, 'the pipeline counted crossings on a busy road');
  t.equal(res.tracking, null, 'highway has no per-frame boxes');
  t.match(readFileSync(join(dir, 'work', 'highway.mp4.rules.yaml'), 'utf8'), /type: line_crossing, line: across/);
});
