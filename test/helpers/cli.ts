// Runs the real `sharpeye` bin as a child process, the way a user does, and captures its output.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { MODEL_DIR, REPO_ROOT } from './fixtures.js';

/** `tag` is the SHARPEYE_TEST_TAG the run's processes carried (see processesWithTag). */
export interface CliResult { code: number | null; stdout: string; stderr: string; tag: string }

export function runSharpeye(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const tag = randomUUID();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'sharpeye.mjs'), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, SHARPEYE_MODEL_DIR: MODEL_DIR, SHARPEYE_OFFLINE: '1', SHARPEYE_TEST_TAG: tag, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '', stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, tag }));
  });
}
