// `sharpeye serve` without --json-lines: stdout carries one line saying where the API listens and
// nothing else; operational logs are pino JSON on stderr, one event per line, camera state changes
// and errors naming the camera and the error code, credentials never shown.
import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startSharpeye } from '../helpers/cli.js';
import { processesWithTag } from '../helpers/processes.js';
import { startRtspServer } from '../helpers/rtsp-server.js';

const USER = 'watcher', PASSWORD = 'Out-Pa55-word';

t.test('data stays off stdout; logs on stderr name camera and code', async (t) => {
  const server = await startRtspServer({ mounts: { ball: 'pattern' }, user: USER, password: PASSWORD });
  t.teardown(() => server.stop());
  const dir = mkdtempSync(join(tmpdir(), 'sharpeye-serve-out-'));
  const config = join(dir, 'serve.yaml');
  const cam = { url: server.url('ball'), username: USER, fps: 5, maxWidth: 320, motion: { enabled: false }, ioTimeoutMs: 4000 };
  writeFileSync(config, stringify({
    detector: { model: 'yolox-nano', sessions: 1 },
    cameras: [
      { ...cam, id: 'good', password: PASSWORD },
      { ...cam, id: 'bad', password: 'not-the-password', reconnect: { initialDelayMs: 200, maxDelayMs: 500, failedAfterAttempts: 2 } },
    ],
  }));
  const run = startSharpeye(['serve', '--config', config, '--host', '127.0.0.1', '--port', '0']);
  t.teardown(() => run.stop('SIGKILL'));
  await run.waitFor((l) => typeof l.raw === 'string' && /^sharpeye serve: API on /.test(l.raw), 60_000, 'the API line');
  const logs = () => run.stderr().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  const deadline = Date.now() + 40_000;
  while (Date.now() < deadline && !(logs().some((l) => l.camera === 'good' && l.state === 'running') && logs().some((l) => l.camera === 'bad' && l.state === 'failed'))) {
    await new Promise((r) => setTimeout(r, 200));
  }
  const bad = logs().find((l) => l.camera === 'bad' && l.state === 'failed');
  t.match(bad, { level: 40, code: 'E_INGEST_UNAUTHORIZED' }, 'a failed camera is a warning with its id and code');
  t.ok(logs().some((l) => l.camera === 'good' && l.state === 'running' && l.level === 30), 'state changes are logged');
  const r = await run.stop('SIGTERM');
  t.equal(r.code, 0, r.stderr.slice(-300));
  t.equal(r.stdout.trim().split('\n').length, 1, `one line on stdout: ${r.stdout.slice(0, 300)}`);
  t.notMatch(r.stdout + r.stderr, new RegExp(`${PASSWORD}|not-the-password|${USER}:`), 'no credentials');
  t.ok(logs().some((l) => l.msg === 'shutting down' && l.signal === 'SIGTERM'));
  await new Promise((res) => setTimeout(res, 300));
  t.same(processesWithTag(r.tag), [], 'nothing left running');
});
