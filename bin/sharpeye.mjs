#!/usr/bin/env node
// Entry point of the `sharpeye` bin. Runs the compiled dist/ (no TypeScript compiler at start-up)
// whenever it is current: always in an installed package (no sources there), and in a checkout
// when dist/'s build stamp matches the sources now on disk. A checkout whose sources changed after
// the last `npm run build` (or that was never built) runs the sources through tsx instead, so
// edited code never runs stale. SHARPEYE_CLI_RUNTIME=tsx|dist forces one (benchmarks, debugging).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { isBuildCurrent } from './build-stamp.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const source = join(root, 'cli', 'main.ts');
const compiled = join(dist, 'cli', 'main.js');
const forced = process.env.SHARPEYE_CLI_RUNTIME;

async function tsxRegister() {
  try {
    return (await import('tsx/esm/api')).register;
  } catch {
    return undefined;
  }
}

/** 'dist' or 'tsx': which code this run executes. */
async function chooseRuntime() {
  if (!existsSync(source)) return 'dist'; // an installed package: only the compiled code ships
  if (forced === 'dist' || forced === 'tsx') return forced;
  if (isBuildCurrent(root, dist)) return 'dist';
  return 'tsx';
}

const runtime = await chooseRuntime();
const register = runtime === 'tsx' ? await tsxRegister() : undefined;
if (register) {
  register();
  await (await import(pathToFileURL(source).href)).runCli();
} else {
  if (runtime === 'tsx' || !existsSync(compiled)) {
    process.stderr.write(existsSync(compiled)
      ? "sharpeye: warning: dist/ is older than the sources and tsx is not installed; running dist/ (run 'npm run build')\n"
      : "sharpeye: E_INTERNAL: dist/ is missing; run 'npm run build'\n");
    if (!existsSync(compiled)) process.exit(1);
  }
  await (await import(pathToFileURL(compiled).href)).runCli();
}
