// Runs the real `sharpeye` bin as a child process, the way a user does, and captures its output.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { MODEL_DIR, REPO_ROOT } from './fixtures.js';

/** `tag` is the SHARPEYE_TEST_TAG the run's processes carried (see processesWithTag). */
export interface CliResult { code: number | null; stdout: string; stderr: string; tag: string }

/** Spawns the real bin with the fixtures' model dir, offline, tagged for leftover checks; stdout and stderr piped. */
export function spawnSharpeye(args: string[], env: NodeJS.ProcessEnv = {}) {
  const tag = randomUUID();
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'sharpeye.mjs'), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, SHARPEYE_MODEL_DIR: MODEL_DIR, SHARPEYE_OFFLINE: '1', SHARPEYE_TEST_TAG: tag, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { child, tag };
}

export function runSharpeye(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const { child, tag } = spawnSharpeye(args, env);
  return new Promise((resolve, reject) => {
    let stdout = '', stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, tag }));
  });
}

/** A long-running `sharpeye` (e.g. serve) whose JSON-lines stdout is read as it comes. */
export interface RunningSharpeye {
  tag: string;
  /** Every JSON line so far (non-JSON lines are kept as { raw }). */
  lines: Array<Record<string, any>>;
  stderr(): string;
  stdout(): string;
  /** Resolves with the first line (from `from` on) matching `predicate`; rejects after `timeoutMs`. */
  waitFor(predicate: (line: Record<string, any>) => boolean, timeoutMs: number, what: string): Promise<Record<string, any>>;
  /** Sends `signal` and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<CliResult>;
  exited: Promise<CliResult>;
}

export function startSharpeye(args: string[], env: NodeJS.ProcessEnv = {}): RunningSharpeye {
  const tag = randomUUID();
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'sharpeye.mjs'), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, SHARPEYE_MODEL_DIR: MODEL_DIR, SHARPEYE_OFFLINE: '1', SHARPEYE_TEST_TAG: tag, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '', stderr = '', partial = '';
  const lines: Array<Record<string, any>> = [];
  const waiters = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    partial += d;
    const parts = partial.split('\n');
    partial = parts.pop()!;
    for (const p of parts.filter(Boolean)) {
      try { lines.push(JSON.parse(p)); } catch { lines.push({ raw: p }); }
    }
    for (const w of waiters) w();
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
  const exited = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => { for (const w of waiters) w(); resolve({ code, stdout, stderr, tag }); });
  });
  return {
    tag, lines, exited,
    stderr: () => stderr,
    stdout: () => stdout,
    waitFor(predicate, timeoutMs, what) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = lines.find(predicate);
          if (hit) { done(); resolve(hit); } else if (child.exitCode !== null || child.signalCode !== null) { done(); reject(new Error(`sharpeye exited before: ${what}\n${stderr.slice(-2000)}`)); }
        };
        const timer = setTimeout(() => { done(); reject(new Error(`timed out after ${timeoutMs} ms waiting for: ${what}\nstderr: ${stderr.slice(-2000)}`)); }, timeoutMs);
        const done = () => { clearTimeout(timer); waiters.delete(check); };
        waiters.add(check);
        check();
      });
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const r = await exited;
      clearTimeout(killer);
      return r;
    },
  };
}
