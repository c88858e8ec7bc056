// Progress of `sharpeye analyze` on stderr, data unchanged on --out: JSON progress lines where
// stderr is a pipe, a cli-progress bar with fps and ETA on a real pseudo-terminal (util-linux
// `script`), nothing with --progress off, and a clear error for an unknown mode.
import t from 'tap';
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSharpeye } from '../helpers/cli.js';
import { MODEL_DIR, REPO_ROOT, video } from '../helpers/fixtures.js';
import { processesWithTag } from '../helpers/processes.js';

const dir = mkdtempSync(join(tmpdir(), 'sharpeye-analyze-progress-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const CLIP = ['analyze', video('highway.mp4'), '--fps', '2', '--model', 'yolox-nano'];
const jsonLines = (text: string) => text.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));

t.test('stderr not a terminal: periodic one-line JSON progress records; the data stays on --out', async (t) => {
  const out = join(dir, 'lines.jsonl');
  const r = await runSharpeye([...CLIP, '--out', out, '--progress-interval', '0.2']);
  t.equal(r.code, 0, r.stderr);
  const records = r.stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
  t.ok(records.length >= 2, `${records.length} progress records`);
  for (const p of records) {
    t.match(p, { type: 'progress', frames: Number, pts: Number, duration: Number, fraction: Number, fps: Number, speed: Number, elapsed: Number });
    t.ok(p.eta === null || p.eta >= 0, `eta ${p.eta}`);
    t.ok(Math.abs(p.duration - 8.94) < 0.05, 'the clip\'s duration');
  }
  t.ok(records.every((p, i) => i === 0 || (p.frames >= records[i - 1].frames && p.elapsed >= records[i - 1].elapsed)), 'frames and time only go up');
  t.ok(records.some((p) => p.eta !== null && p.fps > 0), 'an ETA and fps once frames have been done');
  t.match(r.stderr, /frames 18, inferences 18/, 'the summary follows');
  const data = jsonLines(readFileSync(out, 'utf8'));
  t.equal(data.length, 18, 'one frame line per frame, nothing else in the data');
  t.ok(data.every((l) => l.type === 'frame'));
  t.equal(r.stdout, '');
});

t.test('--progress off: no progress records; an unknown mode fails before any output is created', async (t) => {
  const r = await runSharpeye([...CLIP, '--max-frames', '3', '--progress', 'off', '--progress-interval', '0.1']);
  t.equal(r.code, 0, r.stderr);
  t.notMatch(r.stderr, /"type":"progress"/);
  t.equal(jsonLines(r.stdout).length, 3);
  const out = join(dir, 'never.jsonl');
  const bad = await runSharpeye([...CLIP, '--progress', 'fancy', '--out', out]);
  t.equal(bad.code, 2);
  t.match(bad.stderr, /^sharpeye analyze: E_CONFIG_INVALID: --progress must be one of auto, bar, lines, off, got 'fancy'\n$/);
  t.notOk(existsSync(out), '--out not created');
});

const hasScript = spawnSync('script', ['--version']).status === 0;
t.test('stderr a terminal: a progress bar with percentage, fps and ETA', { skip: hasScript ? false : 'util-linux script not installed' }, async (t) => {
  const out = join(dir, 'bar.jsonl');
  const tag = randomUUID();
  const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
  const command = [process.execPath, join(REPO_ROOT, 'bin', 'sharpeye.mjs'), ...CLIP, '--out', out].map(quote).join(' ');
  // `script` runs the command on a new pseudo-terminal and copies what it shows to our pipe.
  const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], {
    env: { ...process.env, SHARPEYE_MODEL_DIR: MODEL_DIR, SHARPEYE_OFFLINE: '1', SHARPEYE_TEST_TAG: tag, COLUMNS: '160' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let screen = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => { screen += d; });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  t.equal(code, 0, screen.slice(-2000));
  // The bar redraws in place: split on carriage returns and cursor moves, strip colours.
  const frames = screen.split(/\r|\x1b\[1G/).map((s) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b[78]/g, ''));
  const bars = frames.filter((s) => s.startsWith('analyze |'));
  t.ok(bars.length >= 3, `${bars.length} bar redraws`);
  const pattern = /^analyze \|[█░]+\| (\d+)% \| [\d.]+\/8\.9 s \| (\d+) frames \| ([\d.]+) fps \| ETA (\S+)/;
  t.ok(bars.every((b) => pattern.test(b)), `every redraw shows percentage, position, frames, fps and ETA: ${bars.at(-1)}`);
  const parsed = bars.map((b) => pattern.exec(b)!);
  t.ok(parsed.some((m) => /^\d+s$|^\d+m\d+s$/.test(m[4]) && Number(m[3]) > 0), 'an ETA in time units and a non-zero fps once running');
  t.equal(parsed.at(-1)![1], '100', 'the bar ends at 100 %');
  t.match(screen, /frames 18, inferences 18/, 'the summary follows the bar');
  t.equal(jsonLines(readFileSync(out, 'utf8')).length, 18, 'the data is unchanged in --out');
  t.same(processesWithTag(tag), [], 'nothing of the run left running');
});
