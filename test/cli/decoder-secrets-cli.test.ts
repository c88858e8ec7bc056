// `sharpeye serve` and `sharpeye analyze` on a real RTSP camera that requires credentials: while
// they stream, no process they started (ffmpeg, the GStreamer decoder) shows the user name or the
// password in /proc/<pid>/cmdline or /proc/<pid>/environ, which every local user can read (cmdline)
// or the same user can (environ). serve's own process carries no secret either; analyze's carries
// what the user typed on its command line, nothing more (README "Security").
import t, { type Test } from 'tap';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startSharpeye } from '../helpers/cli.js';
import { processesWithTag } from '../helpers/processes.js';
import { startRtspServer } from '../helpers/rtsp-server.js';

const USER = 'gatekeeper9', PASSWORD = 'Pw#9/%z@Q:x';
const server = await startRtspServer({ mounts: { ball: 'pattern' }, user: USER, password: PASSWORD });
t.teardown(() => server.stop());
const dir = mkdtempSync(join(tmpdir(), 'sharpeye-secrets-'));

const forms = (s: string) => [...new Set([s, encodeURIComponent(s), s.replace(/%/g, '%25')])];

/** The processes of a run and what each exposes; `skipSelf` leaves out the sharpeye node process. */
function exposedBy(tag: string, skipSelf: boolean): Array<{ pid: number; command: string; text: string }> {
  return processesWithTag(tag).filter((p) => !(skipSelf && /sharpeye\.mjs/.test(p.command))).map(({ pid, command }) => {
    let text = '';
    for (const file of ['cmdline', 'environ']) {
      try { text += `${readFileSync(`/proc/${pid}/${file}`, 'latin1').replace(/\0/g, ' ')}\n`; } catch { /* exited */ }
    }
    return { pid, command, text };
  });
}

function assertHidden(t: Test, processes: ReturnType<typeof exposedBy>, decoder: RegExp): void {
  t.ok(processes.some((p) => decoder.test(p.command)), `the decoder child is among them: ${processes.map((p) => p.command.slice(0, 80)).join(' | ')}`);
  for (const p of processes) {
    for (const secret of [...forms(PASSWORD), ...forms(USER)]) {
      t.notOk(p.text.includes(secret), `pid ${p.pid} (${p.command.slice(0, 50)}) does not show ${JSON.stringify(secret)}`);
    }
  }
}

for (const decoder of ['ffmpeg', 'gstreamer']) {
  t.test(`serve, ${decoder}: no process of the run shows the credentials`, async (t) => {
    const config = join(dir, `${decoder}.yaml`);
    writeFileSync(config, stringify({
      detector: { model: 'yolox-nano', sessions: 1 },
      cameras: [{ id: 'gate', url: `rtsp://127.0.0.1:${server.port}/ball`, username: USER, password: PASSWORD, decoder, fps: 5, maxWidth: 320, motion: { enabled: false }, ioTimeoutMs: 4000 }],
    }));
    const run = startSharpeye(['serve', '--json-lines', '--port', '0', '--config', config, '--stats-interval', '1']);
    t.teardown(() => run.stop('SIGKILL'));
    await run.waitFor((l) => l.type === 'camera' && l.id === 'gate' && l.state === 'running', 40_000, 'gate running');
    assertHidden(t, exposedBy(run.tag, false), decoder === 'ffmpeg' ? /^ffmpeg / : /sharpeye-gst-launch/);
    const r = await run.stop('SIGTERM');
    t.equal(r.code, 0, r.stderr.slice(-500));
  });
}

t.test('analyze: the ffmpeg child shows no credentials', async (t) => {
  const url = server.url('ball', { user: USER, password: PASSWORD });
  const run = startSharpeye(['analyze', url, '--fps', '5', '--max-frames', '200', '--model', 'yolox-nano']);
  t.teardown(() => run.stop('SIGKILL'));
  await run.waitFor((l) => typeof l.pts === 'number', 40_000, 'first analysed frame');
  assertHidden(t, exposedBy(run.tag, true), /^ffmpeg /);
  await run.stop('SIGTERM');
});
