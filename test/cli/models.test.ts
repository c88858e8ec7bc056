// `sharpeye models` with in-memory streams (list, fetch, verify, help, bad input), and once
// through the real bin as a child process, the way a user runs it.
import t from 'tap';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { CliIo } from '../../cli/cli-io.js';
import { modelsCommand } from '../../cli/commands/models.js';
import { runSharpeye } from '../helpers/cli.js';
import { MODEL_DIR } from '../helpers/fixtures.js';

const NAMES = ['yolov8n-int8', 'yolox-nano', 'nanodet-m', 'osnet-x0.25-msmt17', 'mobilenetv2-int8', 'y5fu-320', 'y5fu-640', 'plate-rec-color', 'cct-xs-v1-global', 'litemodel-cls-96'];
const made: string[] = [];
t.teardown(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sharpeye-cli-models-'));
  made.push(dir);
  return dir;
}

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

async function run(argv: string[], env: NodeJS.ProcessEnv) {
  const io = { stdout: new Sink(), stderr: new Sink(), env: { SHARPEYE_OFFLINE: '1', ...env } } satisfies CliIo;
  const code = await modelsCommand(argv, io);
  return { code, stdout: io.stdout.text, stderr: io.stderr.text };
}

t.test('list: every model with task, family, input, licence and local copy', async (t) => {
  const cacheDir = tempDir();
  const env = { SHARPEYE_MODEL_DIR: tempDir(), SHARPEYE_CACHE_DIR: cacheDir };
  writeFileSync(join(cacheDir, 'yolox_nano.onnx'), readFileSync(join(MODEL_DIR, 'yolox_nano.onnx')));
  const text = await run(['list'], env);
  t.equal(text.code, 0);
  t.match(text.stdout, /^NAME\s+TASK\s+FAMILY\s+INPUT\s+LICENSE\s+LOCAL COPY\n/);
  t.match(text.stdout, /yolov8n-int8\s+detect\s+yolov8\s+640x640\s+AGPL-3\.0\s+not present\n/);
  t.match(text.stdout, new RegExp(`yolox-nano\\s+detect\\s+yolox\\s+416x416\\s+Apache-2\\.0\\s+${join(cacheDir, 'yolox_nano.onnx')} \\(cache\\)\\n`));
  t.match(text.stdout, /osnet-x0\.25-msmt17\s+embed\s+-\s+128x256\s+MIT\s+not present\n/);
  const json = await run(['list', '--json'], env);
  const rows = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
  t.same(rows.map((r) => r.name), NAMES);
  t.match(rows[1], { task: 'detect', family: 'yolox', input: '416x416', status: 'ok', source: 'cache', license: /^Apache-2\.0 \(/ });
  t.match(rows[0], { status: 'missing', path: null });
});

t.test('fetch: --from a directory into the cache, then already cached', async (t) => {
  const cacheDir = tempDir();
  const env = { SHARPEYE_CACHE_DIR: cacheDir };
  const first = await run(['fetch', 'nanodet-m', '--from', MODEL_DIR], env);
  t.equal(first.code, 0, first.stderr);
  t.match(first.stdout, `nanodet-m: nanodet_m_416.onnx verified (sha256 4b82da99`);
  t.match(first.stdout, `cached at ${join(cacheDir, 'nanodet_m_416.onnx')}, from mirror ${join(MODEL_DIR, 'nanodet_m_416.onnx')}`);
  const again = await run(['fetch', 'nanodet-m', '--json'], env);
  t.match(JSON.parse(again.stdout), { name: 'nanodet-m', source: 'cache', path: join(cacheDir, 'nanodet_m_416.onnx') });
  await t.rejects(run(['fetch', 'nanodet-m', '--from', tempDir()], { SHARPEYE_CACHE_DIR: tempDir() }), { code: 'E_MODEL_NOT_FOUND', message: /--from DIR/ });
});

t.test('verify: ok and missing exit 0; a corrupt copy exits 1 and names both hashes', async (t) => {
  const cacheDir = tempDir();
  const env = { SHARPEYE_MODEL_DIR: MODEL_DIR, SHARPEYE_CACHE_DIR: cacheDir };
  const ok = await run(['verify', 'yolox-nano', 'osnet-x0.25-msmt17'], env);
  t.equal(ok.code, 0);
  t.match(ok.stdout, new RegExp(`yolox-nano\\s+ok\\s+${join(MODEL_DIR, 'yolox_nano.onnx')} \\(model-dir\\)`));
  const missing = await run(['verify', 'osnet-x0.25-msmt17'], { SHARPEYE_CACHE_DIR: cacheDir });
  t.same([missing.code, missing.stdout.trim()], [0, 'osnet-x0.25-msmt17   missing  (not in the model dir or the cache)']);
  writeFileSync(join(cacheDir, 'nanodet_m_416.onnx'), 'x');
  const bad = await run(['verify'], env);
  t.equal(bad.code, 1);
  t.match(bad.stdout, /nanodet-m\s+ok\s+.*\(model-dir\)\nnanodet-m\s+CORRUPT\s+.*nanodet_m_416\.onnx \(cache\): sha256 2d711642b726b044[0-9a-f]+, expected 4b82da99/);
  t.match(bad.stderr, /corrupt model files for nanodet-m/);
  const json = await run(['verify', 'nanodet-m', '--json'], env);
  t.match(JSON.parse(json.stdout), [{ name: 'nanodet-m', status: 'corrupt', copies: [{ status: 'ok' }, { status: 'corrupt' }] }]);
});

t.test('help and bad input', async (t) => {
  const help = await run(['--help'], {});
  t.same([help.code, help.stdout.startsWith('usage: sharpeye models')], [0, true]);
  t.equal((await run([], {})).code, 2);
  await t.rejects(run(['frobnicate'], {}), { code: 'E_CONFIG_INVALID', message: /unknown models command 'frobnicate'/ });
  await t.rejects(run(['fetch'], {}), { code: 'E_CONFIG_INVALID', message: /usage: sharpeye models fetch NAME/ });
  await t.rejects(run(['fetch', 'yolov9'], {}), { code: 'E_MODEL_UNKNOWN' });
  await t.rejects(run(['list', '--from', MODEL_DIR], {}), { code: 'E_CONFIG_INVALID', message: /--from applies to 'models fetch' only/ });
  await t.rejects(run(['list', '--bogus'], {}), { code: 'E_CONFIG_INVALID' });
});

t.test('end to end: node bin/sharpeye.mjs models list --json', async (t) => {
  const r = await runSharpeye(['models', 'list', '--json'], { SHARPEYE_MODEL_DIR: MODEL_DIR, SHARPEYE_CACHE_DIR: tempDir() });
  t.equal(r.code, 0, r.stderr);
  const rows = JSON.parse(r.stdout) as Array<{ name: string; status: string; path: string; source: string }>;
  t.same(rows.map((x) => x.name), NAMES);
  t.ok(rows.every((x) => x.status === 'ok' && x.source === 'model-dir' && x.path.startsWith(MODEL_DIR)), 'every fixture model resolves from the model dir');
});
