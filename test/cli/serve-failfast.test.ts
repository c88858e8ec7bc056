// `sharpeye serve` fails fast: every fatal start-up error, whether found in the config or only
// when something is opened, ends the process with one line on stderr and status 2 (the config or
// an option is invalid) or 1 (a store, model or folder the config names cannot be used), within
// 5 s of printing it, with nothing left running. Today's failure mode was a process that printed
// the error and then stayed alive with no cameras, which a supervisor takes for a healthy one.
import t from 'tap';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { startSharpeye, type CliResult } from '../helpers/cli.js';
import { MODEL_DIR, REPO_ROOT, video } from '../helpers/fixtures.js';
import { processesWithTag } from '../helpers/processes.js';

const dir = mkdtempSync(join(tmpdir(), 'sharpeye-failfast-'));
symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling'));
writeFileSync(join(dir, 'garbage.onnx'), 'this is not an onnx model\n');
const STRONG = 'whsec_' + Buffer.alloc(32, 0x33).toString('base64');
const camera = { id: 'gate-1', url: 'rtsp://127.0.0.1:9/street', fps: 5 };

function config(name: string, doc: Record<string, unknown>): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, stringify({ detector: { model: 'yolox-nano', sessions: 1 }, cameras: [camera], ...doc }));
  return path;
}

/** Runs serve until it exits (killed after 60 s: a hang); reports when its first stderr line came. */
async function serve(args: string[]): Promise<CliResult & { afterLineMs: number | undefined }> {
  const run = startSharpeye(['serve', ...args]);
  let lineAt: number | undefined;
  const poll = setInterval(() => { if (lineAt === undefined && run.stderr().includes('\n')) lineAt = performance.now(); }, 10);
  const killer = setTimeout(() => { void run.stop('SIGKILL'); }, 60_000);
  const r = await run.exited;
  const exitedAt = performance.now();
  clearInterval(poll);
  clearTimeout(killer);
  lineAt ??= r.stderr.includes('\n') ? exitedAt : undefined;
  return { ...r, afterLineMs: lineAt === undefined ? undefined : exitedAt - lineAt };
}

type Case = [name: string, args: () => string[], status: 1 | 2, stderr: RegExp];
const withConfig = (name: string, doc: Record<string, unknown>) => () => ['--config', config(name, doc)];
/** A config whose operator allows one more folder (`--config-root`), so the case reaches what it tests. */
const withRoot = (root: string, name: string, doc: Record<string, unknown>) => () => ['--config', config(name, doc), '--config-root', root];

const cases: Case[] = [
  ['webhook url with a file: scheme', withConfig('hook-file', { webhooks: [{ url: 'file:///x' }] }), 2, /E_CONFIG_INVALID: .*hook-file\.yaml: webhooks\[0\]\.url: must be an http/],
  ['webhook to the metadata address', withConfig('hook-meta', { webhooks: [{ url: 'http://169.254.169.254/latest' }] }), 2, /webhooks\[0\]\.url: host 169\.254\.169\.254 is a link-local/],
  ['webhook to the metadata address spelled in decimal', withConfig('hook-dec', { webhooks: [{ url: 'http://2852039166/' }] }), 2, /webhooks\[0\]\.url: host 169\.254\.169\.254/],
  ['webhook to an IPv4-mapped link-local address', withConfig('hook-mapped', { webhooks: [{ url: 'http://[::ffff:169.254.169.254]/' }] }), 2, /webhooks\[0\]\.url: host .*169\.254\.169\.254/],
  ['webhook to fe80::/10', withConfig('hook-fe80', { webhooks: [{ url: 'http://[fe80::1]:8080/' }] }), 2, /webhooks\[0\]\.url: host .*link-local/],
  ['webhook to 0.0.0.0', withConfig('hook-zero', { webhooks: [{ url: 'http://0.0.0.0:9/', allowLinkLocal: true }] }), 2, /webhooks\[0\]\.url: host 0\.0\.0\.0 is an unspecified/],
  ['webhook secret too short', withConfig('hook-secret', { webhooks: [{ url: 'http://127.0.0.1:9/', secret: 'hunter2' }] }), 2, /webhooks\[0\]\.secret: is 7 bytes long/],
  ['duplicate webhook ids', withConfig('hook-dup', { webhooks: [{ id: 'a', url: 'http://127.0.0.1:9/', secret: STRONG }, { id: 'a', url: 'http://127.0.0.1:8/' }] }), 2, /webhooks\[1\]\.id: duplicate/],
  ['unknown webhook key', withConfig('hook-key', { webhooks: [{ url: 'http://127.0.0.1:9/', retries: 3 }] }), 2, /webhooks\[0\]/],
  ['unknown store scheme', withConfig('store-scheme', { store: { spec: 'postgres:events' } }), 2, /E_CONFIG_INVALID: store "postgres:events" must be one of/],
  ['store under /proc (recursive mkdir would spin forever)', withRoot('/proc', 'store-proc', { store: { spec: 'sqlite:/proc/sharpeye-nope/events.db' } }), 1, /E_STORE_OPEN: cannot create the folder of event store \/proc\/sharpeye-nope\/events\.db/],
  ['store through a dangling symlink', withConfig('store-dangling', { store: { spec: `sqlite:${join(dir, 'dangling', 'db', 'events.db')}` } }), 1, /E_STORE_OPEN: .*ENOTDIR at .*dangling/],
  ['store file is a folder', withConfig('store-dir', { store: { spec: `sqlite:${dir}` } }), 1, /E_STORE_OPEN/],
  ['snapshots folder under /proc', withRoot('/proc', 'snaps-proc', { snapshotsDir: '/proc/sharpeye-nope/snaps' }), 2, /E_CONFIG_INVALID: .*snapshotsDir: cannot create/],
  ['detector model file missing', withConfig('model-missing', { detector: { model: join(dir, 'nope.onnx') }, store: { spec: `sqlite:${join(dir, 'never.db')}` } }), 2, /E_CONFIG_INVALID: .*detector\.model: .*nope\.onnx: does not exist/],
  ['unknown model name', withConfig('model-unknown', { detector: { model: 'yolov99' } }), 1, /E_MODEL_UNKNOWN: .*yolov99/],
  ['embedding model missing', withConfig('embed-missing', { store: { spec: `sqlite:${join(dir, 'never2.db')}`, embedder: { default: join(dir, 'nope-embed.onnx') } } }), 2, /E_CONFIG_INVALID: .*store\.embedder\.default: .*nope-embed\.onnx: does not exist/],
  ['detector model is not a model (fails after the store opened)', withConfig('model-garbage', { detector: { model: join(dir, 'garbage.onnx') }, store: { spec: `sqlite:${join(dir, 'opened.db')}` } }), 1, /E_MODEL_LOAD|E_MODEL_SHAPE/],
  ['detector class the model lacks (fails after the store opened)', withConfig('model-class', { detector: { model: 'yolox-nano', classes: ['unicorn'] }, store: { spec: `sqlite:${join(dir, 'opened2.db')}` } }), 2, /E_CONFIG_INVALID: unknown class 'unicorn'/],
  ['rules file missing', withConfig('rules-missing', { cameras: [{ ...camera, rulesFile: 'no-such-rules.yaml' }] }), 2, /E_CONFIG_INVALID: .*no-such-rules\.yaml/],
  ['camera url with an unsupported scheme', withConfig('cam-scheme', { cameras: [{ ...camera, url: 'ftp://127.0.0.1/x' }] }), 2, /camera 'gate-1' \(cameras\[0\]\.url\): unsupported scheme 'ftp:'/],
  ['camera file path without allowFiles', withConfig('cam-file', { cameras: [{ ...camera, url: video('intersection.mp4') }] }), 2, /cameras\[0\]\.url/],
  ['duplicate camera ids', withConfig('cam-dup', { cameras: [camera, { ...camera, url: 'rtsp://127.0.0.1:9/other' }] }), 2, /duplicate camera id 'gate-1'/],
  ['no enabled camera', withConfig('cam-none', { cameras: [{ ...camera, enabled: false }] }), 2, /no enabled camera/],
  ['camera fps out of range', withConfig('cam-fps', { cameras: [{ ...camera, fps: -1 }] }), 2, /cameras\[0\]\.fps/],
  ['unknown top-level key', withConfig('top-key', { webhook: [] }), 2, /E_CONFIG_INVALID: .*top-key\.yaml/],
  ['config file missing', () => ['--config', join(dir, 'absent.yaml')], 2, /absent\.yaml: cannot be read/],
  ['YAML syntax error', () => { const p = join(dir, 'syntax.yaml'); writeFileSync(p, 'cameras: [\n'); return ['--config', p]; }, 2, /YAML syntax error/],
  ['negative --stats-interval', () => ['--config', config('stats', {}), '--stats-interval', '-5'], 2, /--stats-interval must be a number between 0 and 86400, got '-5'/],
  ['hex --stats-interval', () => ['--config', config('stats-hex', {}), '--stats-interval', '0x10'], 2, /--stats-interval must be a number/],
  ['stray positional', () => ['--config', config('positional', {}), 'extra'], 2, /usage: sharpeye serve --config FILE/],
];

for (const [name, args, status, stderr] of cases) {
  t.test(name, async (t) => {
    const r = await serve(args());
    t.equal(r.code, status, `exit status ${status} (stderr: ${r.stderr.slice(0, 300)})`);
    t.match(r.stderr, /^sharpeye serve: E_[A-Z_]+: /, 'a coded error line');
    t.match(r.stderr, stderr);
    t.equal(r.stderr.trimEnd().split('\n').length, 1, 'exactly one line on stderr');
    t.equal(r.stdout, '', 'nothing on stdout: no camera started');
    t.notMatch(r.stderr, /hunter2/, 'secrets never echoed');
    t.ok(r.afterLineMs !== undefined && r.afterLineMs < 5000, `exited ${Math.round(r.afterLineMs ?? -1)} ms after printing its error (limit 5000)`);
    await new Promise((res) => setTimeout(res, 200));
    t.same(processesWithTag(r.tag), [], 'nothing of the run left running');
  });
}

t.test('a missing model fails before the store is created', async (t) => {
  t.notOk(existsSync(join(dir, 'never.db')), 'no database file');
  t.notOk(existsSync(join(dir, 'never2.db')), 'no database file for the embedder case either');
});

t.test('a running serve whose stdout reader goes away stops in order: one line, status 1, no decoder left', async (t) => {
  const path = config('epipe', { allowFiles: true, cameras: [{ id: 'loop', url: video('intersection.mp4'), fps: 5, maxWidth: 320, motion: { enabled: false } }] });
  const tag = randomUUID();
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'sharpeye.mjs'), 'serve', '--json-lines', '--port', '0', '--config', path, '--config-root', dirname(video('intersection.mp4')), '--stats-interval', '0'], {
    cwd: REPO_ROOT, env: { ...process.env, SHARPEYE_MODEL_DIR: MODEL_DIR, SHARPEYE_OFFLINE: '1', SHARPEYE_TEST_TAG: tag }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '', stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
  const killer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  let sawDecoder = false;
  // Like `sharpeye serve ... | head`: the reader leaves once detections flow.
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    if (stdout.includes('"type":"detections"') && !child.stdout.destroyed) {
      sawDecoder = processesWithTag(tag).some((p) => /ffmpeg/.test(p.command));
      child.stdout.destroy();
    }
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(killer);
  t.ok(sawDecoder, 'a decoder was running when the reader left');
  t.equal(code, 1, `status 1 (stderr: ${stderr.slice(0, 300)})`);
  // Operational logs (pino JSON: camera states, the shutdown) come around it; the error is the one plain line.
  const plain = stderr.split('\n').filter((l) => l && !l.startsWith('{'));
  t.equal(plain.length, 1, `one line besides the logs: ${plain.join(' | ').slice(0, 300)}`);
  t.match(plain[0], /^sharpeye serve: E_INTERNAL: .*EPIPE/, 'it names the broken pipe');
  await new Promise((res) => setTimeout(res, 300));
  t.same(processesWithTag(tag), [], 'the decoder was stopped and reaped');
});
