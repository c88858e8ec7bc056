// The node's camera registry against the real RTSP test server: cameras added, changed and removed
// while the node runs (states change, decoders are reaped, nothing is left), credentials never
// shown, run-time documents validated like the config file, rules applied without a restart, the
// newest frame as a JPEG, health and metrics following the changes.
import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { stringify } from 'yaml';
import { createLogger } from '../../core/index.js';
import { loadNodeConfig, SharpeyeNode, type CameraView } from '../../node/index.js';
import { MODEL_DIR, video } from '../helpers/fixtures.js';
import { descendantProcesses, waitForNoDescendants } from '../helpers/processes.js';
import { startRtspServer } from '../helpers/rtsp-server.js';

const USER = 'viewer', PASSWORD = 'Reg-S3cret-99';
const server = await startRtspServer({ mounts: { ball: 'pattern', street: `file:${video('intersection.mp4')}` }, user: USER, password: PASSWORD });
t.teardown(() => server.stop());
const dir = mkdtempSync(join(tmpdir(), 'sharpeye-node-cams-'));
const cam = (id: string, mount: string, extra: object = {}) => ({
  id, url: server.url(mount), username: USER, password: PASSWORD, fps: 5, maxWidth: 320, motion: { enabled: false }, ioTimeoutMs: 4000, stallTimeoutMs: 5000, ...extra,
});
const ffmpegs = () => descendantProcesses(/ffmpeg/);

async function until<T>(what: string, fn: () => T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

t.test('cameras added, changed and removed while the node runs', async (t) => {
  const path = join(dir, 'node.yaml');
  writeFileSync(path, stringify({ detector: { model: 'yolox-nano', sessions: 1 }, cameras: [cam('ball', 'ball')] }));
  const node = await SharpeyeNode.open(await loadNodeConfig(path), { modelDir: MODEL_DIR, configPath: path, logger: createLogger({ level: 'silent' }) });
  t.teardown(() => node.close());
  const cams = node.ports.cameras;
  const states: string[] = [];
  node.on('camera', (s) => { if (s.id === 'street') states.push(s.state); });
  node.start();
  await until('ball running', () => cams.get('ball')?.status.state === 'running');
  t.equal(ffmpegs().length, 1, 'one decoder');

  // Add: validated like the config file, running at once, credentials never shown.
  await t.rejects(cams.add({ ...cam('bad', 'ball'), fps: -1 }), { code: 'E_CONFIG_INVALID', message: /fps/ }, 'schema errors name the field');
  await t.rejects(cams.add(cam('file', 'ball', { url: video('intersection.mp4') })), { code: 'E_CONFIG_INVALID', message: /allowFiles/ }, 'file cameras only with allowFiles');
  await t.rejects(cams.add({ ...cam('x', 'ball'), url: `rtsp://${USER}:${PASSWORD}@127.0.0.1:${server.port}/ball` }), { code: 'E_CONFIG_INVALID', message: /both in the URL and in username\/password/ });
  await t.rejects(cams.add(cam('ball', 'ball')), { code: 'E_CAMERA_EXISTS' });
  const added = await cams.add(cam('street', 'street'));
  t.equal(added.id, 'street');
  t.equal(added.hasCredentials, true);
  t.notOk('password' in added.config || 'username' in added.config, 'no credentials in the view');
  t.notMatch(JSON.stringify(cams.list()), new RegExp(`${PASSWORD}|${USER}`), 'nor anywhere in the list');
  await until('street running', () => cams.get('street')?.status.state === 'running');
  t.equal(ffmpegs().length, 2, 'a second decoder');
  t.same(states.slice(0, 2), ['starting', 'running'], 'state changes reported');

  // The newest frame as a JPEG.
  const jpeg = await until('a frame', () => cams.get('street')!.status.framesDecoded > 0 && true).then(() => cams.latestFrameJpeg('street'));
  const meta = await sharp(jpeg!).metadata();
  t.match(meta, { format: 'jpeg', width: 320, height: 240 }, 'decodes as a 320x240 JPEG');
  await t.rejects(cams.latestFrameJpeg('nope'), { code: 'E_CAMERA_NOT_FOUND' });

  // Change: a new fps restarts the camera with it; the old decoder is reaped.
  const oldPids = ffmpegs().map((p) => p.pid);
  const changed = await cams.update('street', { fps: 2 });
  t.equal(changed.config.fps, 2);
  t.equal(changed.hasCredentials, true, 'credentials kept across a change');
  await until('street running again', () => cams.get('street')?.status.state === 'running');
  const pids = ffmpegs().map((p) => p.pid);
  t.equal(pids.length, 2, 'still two decoders');
  t.ok(oldPids.filter((p) => !pids.includes(p)).length === 1, 'the changed camera got a new decoder, the old one is gone');
  await t.rejects(cams.update('street', { id: 'other' }), { code: 'E_CONFIG_INVALID', message: /id/ });
  await t.rejects(cams.update('street', { fps: 0 }), { code: 'E_CONFIG_INVALID', message: /fps/ });
  await t.rejects(cams.update('nope', { fps: 1 }), { code: 'E_CAMERA_NOT_FOUND' });
  t.equal(cams.get('street')?.config.fps, 2, 'a refused change leaves the camera as it was');

  // Rules apply at once: the untracked camera is tracked from its next frame.
  let tracked = false;
  node.on('detections', (d, tracks) => { if (d.sourceId === 'ball' && tracks) tracked = true; });
  const rules = { zones: [{ id: 'all', polygon: [[0, 0], [1, 0], [1, 1], [0, 1]] }], rules: [{ id: 'any', type: 'zone_intrusion', zone: 'all' }] };
  await t.rejects(cams.setRules('ball', { zones: 'nope' }), { code: 'E_CONFIG_INVALID' });
  const set = await cams.setRules('ball', rules);
  t.match(set, { zones: [{ id: 'all' }], rules: [{ id: 'any', type: 'zone_intrusion' }] });
  t.same(cams.getRules('ball'), set);
  await until('tracks on the ball camera', () => tracked, 15_000);
  t.equal(cams.get('ball')?.status.reconnects, 0, 'no restart for new rules');

  const viaPatch = await cams.update('ball', { rules: { lines: [{ id: 'l', points: [[0.5, 0], [0.5, 1]] }], rules: [{ id: 'c', type: 'line_crossing', line: 'l' }] } });
  t.match(cams.getRules('ball'), { lines: [{ id: 'l' }], rules: [{ id: 'c' }] }, 'rules in a patch apply too');
  t.equal(viaPatch.status.reconnects, 0, 'still without a restart');

  // Disabled and enabled again: the decoder goes and comes back.
  t.equal((await cams.update('street', { enabled: false })).status.state, 'disabled');
  t.equal(ffmpegs().length, 1, 'a disabled camera runs no decoder');
  await cams.update('street', { enabled: true });
  await until('street running once enabled', () => cams.get('street')?.status.state === 'running');

  // Health and metrics follow the cameras.
  const health = node.ports.stats.health();
  t.match(health, { state: 'ok', store: null, cameras: [{ id: 'ball', ready: true }, { id: 'street', ready: true }] });
  const { text } = await node.ports.stats.metrics();
  t.match(text, /sharpeye_camera_state\{camera="street",state="running"\} 1/);
  t.match(text, /sharpeye_inference_latency_seconds_count\{camera="ball"\} [1-9]/);

  // Without a store: searches say so, alerts are kept in memory.
  await t.rejects(node.ports.events.query({}), { code: 'E_STORE_NOT_CONFIGURED' });
  await t.rejects(node.ports.events.similarToEvent('x', {}), { code: 'E_STORE_NOT_CONFIGURED' });
  t.same((await node.ports.alerts.list({})).nextCursor, null);

  // Remove: the decoder is reaped before remove resolves.
  await cams.remove('street');
  t.equal(cams.get('street'), undefined);
  t.same(cams.list().map((c: CameraView) => c.id), ['ball']);
  t.equal(ffmpegs().length, 1, 'its decoder is gone');
  t.equal(states.at(-1), 'stopped');
  await t.rejects(cams.remove('street'), { code: 'E_CAMERA_NOT_FOUND' });
  t.notMatch((await node.ports.stats.metrics()).text, /camera="street"/, 'gone from the metrics');

  // A disabled camera is listed but runs nothing.
  const off = await cams.add(cam('spare', 'ball', { enabled: false }));
  t.equal(off.status.state, 'disabled');
  t.equal(ffmpegs().length, 1);

  const summary = await node.close();
  t.same(summary.cameras.map((c) => [c.id, c.state]), [['ball', 'stopped']]);
  t.same(await waitForNoDescendants(/ffmpeg|gst-launch/), [], 'nothing left running');
  await t.rejects(cams.add(cam('late', 'ball')), { code: 'E_NODE_CLOSED' });
  await node.close(); // idempotent
});
