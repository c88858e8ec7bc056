// The serve config file: the example works as written with defaults filled in, credentials
// are kept apart from the URL, and every mistake is named by file, camera and field.
import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadServeConfig, validateServeConfig } from '../../worker/index.js';
import { cameraSourceUrl, cameraSecrets, validateCamera } from '../../ingest/index.js';
import { configPath } from '../../core/index.js';

const dir = mkdtempSync(join(tmpdir(), 'sharpeye-config-'));
const file = (name: string, text: string) => { const p = join(dir, name); writeFileSync(p, text); return p; };

const EXAMPLE = `cameras:
  - id: gate-1
    url: rtsp://10.0.0.5:554/stream1
    username: admin          # optional, never printed
    password: secret
    fps: 5
    decoder: ffmpeg          # or gstreamer
`;

t.test('the documented example loads as written, with defaults', async (t) => {
  const config = await loadServeConfig(file('example.yaml', EXAMPLE));
  const cam = config.cameras[0];
  t.match(cam, { id: 'gate-1', url: 'rtsp://10.0.0.5:554/stream1', username: 'admin', password: 'secret', fps: 5, decoder: 'ffmpeg',
    transport: 'tcp', hwDecode: false, enabled: true, maxWidth: 1280, stallTimeoutMs: 10000 });
  t.match(cam.reconnect, { initialDelayMs: 500, maxDelayMs: 30000, failedAfterAttempts: 5 });
  t.match(cam.motion, { enabled: true, ignore: [] });
  t.match(config.detector, { model: 'yolov8n-int8', confidence: 0.25 });
  t.equal(cameraSourceUrl(cam), 'rtsp://admin:secret@10.0.0.5:554/stream1', 'credentials joined only for the decoder');
  t.ok(Object.isFrozen(cam) && Object.isFrozen(cam.reconnect), 'frozen once validated');
});

t.test('credentials written into the URL are moved out of it; special characters survive', async (t) => {
  const config = validateServeConfig({ cameras: [{ id: 'c', url: 'rtsp://bob:p%40ss%3Aw@10.0.0.6/s?x=1' }] }, 'test');
  const cam = config.cameras[0];
  t.equal(cam.url, 'rtsp://10.0.0.6/s?x=1');
  t.equal(cam.username, 'bob');
  t.equal(cam.password, 'p@ss:w');
  t.equal(cameraSourceUrl(cam), 'rtsp://bob:p%40ss%3Aw@10.0.0.6/s?x=1');
  t.same(cameraSecrets(config.cameras), ['bob', 'p@ss:w']);
  t.throws(() => validateServeConfig({ cameras: [{ id: 'c', url: 'rtsp://a:b@h/s', password: 'b' }] }, 'test'),
    { code: 'E_CONFIG_INVALID', message: /camera 'c' \(cameras\[0\]\.url\): credentials are both in the URL and in username\/password/ });
});

t.test('schema errors name the file, the camera and the field, and never print secrets', async (t) => {
  const bad = file('bad.yaml', `cameras:
  - id: gate-1
    url: rtsp://h/s
    password: hunter22
    fps: 0
    decoder: vlc
    transport: quic
  - id: gate-2
    url: rtsp://h/s
    extra: 1
`);
  const err = await loadServeConfig(bad).then(() => undefined, (e) => e);
  t.equal(err.code, 'E_CONFIG_INVALID');
  t.match(err.message, `${bad}: `);
  t.match(err.message, /camera 'gate-1' \(cameras\[0\]\.fps\): expected number to be greater or equal to 0\.01 \(most frames per second/);
  t.match(err.message, /camera 'gate-1' \(cameras\[0\]\.decoder\): must be one of "ffmpeg", "gstreamer", got a string/);
  t.notMatch(err.message, /vlc|quic/, 'string values are never echoed');
  t.match(err.message, /camera 'gate-1' \(cameras\[0\]\.transport\): must be one of "tcp", "udp"/);
  t.match(err.message, /camera 'gate-2' \(cameras\[1\]\): unknown key; the keys allowed here are id, name, url, /);
  t.notMatch(err.message + JSON.stringify(err.details), /hunter22/);
});

t.test('cross-field checks: schemes, files only when allowed, duplicate ids, missing cameras', async (t) => {
  t.throws(() => validateServeConfig({ cameras: [{ id: 'a', url: 'ftp://h/x' }] }, 'f.yaml'), { message: /camera 'a' \(cameras\[0\]\.url\): unsupported scheme 'ftp:'; use one of rtsp:, rtsps:, http:, https:/ });
  t.throws(() => validateServeConfig({ cameras: [{ id: 'a', url: '/clips/a.mp4' }] }, 'f.yaml'), { message: /is a file; .*set allowFiles: true/ });
  t.equal(validateServeConfig({ allowFiles: true, cameras: [{ id: 'a', url: '/clips/a.mp4' }] }, 'f.yaml').cameras[0].url, '/clips/a.mp4');
  t.throws(() => validateServeConfig({ cameras: [{ id: 'a', url: 'rtsp://h/1' }, { id: 'a', url: 'rtsp://h/2' }] }, 'f.yaml'), { message: /cameras\[1\]\.id\): duplicate camera id 'a' \(also cameras\[0\]\)/ });
  t.throws(() => validateServeConfig({ cameras: [] }, 'f.yaml'), { message: /f\.yaml: cameras: expected array length/ });
  t.throws(() => validateServeConfig({}, 'f.yaml'), { message: /f\.yaml: cameras: .*missing/ });
  t.throws(() => validateServeConfig({ cameras: [{ id: 'bad id!', url: 'rtsp://h/1' }] }, 'f.yaml'), { message: /f\.yaml: cameras\[0\]\.id: expected string to match/ });
});

t.test('files: unreadable and YAML syntax errors say where', async (t) => {
  await t.rejects(loadServeConfig(join(dir, 'missing.yaml')), { code: 'E_CONFIG_INVALID', message: /missing\.yaml: cannot be read \(ENOENT\)/ });
  await t.rejects(loadServeConfig(file('syntax.yaml', 'cameras:\n  - id: a\n   url: [\n')), { code: 'E_CONFIG_INVALID', message: /syntax\.yaml: YAML syntax error at line \d+/ });
  await t.rejects(loadServeConfig(file('dup.yaml', 'cameras: []\ncameras: []\n')), { message: /YAML syntax error.*[Mm]ap keys must be unique/ });
});

t.test('one camera on its own (API edits) and JSON pointer paths', async (t) => {
  t.match(validateCamera({ id: 'x', url: 'rtsps://u:p@h/s' }, 'API'), { url: 'rtsps://h/s', username: 'u', password: 'p', fps: 5 });
  t.throws(() => validateCamera({ id: 'x' }, 'API'), { message: /^API: url: / });
  t.equal(configPath('/cameras/2/reconnect/maxDelayMs'), 'cameras[2].reconnect.maxDelayMs');
  t.equal(configPath(''), '');
});

t.test('per-camera rules: inline or from a file next to the config, errors name the camera', async (t) => {
  const rules = { zones: [{ id: 'z', polygon: [[0, 0], [1, 0], [1, 1]] }], rules: [{ id: 'r', type: 'zone_intrusion', zone: 'z' }] };
  const inline = validateServeConfig({ cameras: [{ id: 'a', url: 'rtsp://h/1', rules }] }, 'f.yaml');
  t.equal(inline.cameras[0].rules?.rules.rules[0].id, 'r');
  t.equal(inline.cameras[0].track, false, 'track flag stays as given; rules switch tracking on at run time');
  file('cam-b.yaml', 'lines:\n  - { id: L, points: [[0, 0.5], [1, 0.5]] }\nrules:\n  - { id: flow, type: line_crossing, line: L }\ncalibration:\n  - { image: [0.1, 0.9], ground: [0, 0] }\n  - { image: [0.9, 0.9], ground: [10, 0] }\n  - { image: [0.7, 0.5], ground: [10, 30] }\n  - { image: [0.3, 0.5], ground: [0, 30] }\n');
  const fromFile = await loadServeConfig(file('with-rules.yaml', 'cameras:\n  - { id: b, url: "rtsp://h/2", rulesFile: cam-b.yaml }\n'));
  t.equal(fromFile.cameras[0].rules?.rules.lines[0].id, 'L');
  t.equal(fromFile.cameras[0].rules?.calibration?.length, 4);
  await t.rejects(loadServeConfig(file('bad-rules.yaml', "cameras:\n  - id: c\n    url: rtsp://h/3\n    rules: { rules: [{ id: r, type: loitering, zone: nowhere }] }\n")),
    { code: 'E_CONFIG_INVALID', message: /camera 'c' \(cameras\[0\]\.rules\).*rules\[0\]\.zone: rule 'r' references a zone this file does not define/ });
  await t.rejects(loadServeConfig(file('missing-rules.yaml', 'cameras:\n  - { id: d, url: "rtsp://h/4", rulesFile: nope.yaml }\n')), { code: 'E_CONFIG_INVALID', message: /camera 'd' \(cameras\[0\]\.rulesFile\): nope\.yaml: does not exist$/ });
  t.throws(() => validateServeConfig({ cameras: [{ id: 'e', url: 'rtsp://h/5', rules, rulesFile: 'x.yaml' }] }, 'f.yaml'), { message: /give rules inline or rulesFile, not both/ });
});

t.test('webhooks and snapshots at the top level', async (t) => {
  const c = validateServeConfig({ webhooks: [{ url: 'https://ops.example/hook', secret: 's3cret-s3cret-s3cret-s3cret' }], snapshotsDir: '/var/lib/sharpeye/snaps', cameras: [{ id: 'a', url: 'rtsp://h/1' }] }, 'f.yaml');
  t.equal(c.webhooks[0].url, 'https://ops.example/hook');
  t.equal(c.snapshotsDir, '/var/lib/sharpeye/snaps');
  t.throws(() => validateServeConfig({ webhooks: [{ secret: 'x' }], cameras: [{ id: 'a', url: 'rtsp://h/1' }] }, 'f.yaml'), { message: /webhooks\[0\]\.url/ });
});
