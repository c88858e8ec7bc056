// Camera credentials stay secret from other local users: while each decoder (ffmpeg, GStreamer)
// streams from a real RTSP camera that requires them, no child's /proc/<pid>/cmdline or
// /proc/<pid>/environ holds the user name or the password (raw or URL-encoded), on the path serve
// takes (openLiveDecoder from a camera config) and the one analyze takes (a URL given directly).
// Passwords with raw '#', '/', '%' are never echoed in errors, and a raw '%' loads.
import t, { type Test } from 'tap';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Frame, FrameSource } from '../../core/index.js';
import { cameraSourceUrl, FfmpegFrameSource, GstFrameSource, openLiveDecoder, validateCamera, type DecoderType } from '../../ingest/index.js';
import { descendantProcesses, waitForNoDescendants } from '../helpers/processes.js';
import { startRtspServer } from '../helpers/rtsp-server.js';

const USER = 'camuser7';
const PASSWORD = 'Pw#1/%x@z:Q';
const DECODER_PROCESS = /ffmpeg|sharpeye-gst-launch|gst-launch/;

/** Every form a secret could take in a child's argv or environment. */
function forms(secret: string): string[] {
  return [...new Set([secret, encodeURIComponent(secret), encodeURI(secret), secret.replace(/%/g, '%25')])];
}

/** What every process sharpeye started shows of itself to other local users (the test camera is not sharpeye's). */
function exposed(): Array<{ pid: number; command: string; text: string }> {
  return descendantProcesses(/.*/).filter((p) => !/rtsp_server\.py/.test(p.command)).map(({ pid, command }) => {
    let text = '';
    for (const file of ['cmdline', 'environ']) {
      try {
        text += readFileSync(`/proc/${pid}/${file}`, 'latin1').replace(/\0/g, ' ') + '\n';
      } catch {
        // exited meanwhile
      }
    }
    return { pid, command, text };
  });
}

/** Reads frames until `n` arrived, then inspects all children while the decoder still runs. */
async function inspectWhileStreaming(t: Test, source: FrameSource, width = 320, n = 3): Promise<void> {
  let frames = 0;
  for await (const frame of source as AsyncIterable<Frame>) {
    t.equal(frame.width, width);
    if (++frames < n) continue;
    const children = exposed();
    const decoders = children.filter((c) => DECODER_PROCESS.test(c.command));
    t.equal(decoders.length, 1, `one decoder child running: ${decoders.map((d) => d.command).join(' | ')}`);
    for (const child of children) {
      for (const secret of [...forms(PASSWORD), ...forms(USER)]) {
        t.notOk(child.text.includes(secret), `pid ${child.pid} (${child.command.slice(0, 60)}) does not show ${JSON.stringify(secret)}`);
      }
    }
    break;
  }
  t.equal(frames, n, 'frames arrived with the credentials');
}

t.test('no credentials in any child argv or environment, both decoders, serve and analyze paths', async (t) => {
  const server = await startRtspServer({ mounts: { cam: 'pattern' }, user: USER, password: PASSWORD });
  t.teardown(() => server.stop());
  const url = server.url('cam', { user: USER, password: PASSWORD });
  // serve: credentials from the camera config, joined only for the decoder.
  const camera = validateCamera({ id: 'gate', url: `rtsp://127.0.0.1:${server.port}/cam`, username: USER, password: PASSWORD }, 'test.yaml');
  for (const decoder of ['ffmpeg', 'gstreamer'] as DecoderType[]) {
    await t.test(`serve path, ${decoder}`, (t) => inspectWhileStreaming(t, openLiveDecoder({ decoder, id: 'gate', url: cameraSourceUrl(camera), fps: 5, ioTimeoutMs: 5000 })));
  }
  // analyze: the URL with credentials given directly to a frame source.
  await t.test('analyze path, ffmpeg', (t) => inspectWhileStreaming(t, new FfmpegFrameSource({ url, fps: 5, ioTimeoutMs: 5000 })));
  await t.test('analyze path, gstreamer', (t) => inspectWhileStreaming(t, new GstFrameSource({ url, fps: 5, ioTimeoutMs: 5000 })));
  t.same(await waitForNoDescendants(DECODER_PROCESS), [], 'every decoder reaped');
});

t.test('an HTTP camera with basic auth: the password reaches the server, never a child argv or environment', async (t) => {
  const expected = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
  // A streamable MPEG-TS, as HTTP cameras send.
  const made = spawnSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=320x240:r=10:d=5', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-f', 'mpegts', 'pipe:1'], { maxBuffer: 64 << 20 });
  t.equal(made.status, 0, 'test stream made');
  let authorized = 0;
  const server = createServer((req, res) => {
    if (req.headers.authorization !== expected) return void res.writeHead(401, { 'www-authenticate': 'Basic realm="cam"' }).end();
    authorized++;
    res.writeHead(200, { 'content-type': 'video/mp2t' }).end(made.stdout);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.teardown(() => server.close());
  const camera = validateCamera({ id: 'web', url: `http://127.0.0.1:${(server.address() as { port: number }).port}/live.ts`, username: USER, password: PASSWORD }, 'test.yaml');
  for (const decoder of ['ffmpeg', 'gstreamer'] as DecoderType[]) {
    await t.test(decoder, (t) => inspectWhileStreaming(t, openLiveDecoder({ decoder, id: 'web', url: cameraSourceUrl(camera), fps: 5, ioTimeoutMs: 5000 })));
  }
  t.ok(authorized >= 2, `the server saw the right credentials ${authorized} times`);
});

t.test('a raw % in a URL password loads (as ffmpeg reads it) and authenticates', async (t) => {
  const password = '50%off%zz';
  const server = await startRtspServer({ mounts: { cam: 'pattern' }, user: USER, password });
  t.teardown(() => server.stop());
  const camera = validateCamera({ id: 'gate', url: `rtsp://${USER}:${password}@127.0.0.1:${server.port}/cam` }, 'test.yaml');
  t.equal(camera.password, password, 'moved out of the URL, undecodable escapes kept literally');
  t.notMatch(camera.url, /50%|off/, 'the configured URL no longer holds it');
  for (const decoder of ['ffmpeg', 'gstreamer'] as DecoderType[]) {
    let frames = 0;
    for await (const f of openLiveDecoder({ decoder, id: 'gate', url: cameraSourceUrl(camera), fps: 5, ioTimeoutMs: 5000 })) {
      void f;
      if (++frames === 2) break;
    }
    t.equal(frames, 2, `${decoder}: the server accepted the password`);
  }
});

t.test('passwords with raw #, / or % are never echoed: invalid URLs, config errors, refusals', async (t) => {
  const hostile = ['pa#ss9', 'pa/ss9', 'pa?ss9', '12#ss9x', '1/ss9x'];
  for (const password of hostile) {
    const url = `rtsp://${USER}:${password}@127.0.0.1:1/cam`;
    for (const make of [() => new FfmpegFrameSource({ url }), () => new GstFrameSource({ url })]) {
      const source = make();
      const err = await (async () => { for await (const f of source) void f; })().then(() => undefined, (e: Error & { code?: string; details?: unknown }) => e);
      t.ok(err, `${password}: refused or failed`);
      const shown = `${err?.message} ${JSON.stringify(err?.details ?? {})} ${source.id}`;
      t.notMatch(shown, password, `${password}: not in "${shown.slice(0, 160)}"`);
      t.notMatch(shown, password.replace(/^.*[#/?]/, ''), 'not even the part after the special character');
    }
    const configErr = t.throws(() => validateCamera({ id: 'gate', url }, '/etc/sharpeye/cameras.yaml')) as unknown as Error & { code: string };
    t.equal(configErr.code, 'E_CONFIG_INVALID');
    t.match(configErr.message, 'cameras.yaml', 'names the file');
    t.match(configErr.message, 'url', 'names the field');
    t.notMatch(configErr.message, password.replace(/^.*[#/?]/, ''));
  }
});
