// `sharpeye serve` against a real RTSP server (GStreamer's, from Debian): many cameras in one
// process with either decoder, broken cameras failing on their own, reconnects after the server
// goes away and comes back, credentials never printed, nothing left running after SIGTERM.
import t, { type Test } from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startSharpeye, type RunningSharpeye } from '../helpers/cli.js';
import { video } from '../helpers/fixtures.js';
import { processesWithTag } from '../helpers/processes.js';
import { startRtspServer } from '../helpers/rtsp-server.js';
import { freePort } from '../helpers/server-process.js';

const USER = 'operator', PASSWORD = 'S3cr3t-Pa55';
const dir = mkdtempSync(join(tmpdir(), 'sharpeye-serve-'));
type Line = Record<string, any>;

const server = await startRtspServer({
  mounts: { street: `file:${video('intersection.mp4')}`, ball: 'pattern', people: `file:${video('pedestrian_street.mp4')}`, still: 'still', mic: 'audio' },
  user: USER, password: PASSWORD,
});
t.teardown(() => server.stop());

function writeConfig(name: string, cameras: object[]): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, stringify({ detector: { model: 'yolox-nano', sessions: 1 }, cameras }));
  return path;
}

const cam = (id: string, mount: string, decoder: string, extra: object = {}) => ({
  id, url: `rtsp://127.0.0.1:${server.port}/${mount}`, username: USER, password: PASSWORD, decoder, fps: 5, maxWidth: 320,
  motion: { enabled: false }, ioTimeoutMs: 4000, stallTimeoutMs: 5000, ...extra,
});

const isCamera = (id: string, pred: (l: Line) => boolean = () => true) => (l: Line) => l.type === 'camera' && l.id === id && pred(l);

async function stopAndCheck(t: Test, run: RunningSharpeye) {
  const r = await run.stop('SIGTERM');
  t.equal(r.code, 0, `exits 0 on SIGTERM (stderr: ${r.stderr.slice(-500)})`);
  const summary = run.lines.find((l) => l.type === 'summary') as Line;
  t.ok(summary, 'a summary line at shutdown');
  t.equal(summary?.stoppedBy, 'SIGTERM');
  t.notMatch(r.stdout + r.stderr, new RegExp(`${PASSWORD}|${USER}:`), 'credentials never printed');
  await new Promise((res) => setTimeout(res, 300));
  t.same(processesWithTag(r.tag).filter((p) => /ffmpeg|gst-launch/.test(p.command)), [], 'no ffmpeg or gst-launch-1.0 left');
  t.same(processesWithTag(r.tag), [], 'nothing of the run left at all');
  return summary;
}

for (const decoder of ['ffmpeg', 'gstreamer']) {
  t.test(`${decoder}: four cameras deliver frames while broken ones fail on their own`, async (t) => {
    const closedPort = await freePort();
    const fastFail = { reconnect: { initialDelayMs: 200, maxDelayMs: 1000, failedAfterAttempts: 2, failedRetryMs: 60_000 } };
    const config = writeConfig(`four-${decoder}`, [
      cam('street', 'street', decoder),
      cam('ball', 'ball', decoder),
      cam('people', 'people', decoder),
      cam('still', 'still', decoder, { motion: { enabled: true, maxSkipSeconds: 3 } }),
      cam('bad-pass', 'street', decoder, { password: 'wrong-pass', ...fastFail }),
      cam('bad-path', 'nope', decoder, fastFail),
      { ...cam('bad-port', 'street', decoder, fastFail), url: `rtsp://127.0.0.1:${closedPort}/street` },
      cam('bad-video', 'mic', decoder, fastFail),
    ]);
    const run = startSharpeye(['serve', '--json-lines', '--port', '0', '--config', config, '--stats-interval', '1']);
    t.teardown(() => run.stop('SIGKILL'));
    for (const id of ['street', 'ball', 'people', 'still']) {
      await run.waitFor(isCamera(id, (l) => l.state === 'running'), 40_000, `${id} running`);
    }
    const expected: Record<string, [string, RegExp]> = {
      'bad-pass': ['E_INGEST_UNAUTHORIZED', /401|Unauthorized/i],
      'bad-path': ['E_INGEST_NOT_FOUND', /404|not found/i],
      'bad-port': ['E_INGEST_UNREACHABLE', /refused|could not (open|connect)|unreachable/i],
      'bad-video': ['E_INGEST_DECODE', /video/i],
    };
    for (const [id, [code, words]] of Object.entries(expected)) {
      // A refused connection is a network problem: retried with backoff, never parked in 'failed'.
      const persistent = id !== 'bad-port';
      const l = await run.waitFor(isCamera(id, (l) => l.state === (persistent ? 'failed' : 'reconnecting') && l.lastError !== null), 40_000, `${id} failed`);
      t.equal(l.lastError?.code, code, `${id}: ${l.lastError?.message}`);
      t.match(l.lastError?.message, words);
      t.match(l.lastError?.message, /rtsp:\/\/(\*\*\*@)?127\.0\.0\.1:\d+\//, 'the message names the stream');
      t.equal(l.framesDecoded, 0);
      if (persistent) t.equal(l.reconnects, 1, 'failed after 2 attempts (failedAfterAttempts: 2)');
    }
    // The good cameras kept running after every broken one had failed.
    const mark = run.lines.length;
    for (const id of ['street', 'ball', 'people']) {
      await run.waitFor((l) => run.lines.indexOf(l) >= mark && l.type === 'detections' && l.camera === id, 20_000, `${id} detections after the failures`);
    }
    await run.waitFor((l) => run.lines.indexOf(l) >= mark && l.type === 'stats' &&
      (l.cameras as Line[]).filter((c) => ['street', 'ball', 'people', 'still'].includes(c.id)).every((c) => c.framesDecoded >= 30), 30_000, 'six seconds of frames from every good camera');
    const summary = await stopAndCheck(t, run);
    const stats = Object.fromEntries((summary.cameras as Line[]).map((c) => [c.id, c]));
    for (const id of ['street', 'ball', 'people', 'still']) {
      t.ok(stats[id].framesDecoded >= 30, `${id} decoded ${stats[id].framesDecoded} frames`);
      t.equal(stats[id].reconnects, 0, `${id} never reconnected`);
      t.ok(stats[id].inputFps > 4 && stats[id].inputFps < 6, `${id} input ~5 fps (${stats[id].inputFps.toFixed(2)})`);
    }
    for (const id of ['street', 'ball', 'people']) {
      t.ok(stats[id].inferences >= 5, `${id}: ${stats[id].inferences} inferences`);
      t.ok(stats[id].latencyP50Ms > 0 && stats[id].latencyP50Ms < 5000, `${id}: latency p50 ${stats[id].latencyP50Ms} ms`);
    }
    t.ok(stats.still.skippedByGate > stats.still.inferences, `motion gating skipped the still camera: ${stats.still.skippedByGate} skipped, ${stats.still.inferences} inferred`);
    t.ok(stats.still.savedFraction > 0.5, `fraction of inferences saved reported: ${stats.still.savedFraction}`);
    t.equal(stats.street.savedFraction, 0, 'nothing saved where gating is off');
    const cars = run.lines.filter((l) => l.type === 'detections' && l.camera === 'street').flatMap((l) => l.detections as Line[]).filter((d) => d.label === 'car');
    t.ok(cars.length > 0, 'cars detected on the street camera');
    t.ok(cars.every((d) => d.box[2] <= 320 && d.box[3] <= 240), 'boxes in decoded-frame pixels');
    for (const id of ['bad-pass', 'bad-path', 'bad-video']) t.equal(stats[id].state, 'stopped');
    for (const id of Object.keys(expected)) t.equal(stats[id].lastError?.code, expected[id][0], `${id} keeps its own error`);
    t.ok(run.lines.filter((l) => l.type === 'camera').every((l) => ['id', 'state', 'framesDecoded', 'framesDropped', 'reconnects', 'lastError'].every((k) => k in l)), 'camera lines carry the documented fields');
  });
}

t.test('the server goes away and comes back: reconnecting, then frames again within 10 s', async (t) => {
  const port = await freePort();
  const flaky = await startRtspServer({ mounts: { ball: 'pattern' }, port });
  t.teardown(() => flaky.stop());
  const config = writeConfig('flaky', ['ffmpeg', 'gstreamer'].map((decoder) => ({
    id: `cam-${decoder}`, url: `rtsp://127.0.0.1:${port}/ball`, decoder, fps: 5, maxWidth: 320, motion: { enabled: false }, ioTimeoutMs: 3000, stallTimeoutMs: 3000,
  })));
  const run = startSharpeye(['serve', '--json-lines', '--port', '0', '--config', config, '--stats-interval', '0']);
  t.teardown(() => run.stop('SIGKILL'));
  for (const d of ['ffmpeg', 'gstreamer']) await run.waitFor(isCamera(`cam-${d}`, (l) => l.state === 'running'), 30_000, `cam-${d} running`);
  await flaky.stop();
  for (const d of ['ffmpeg', 'gstreamer']) {
    const l = await run.waitFor(isCamera(`cam-${d}`, (l) => l.state === 'reconnecting'), 15_000, `cam-${d} reconnecting`);
    t.ok(l.lastError, `cam-${d}: ${l.lastError?.code} ${l.lastError?.message}`);
  }
  await new Promise((res) => setTimeout(res, 1500));
  await flaky.start();
  const restartedAt = Date.now();
  const mark = run.lines.length;
  for (const d of ['ffmpeg', 'gstreamer']) {
    const l = await run.waitFor((l) => run.lines.indexOf(l) >= mark && isCamera(`cam-${d}`, (l) => l.state === 'running')(l), 10_000 - (Date.now() - restartedAt), `cam-${d} running again`);
    t.ok(l.reconnects >= 1, `cam-${d}: reconnect counted (${l.reconnects})`);
    await run.waitFor((l) => run.lines.indexOf(l) >= mark && l.type === 'detections' && l.camera === `cam-${d}`, 10_000 - (Date.now() - restartedAt), `cam-${d} detections again`);
  }
  t.ok(Date.now() - restartedAt < 10_000, `frames resumed ${Date.now() - restartedAt} ms after the restart`);
  await stopAndCheck(t, run);
});

t.test('bad config: one clear line naming the camera and field, exit 2 (usage), nothing started', async (t) => {
  const config = writeConfig('bad', [{ id: 'gate-1', url: `rtsp://127.0.0.1:${server.port}/street`, password: PASSWORD, fps: -1 }]);
  const run = startSharpeye(['serve', '--config', config]);
  const r = await run.exited;
  t.equal(r.code, 2);
  t.match(r.stderr, /E_CONFIG_INVALID: .*bad\.yaml: camera 'gate-1' \(cameras\[0\]\.fps\)/);
  t.notMatch(r.stderr, PASSWORD);
  t.equal(r.stderr.trim().split('\n').length, 1, 'one line');
});
