// bin/sharpeye.mjs runs the compiled dist/ only while it matches the sources: checked on a small
// scratch checkout (the real bin, build script and compiler; a two-file program that says which
// copy runs), so edits, added and removed files, mtimes put back and a missing build are all tried
// without touching this repository's dist/. Also `--version` and `-V` of the real CLI.
import t from 'tap';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/fixtures.js';
import { runSharpeye } from '../helpers/cli.js';
import { main } from '../../cli/main.js';

const version = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** A scratch checkout whose cli/main.ts prints `<source|dist> <greeting>` (no node types: a quick compile). */
function scratchCheckout(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sharpeye-bin-'));
  cpSync(join(REPO_ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
  cpSync(join(REPO_ROOT, 'scripts', 'build.mjs'), join(dir, 'scripts', 'build.mjs'));
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'scratch', type: 'module' }));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, outDir: 'dist', rootDir: '.', types: [] },
    include: ['cli', 'core'],
  }));
  writeFileSync(join(dir, 'tsconfig.build.json'), JSON.stringify({ extends: './tsconfig.json', include: ['cli', 'core'] }));
  mkdirSync(join(dir, 'cli'));
  mkdirSync(join(dir, 'core'));
  writeFileSync(join(dir, 'core', 'greeting.ts'), "export const greeting: string = 'v1';\n");
  writeMain(dir);
  return dir;
}

function writeMain(dir: string): void {
  writeFileSync(join(dir, 'cli', 'main.ts'), [
    "import { greeting } from '../core/greeting.js';",
    'export async function runCli(): Promise<void> {',
    "  console.log(`${import.meta.url.endsWith('.ts') ? 'source' : 'dist'} ${greeting}`);",
    '}',
  ].join('\n'));
}

function runBin(dir: string, env: NodeJS.ProcessEnv = {}): string {
  return execFileSync(process.execPath, [join(dir, 'bin', 'sharpeye.mjs')], { env: { ...process.env, SHARPEYE_CLI_RUNTIME: '', ...env }, encoding: 'utf8' }).trim();
}

function build(dir: string): void {
  const r = spawnSync(process.execPath, [join(dir, 'scripts', 'build.mjs')], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed: ${r.stdout}${r.stderr}`);
}

t.test('the bin runs dist/ only while its stamp matches the sources', async (t) => {
  const dir = scratchCheckout();
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));

  t.equal(runBin(dir), 'source v1', 'never built: the sources run');
  build(dir);
  t.equal(runBin(dir), 'dist v1', 'fresh build: dist/ runs');
  t.ok(statSync(join(dir, 'dist', '.build-stamp.json')).isFile());

  writeFileSync(join(dir, 'core', 'greeting.ts'), "export const greeting: string = 'v2';\n");
  t.equal(runBin(dir), 'source v2', 'an edited source: the sources run, never the stale dist/');
  t.equal(runBin(dir, { SHARPEYE_CLI_RUNTIME: 'dist' }), 'dist v1', 'SHARPEYE_CLI_RUNTIME=dist forces the build');
  build(dir);
  t.equal(runBin(dir), 'dist v2', 'rebuilt: dist/ runs again');
  t.equal(runBin(dir, { SHARPEYE_CLI_RUNTIME: 'tsx' }), 'source v2', 'SHARPEYE_CLI_RUNTIME=tsx forces the sources');

  writeFileSync(join(dir, 'core', 'extra.ts'), 'export const extra = 1;\n');
  t.equal(runBin(dir), 'source v2', 'an added source file makes dist/ stale');
  unlinkSync(join(dir, 'core', 'extra.ts'));
  t.equal(runBin(dir), 'dist v2', 'removed again: the stamp matches again');

  const file = join(dir, 'core', 'greeting.ts');
  const before = statSync(file).mtime;
  writeFileSync(file, "export const greeting: string = 'v3';\n");
  utimesSync(file, before, new Date(before.getTime() - 60_000));
  t.equal(runBin(dir), 'source v3', 'a file put back with an older mtime still counts as changed');
  build(dir);

  writeFileSync(join(dir, 'tsconfig.build.json'), JSON.stringify({ extends: './tsconfig.json', include: ['cli', 'core'], compilerOptions: { sourceMap: true } }));
  t.equal(runBin(dir), 'source v3', 'changed compiler settings make dist/ stale');
});

t.test('a failed build leaves the previous dist/ and its stamp as they were', async (t) => {
  const dir = scratchCheckout();
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  build(dir);
  writeFileSync(join(dir, 'core', 'greeting.ts'), 'export const greeting: number = "not a number";\n');
  const r = spawnSync(process.execPath, [join(dir, 'scripts', 'build.mjs')], { cwd: dir, encoding: 'utf8' });
  t.not(r.status, 0, 'the type error fails the build');
  t.match(r.stderr, /dist\/ left as it was/);
  t.equal(runBin(dir, { SHARPEYE_CLI_RUNTIME: 'dist' }), 'dist v1', 'the old build is still complete');
  t.equal(runBin(dir), 'source not a number', 'and, being stale, is not what runs');
});

t.test('--version and -V print the package version', async (t) => {
  for (const flag of ['--version', '-V']) {
    const r = await runSharpeye([flag]);
    t.equal(r.code, 0, r.stderr);
    t.equal(r.stdout, `${version}\n`, `sharpeye ${flag}`);
    t.equal(r.stderr, '');
  }
  let out = '';
  const io = { stdout: { write: (s: string) => { out += s; return true; } }, stderr: process.stderr, env: {} } as never;
  t.equal(await main(['--version'], io), 0);
  t.equal(out, `${version}\n`, 'main() answers --version in process too');
});
