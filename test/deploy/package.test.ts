// The npm package installs and runs: `npm pack` (prepack builds dist/), the tarball's contents
// (compiled code, launcher, label lists; no tests, benchmarks or TypeScript sources), an install
// into an empty folder, and `sharpeye --version` and `sharpeye detect` run from that install.
// Slow (a build and an npm install, minutes on a busy machine): it runs once, with a long timeout.
// The install skips dependencies' install scripts: better-sqlite3's would compile SQLite from
// source where its prebuilt binary cannot be downloaded (minutes), and `detect` does not use it.
import t from 'tap';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { image, MODEL_DIR, REPO_ROOT } from '../helpers/fixtures.js';

t.setTimeout(30 * 60_000);
const version = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const dir = mkdtempSync(join(tmpdir(), 'sharpeye-package-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const npmEnv = { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: REPO_ROOT, env: npmEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 })) as Array<{ filename: string; files: Array<{ path: string }> }>;
const tarball = join(dir, packed[0].filename);
const files = packed[0].files.map((f) => f.path);

t.test('the tarball holds the compiled CLI and its data files, and nothing for development', async (t) => {
  for (const needed of ['bin/sharpeye.mjs', 'bin/build-stamp.mjs', 'dist/cli/main.js', 'dist/node/index.js', 'dist/inference/runtime/ort-worker.js',
    'models/labels/coco.txt', 'ingest/gstreamer/sharpeye-gst-launch.py', 'README.md', 'LICENSE', 'package.json']) {
    t.ok(files.includes(needed), `has ${needed}`);
  }
  t.same(files.filter((f) => /^(test|benchmarks|scripts)\//.test(f)), [], 'no tests, benchmarks or scripts');
  t.same(files.filter((f) => /\.ts$/.test(f)), [], 'no TypeScript sources or declarations');
  t.same(files.filter((f) => /\.map$/.test(f)), [], 'no source maps (their sources are not shipped)');
});

t.test('installed into an empty folder, the bin answers --version and detects objects', async (t) => {
  const app = join(dir, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'sharpeye-install-check', private: true }));
  const install = spawnSync('npm', ['install', '--prefer-offline', '--ignore-scripts', '--no-save', '--loglevel=error', tarball], { cwd: app, env: npmEnv, encoding: 'utf8' });
  t.equal(install.status, 0, `npm install: ${install.stderr.slice(-2000)}`);
  const bin = join(app, 'node_modules', '.bin', 'sharpeye');
  const env = { ...process.env, SHARPEYE_MODEL_DIR: MODEL_DIR, SHARPEYE_OFFLINE: '1', SHARPEYE_CLI_RUNTIME: '' };

  const v = spawnSync(bin, ['--version'], { cwd: app, env, encoding: 'utf8' });
  t.equal(v.status, 0, v.stderr);
  t.equal(v.stdout, `${version}\n`);

  const d = spawnSync(bin, ['detect', image('bus.jpg'), '--json'], { cwd: app, env, encoding: 'utf8' });
  t.equal(d.status, 0, d.stderr);
  const [entry] = JSON.parse(d.stdout) as Array<{ width: number; height: number; detections: Array<{ label: string; score: number }> }>;
  t.same([entry.width, entry.height], [810, 1080]);
  t.equal(entry.detections.filter((x) => x.label === 'bus' && x.score >= 0.5).length, 1, 'the bus');
  t.ok(entry.detections.filter((x) => x.label === 'person').length >= 3, 'the people');

  // Plates need files beyond dist/ (the recogniser's symbol list in models/labels) and uint8 model input.
  const p = spawnSync(bin, ['detect', image('plates/we_double_yellow_jingEA5331.jpg'), '--plates', '--json'], { cwd: app, env, encoding: 'utf8' });
  t.equal(p.status, 0, p.stderr);
  const [plated] = JSON.parse(p.stdout) as Array<{ plates: Array<{ text: string; layers: number }> }>;
  t.same(plated.plates.map((x) => [x.text, x.layers]), [['京EA5331', 2]], 'the double-layer plate, read from the install');

  const help = spawnSync(bin, ['models', '--help'], { cwd: app, env, encoding: 'utf8' });
  t.equal(help.status, 0, `a second command loads from the install too: ${help.stderr}`);
});

t.test("the Dockerfile's runtime stage: the unpacked tarball plus `npm ci --omit=dev` from the lock file runs", async (t) => {
  // The same steps as the Dockerfile's last stage, minus onnxruntime's CUDA download and the native builds.
  const app = join(dir, 'image-app');
  mkdirSync(app);
  execFileSync('tar', ['-xzf', tarball, '--strip-components=1', '-C', app]);
  for (const f of ['package-lock.json', '.npmrc']) writeFileSync(join(app, f), readFileSync(join(REPO_ROOT, f)));
  const ci = spawnSync('npm', ['ci', '--omit=dev', '--prefer-offline', '--ignore-scripts', '--loglevel=error'], { cwd: app, env: npmEnv, encoding: 'utf8' });
  t.equal(ci.status, 0, `npm ci: ${ci.stderr.slice(-2000)}`);
  t.notOk(existsSync(join(app, 'node_modules', 'typescript')), 'no development dependencies');
  t.notOk(existsSync(join(app, 'node_modules', 'tsx')), 'no tsx: the bin can only run dist/');
  const env = { ...process.env, SHARPEYE_MODEL_DIR: MODEL_DIR, SHARPEYE_OFFLINE: '1', SHARPEYE_CLI_RUNTIME: '' };
  const d = spawnSync(process.execPath, ['bin/sharpeye.mjs', 'detect', image('zidane.jpg'), '--json'], { cwd: app, env, encoding: 'utf8' });
  t.equal(d.status, 0, d.stderr);
  const [entry] = JSON.parse(d.stdout) as Array<{ detections: Array<{ label: string; score: number }> }>;
  t.equal(entry.detections.filter((x) => x.label === 'person' && x.score >= 0.5).length, 2, 'the two people');
});
