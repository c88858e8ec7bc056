#!/usr/bin/env node
// Entry point of the `sharpeye` bin. In a checkout (sources and tsx present) it runs the
// TypeScript sources through tsx, so no build can go stale; otherwise the compiled `dist/`.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'cli', 'main.ts');
const compiled = join(root, 'dist', 'cli', 'main.js');

async function tsxRegister() {
  try {
    return (await import('tsx/esm/api')).register;
  } catch {
    return undefined;
  }
}

const register = existsSync(source) ? await tsxRegister() : undefined;
if (register) {
  register();
  await (await import(pathToFileURL(source).href)).runCli();
} else {
  await (await import(pathToFileURL(compiled).href)).runCli();
}
