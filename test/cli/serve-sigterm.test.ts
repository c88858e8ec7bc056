// SIGTERM to the process a user started stops everything: `sharpeye serve` run directly and through
// `npm run -s sharpeye -- serve` (npm forwards the signal to its script's shell, which must have
// exec'd node: a shell left in between dies on SIGTERM and orphans a running serve and its ffmpeg).
// A file camera (allowFiles) keeps the run self-contained.
import t from 'tap';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { MODEL_DIR, REPO_ROOT, video } from '../helpers/fixtures.js';
import { processesWithTag } from '../helpers/processes.js';

const dir = mkdtempSync(join(tmpdir(), 'sharpeye-sigterm-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const clip = video('intersection.mp4');
const config = join(dir, 'file-camera.yaml');
writeFileSync(config, stringify({
  allowFiles: true, detector: { model: 'yolox-nano', sessions: 1 },
  cameras: [{ id: 'loop', url: clip, fps: 2, maxWidth: 320, motion: { enabled: false } }],
}));
const serveArgs = ['serve', '--config', config, '--config-root', dirname(clip), '--stats-interval', '1', '--json-lines', '--port', '0'];

/** Starts `command`, waits for detections on stdout, sends SIGTERM to that very process, and reports. */
async function termWhenDetecting(command: string, args: string[]) {
  const tag = randomUUID();
  const child = spawn(command, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, SHARPEYE_MODEL_DIR: MODEL_DIR, SHARPEYE_OFFLINE: '1', SHARPEYE_TEST_TAG: tag },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '', stderr = '';
  let sawDecoder = false;
  const killer = setTimeout(() => child.kill('SIGKILL'), 180_000);
  const detecting = new Promise<void>((resolve) => {
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (stdout.includes('"type":"detections"')) resolve();
    });
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  await Promise.race([detecting, closed]);
  sawDecoder = processesWithTag(tag).some((p) => /ffmpeg/.test(p.command));
  child.kill('SIGTERM');
  const exit = await closed;
  clearTimeout(killer);
  await new Promise((r) => setTimeout(r, 500));
  const lines = stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, any>);
  return { ...exit, stderr, sawDecoder, summary: lines.find((l) => l.type === 'summary'), left: processesWithTag(tag) };
}

t.test('SIGTERM to the bin: clean shutdown, nothing left', async (t) => {
  const r = await termWhenDetecting(process.execPath, [join(REPO_ROOT, 'bin', 'sharpeye.mjs'), ...serveArgs]);
  t.ok(r.sawDecoder, 'ffmpeg was running when the signal came');
  t.equal(r.code, 0, `exit 0 (stderr: ${r.stderr.slice(-500)})`);
  t.equal(r.summary?.stoppedBy, 'SIGTERM', 'the summary says why it stopped');
  t.same(r.left, [], 'no process of the run left');
});

t.test('SIGTERM to `npm run -s sharpeye -- serve`: npm waits for serve to shut down, nothing left', async (t) => {
  const r = await termWhenDetecting('npm', ['run', '-s', 'sharpeye', '--', ...serveArgs]);
  t.ok(r.sawDecoder, 'ffmpeg was running when the signal came');
  t.equal(r.code, 0, `npm exits with serve's status 0 (stderr: ${r.stderr.slice(-500)})`);
  t.equal(r.summary?.stoppedBy, 'SIGTERM', 'serve got the signal and printed its summary');
  t.same(r.left, [], 'no serve, shell or ffmpeg of the run left');
});
