// createLogger: one JSON event per line with camera and error code fields, pretty on request or on
// a real terminal, and secrets never written, whatever shape they are logged in.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { createLogger, SharpeyeError, type Logger } from '../../core/index.js';
import { REPO_ROOT } from '../helpers/fixtures.js';

const SECRETS = ['s3cr3t-pw', 'cam-admin', 'tok-9f8e7d', 'hook-pass', 'Bearer abc.def', 'sess=42xyz'];

/** A logger writing into memory, and the text written so far. */
function capture(options: { pretty?: boolean; env?: NodeJS.ProcessEnv } = {}): { log: Logger; text: () => Promise<string> } {
  const stream = new PassThrough();
  let out = '';
  stream.setEncoding('utf8').on('data', (d: string) => { out += d; });
  const log = createLogger({ destination: stream, level: 'debug', env: {}, ...options });
  return { log, text: async () => { await new Promise((r) => setImmediate(r)); return out; } };
}

function credentialedCamera() {
  return {
    id: 'gate-1',
    url: 'rtsp://cam-admin:s3cr3t-pw@10.0.0.5:554/stream1?token=tok-9f8e7d',
    decoder: 'gstreamer',
    credentials: { username: 'cam-admin', password: 's3cr3t-pw' },
    webhooks: [{ url: 'https://bot:hook-pass@hooks.example/x', headers: { Authorization: 'Bearer abc.def', Cookie: 'sess=42xyz' } }],
  };
}

t.test('JSON by default: one event per line, camera id and the error code as fields', async (t) => {
  const { log, text } = capture();
  const err = new SharpeyeError('E_INGEST_UNREACHABLE', 'camera gate-1 did not answer', { retryable: true });
  log.warn({ camera: 'gate-1', err }, 'stream lost; reconnecting');
  log.info({ camera: 'gate-2' }, 'started');
  const lines = (await text()).trimEnd().split('\n');
  t.equal(lines.length, 2);
  const [first, second] = lines.map((l) => JSON.parse(l) as Record<string, any>);
  t.match(first, { level: 40, name: 'sharpeye', camera: 'gate-1', code: 'E_INGEST_UNREACHABLE', msg: 'stream lost; reconnecting' });
  t.match(first.err, { type: 'SharpeyeError', code: 'E_INGEST_UNREACHABLE', message: 'camera gate-1 did not answer' });
  t.match(second, { level: 30, camera: 'gate-2', msg: 'started' });
  t.notOk('code' in second, 'no code field without an error');
});

t.test('a logged camera config never shows its secrets, in any field or at any depth', async (t) => {
  const { log, text } = capture();
  const camera = credentialedCamera();
  const snapshot = JSON.stringify(camera);
  log.info({ camera: camera.id, config: camera }, 'camera added');
  log.info({ cameras: [camera], nested: { a: { b: { c: { d: camera } } } } }, 'config loaded');
  log.info({ camera: camera.id, url: new URL(camera.url) }, 'as a URL object');
  log.debug(`opening ${camera.url}`);
  log.info('interpolated %s', camera.url);
  log.child({ camera: camera.id, source: camera.url, credentials: camera.credentials }).info('child bindings');
  log.child({ camera: camera.id }).child({ config: camera }).warn('grandchild bindings');
  const out = await text();
  for (const secret of SECRETS) t.notOk(out.includes(secret), `'${secret}' is not written`);
  t.equal(JSON.stringify(camera), snapshot, 'the caller\'s object is not changed');
  const records = out.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
  t.equal(records.length, 7);
  t.equal(records[0].config.url, 'rtsp://***@10.0.0.5:554/stream1?token=***', 'the URL stays useful, its credentials masked');
  t.equal(records[0].config.credentials, '[redacted]');
  t.equal(records[0].config.webhooks[0].headers.Authorization, '[redacted]');
  t.equal(records[2].url, 'rtsp://***@10.0.0.5:554/stream1?token=***');
  t.equal(records[3].msg, 'opening rtsp://***@10.0.0.5:554/stream1?token=***');
  t.equal(records[5].source, 'rtsp://***@10.0.0.5:554/stream1?token=***');
});

t.test('an error carrying a credentialed URL (message, stack, cause, own fields) never shows the secret', async (t) => {
  const { log, text } = capture();
  const url = credentialedCamera().url;
  const cause = Object.assign(new Error(`connect ECONNREFUSED ${url}`), { code: 'ECONNREFUSED', address: url });
  const err = new SharpeyeError('E_INGEST_UNREACHABLE', `cannot open ${url}`, { cause });
  log.error({ camera: 'gate-1', err }, 'camera failed');
  log.error(err);
  log.error({ camera: 'gate-1', failures: [cause] }, 'errors under other keys are serialized too');
  const out = await text();
  for (const secret of SECRETS) t.notOk(out.includes(secret), `'${secret}' is not written`);
  const [first, second, third] = out.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
  t.equal(first.code, 'E_INGEST_UNREACHABLE');
  t.match(first.err.stack, /cannot open rtsp:\/\/\*\*\*@10\.0\.0\.5/);
  t.match(second, { code: 'E_INGEST_UNREACHABLE', msg: 'cannot open rtsp://***@10.0.0.5:554/stream1?token=***' });
  t.match(third.failures[0], { type: 'Error', code: 'ECONNREFUSED', address: 'rtsp://***@10.0.0.5:554/stream1?token=***' });
});

t.test('circular and very deep objects are cut, not followed', async (t) => {
  const { log, text } = capture();
  const loop: Record<string, unknown> = { name: 'loop' };
  loop.self = loop;
  let deep: Record<string, unknown> = { password: 's3cr3t-pw' };
  for (let i = 0; i < 20; i++) deep = { next: deep };
  log.info({ loop, deep }, 'shapes');
  const out = await text();
  const record = JSON.parse(out) as Record<string, any>;
  t.equal(record.loop.self, '[circular]');
  t.match(out, /\[too deep\]/);
  t.notOk(out.includes('s3cr3t-pw'));
});

t.test('pretty on request (option or SHARPEYE_LOG_FORMAT=pretty), still redacted', async (t) => {
  for (const options of [{ pretty: true }, { env: { SHARPEYE_LOG_FORMAT: 'pretty' } }]) {
    const { log, text } = capture(options);
    log.warn({ camera: 'gate-1', config: credentialedCamera(), err: new SharpeyeError('E_INGEST_UNREACHABLE', 'lost') }, 'stream lost');
    const out = await text();
    t.throws(() => JSON.parse(out), 'not JSON');
    t.match(out, /WARN.*stream lost/);
    t.match(out, /camera: "gate-1"/);
    t.match(out, /code: "E_INGEST_UNREACHABLE"/);
    for (const secret of SECRETS) t.notOk(out.includes(secret), `'${secret}' is not written`);
  }
  const json = capture({ env: { SHARPEYE_LOG_FORMAT: 'json' }, pretty: undefined });
  json.log.info('plain');
  t.match(JSON.parse(await json.text()), { msg: 'plain' });
});

t.test('bad settings are configuration errors', async (t) => {
  t.throws(() => createLogger({ env: { SHARPEYE_LOG_FORMAT: 'xml' }, destination: new PassThrough() }), { code: 'E_CONFIG_INVALID' });
  t.throws(() => createLogger({ level: 'verbose', destination: new PassThrough() }), { code: 'E_CONFIG_INVALID' });
  t.throws(() => createLogger({ env: { SHARPEYE_LOG_LEVEL: 'loud' }, destination: new PassThrough() }), { code: 'E_CONFIG_INVALID' });
  t.doesNotThrow(() => createLogger({ level: 'silent', destination: new PassThrough() }));
});

t.test('on stderr: JSON when it is a pipe, pretty when it is a terminal', async (t) => {
  const script = `import { createLogger } from ${JSON.stringify(join(REPO_ROOT, 'core', 'index.ts'))};
createLogger().info({ camera: 'gate-1', url: 'rtsp://cam-admin:s3cr3t-pw@h/s' }, 'hello');`;
  const args = ['--import', 'tsx', '--input-type=module', '-e', script];
  const env = { ...process.env, SHARPEYE_LOG_FORMAT: '', SHARPEYE_LOG_LEVEL: '' };
  const piped = spawnSync(process.execPath, args, { cwd: REPO_ROOT, env, encoding: 'utf8' });
  t.equal(piped.status, 0, piped.stderr);
  t.match(JSON.parse(piped.stderr), { camera: 'gate-1', url: 'rtsp://***@h/s', msg: 'hello' });
  // A real pseudo-terminal (Python's pty, which copies what the child writes to its own stdout).
  const pty = 'import os, pty, sys\nsys.exit(os.waitstatus_to_exitcode(pty.spawn(sys.argv[1:])))\n';
  const tty = spawnSync('python3', ['-c', pty, process.execPath, ...args], { cwd: REPO_ROOT, env, encoding: 'utf8' });
  t.equal(tty.status, 0, tty.stderr);
  t.match(tty.stdout, /INFO.*hello/);
  t.match(tty.stdout, /camera\S*: "gate-1"/);
  t.notOk(tty.stdout.includes('s3cr3t-pw'));
  t.notOk(tty.stdout.trimStart().startsWith('{'), 'not JSON on a terminal');
});
