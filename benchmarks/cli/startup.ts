// CLI start-up time: wall time of `sharpeye --version`, `--help` and `detect --help` from spawn to
// exit, run from the sources through tsx (SHARPEYE_CLI_RUNTIME=tsx, as every call did before the
// compiled bin) and from the compiled dist/ (SHARPEYE_CLI_RUNTIME=dist), next to Node's own start-up
// (`node -e 0`). With --before REF it also times the bin of an older commit (extracted with git
// archive into a temp folder, sharing this checkout's node_modules). Medians over --runs after one
// warm-up each; prints a table and writes JSON to benchmarks/results/. Usage:
//   npm run -s build && node --import tsx benchmarks/cli/startup.ts [--runs 15] [--before c3b60bc]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isBuildCurrent } from '../../bin/build-stamp.mjs';
import { machineInfo, median } from '../machine-info.js';

const root = resolve(import.meta.dirname, '..', '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' }, before: { type: 'string' } } });
const runs = Number(values.runs);
const COMMANDS = [['--version'], ['--help'], ['detect', '--help']];

if (!isBuildCurrent(root, join(root, 'dist'))) {
  process.stderr.write("startup: dist/ is missing or older than the sources; run 'npm run -s build' first\n");
  process.exit(1);
}

/** Wall milliseconds of each of `runs` spawns (after one warm-up), all expected to exit 0. */
function time(argv: string[], env: NodeJS.ProcessEnv, cwd = root): number[] {
  const out: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(argv[0], argv.slice(1), { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    const ms = performance.now() - t0;
    if (r.status !== 0 && !(argv.at(-1) === '--version' && r.status === 2)) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
    if (i > 0) out.push(ms);
  }
  return out;
}

/** An older commit's tree in a temp folder, using this checkout's node_modules. */
function checkoutOf(ref: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sharpeye-startup-before-'));
  execFileSync('sh', ['-c', `git -C "${root}" archive "${ref}" | tar -x -C "${dir}"`]);
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

interface Row { variant: string; command: string; medianMs: number; minMs: number; maxMs: number }
const rows: Row[] = [];
const record = (variant: string, command: string, ms: number[]) => rows.push({ variant, command, medianMs: median(ms), minMs: Math.min(...ms), maxMs: Math.max(...ms) });
const bin = join(root, 'bin', 'sharpeye.mjs');

record('node -e 0', '-', time([process.execPath, '-e', '0'], {}));
const before = values.before ? checkoutOf(values.before) : undefined;
try {
  for (const command of COMMANDS) {
    if (before) record(`bin at ${values.before}`, command.join(' '), time([process.execPath, join(before, 'bin', 'sharpeye.mjs'), ...command], {}, before));
    record('tsx (sources)', command.join(' '), time([process.execPath, bin, ...command], { SHARPEYE_CLI_RUNTIME: 'tsx' }));
    record('dist (compiled)', command.join(' '), time([process.execPath, bin, ...command], { SHARPEYE_CLI_RUNTIME: 'dist' }));
    record('dist, auto (stamp check)', command.join(' '), time([process.execPath, bin, ...command], { SHARPEYE_CLI_RUNTIME: '' }));
  }
} finally {
  if (before) rmSync(before, { recursive: true, force: true });
}

const machine = machineInfo();
const load = (await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ');
console.log(`CLI start-up, median of ${runs} runs (ms); ${machine.cpu}, ${machine.cores} cores, node ${machine.node}, load ${load}`);
console.log('| variant | command | median ms | min | max |');
console.log('|---|---|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.variant} | ${r.command} | ${r.medianMs.toFixed(0)} | ${r.minMs.toFixed(0)} | ${r.maxMs.toFixed(0)} |`);
const dir = join(root, 'benchmarks', 'results');
mkdirSync(dir, { recursive: true });
const file = join(dir, `cli-startup-${machine.date.replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify({ machine, loadAverage: load, runs, before: values.before, rows }, null, 2) + '\n');
console.log(`written ${file}`);
