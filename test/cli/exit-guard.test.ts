// The exit guard in real Node processes: an error that escapes every handler becomes one line and
// status 1 after the command had its grace to stop in order, and a handle left open after the
// command finished cannot keep the process alive.
import t from 'tap';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'sharpeye-exit-guard-'));
const GUARD = join(REPO_ROOT, 'cli', 'exit-guard.ts');

/** Runs `body` after installing the guard (grace 1500 ms); resolves with status, output and run time. */
function run(name: string, body: string): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const file = join(dir, `${name}.mts`);
  writeFileSync(file, `import { installExitGuard } from ${JSON.stringify(GUARD)};\nconst guard = installExitGuard({ prefix: 'sharpeye test', stderr: process.stderr, graceMs: 1500 });\n${body}\n`);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => { clearTimeout(killer); resolve({ code, stdout, stderr, ms: performance.now() - started }); });
  });
}

t.test('an unhandled rejection: one line, the command stops in order on the signal, status 1', async (t) => {
  const r = await run('rejection', `
const timer = setInterval(() => {}, 1000);
guard.signal.addEventListener('abort', () => { clearInterval(timer); process.stdout.write('stopped in order\\n'); guard.finish(0); });
setTimeout(() => { void Promise.reject(new Error('boom\\nsecond line')); }, 50);`);
  t.equal(r.code, 1, 'status 1 although the command returned 0');
  t.equal(r.stderr, 'sharpeye test: E_INTERNAL: boom\\nsecond line\n', 'one line, the line break escaped');
  t.equal(r.stdout, 'stopped in order\n');
});

t.test('an uncaught exception in a command that ignores the signal: killed after the grace, status 1', async (t) => {
  const r = await run('exception', `
setInterval(() => {}, 1000);
setTimeout(() => { throw new TypeError('cannot read x of undefined'); }, 50);
setTimeout(() => { throw new Error('a consequence, not reported'); }, 100);`);
  t.equal(r.code, 1);
  t.equal(r.stderr, 'sharpeye test: E_INTERNAL: cannot read x of undefined\n', 'only the first error');
});

t.test('an EPIPE on stdout (reader gone) is such an error too', async (t) => {
  const file = join(dir, 'epipe.mts');
  writeFileSync(file, `import { installExitGuard } from ${JSON.stringify(GUARD)};
const guard = installExitGuard({ prefix: 'sharpeye test', stderr: process.stderr, graceMs: 1500 });
const timer = setInterval(() => process.stdout.write('line\\n'), 20);
guard.signal.addEventListener('abort', () => { clearInterval(timer); guard.finish(0); });\n`);
  const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    child.stdout.once('data', () => child.stdout.destroy());
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => { clearTimeout(killer); resolve({ code, stderr }); });
  });
  t.equal(r.code, 1);
  t.match(r.stderr, /^sharpeye test: E_INTERNAL: .*EPIPE.*\n$/);
});

t.test('a handle left open after the command finished: named on stderr, exit with the command status', async (t) => {
  const r = await run('leak', `setInterval(() => {}, 1000);\nguard.finish(0);`);
  t.equal(r.code, 0, "the command's status");
  t.match(r.stderr, /^sharpeye test: E_INTERNAL: still running 1500 ms after finishing \(open: .*Timeout.*\); exiting\n$/);
  const failed = await run('leak-failed', `setInterval(() => {}, 1000);\nguard.finish(2);`);
  t.equal(failed.code, 2);
});

t.test('nothing left open: the process ends at once with the status, silently', async (t) => {
  const r = await run('clean', `guard.finish(2);`);
  t.equal(r.code, 2);
  t.equal(r.stderr, '');
  const quick = await run('clean-timer', `setTimeout(() => guard.finish(0), 10);`);
  t.equal(quick.code, 0);
  t.equal(quick.stderr, '');
});
