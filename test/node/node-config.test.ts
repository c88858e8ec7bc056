// The node config model: one schema for the file, the CLI flags and the API; the sample config
// loads with its api section; the api and log sections have defaults and bounds and name the
// field on every mistake; camera and rules documents from the API get the file's checks; every
// default and bound of a shared value (detector, fps, frame width) comes from one stage schema.
import t from 'tap';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { Value } from '@sinclair/typebox/value';
import {
  loadNodeConfig, nodeConfigScope, nodeRequestSchemas, NodeConfigSchema, validateCameraDocument, validateNodeConfig,
  validateRulesDocument, withApiOverrides,
} from '../../node/index.js';
import { DETECTOR_DEFAULTS, DetectorConfigSchema, INPUT_SIZE_LIMITS } from '../../inference/index.js';
import { buildFfmpegDecodeArgs, CameraConfigSchema, FPS_LIMITS, MAX_WIDTH_LIMITS } from '../../ingest/index.js';
import { ServeConfigSchema } from '../../worker/index.js';
import { SAMPLE_CONFIG, SAMPLE_CONFIG_ROOTS } from '../helpers/sample-config.js';
import { video } from '../helpers/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'sharpeye-node-config-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => { const p = join(dir, name); writeFileSync(p, text); return p; };
const CAM = 'cameras:\n  - { id: a, url: "rtsp://10.0.0.5/s" }\n';

t.test('the sample config loads as the Quick start runs it: frozen, api on localhost, rules inline, store in the config folder', async (t) => {
  const c = await loadNodeConfig(SAMPLE_CONFIG, { roots: SAMPLE_CONFIG_ROOTS });
  t.ok(Object.isFrozen(c) && Object.isFrozen(c.api.sse) && Object.isFrozen(c.cameras[0]), 'deep-frozen');
  t.match(c.api, { host: '127.0.0.1', port: 8480, cors: { origins: [] }, sse: { heartbeatSeconds: 15 } });
  t.equal(c.log.level, 'info');
  t.equal(c.cameras[0].url, video('intersection.mp4'), 'the file camera resolves to the fixture clip through --config-root');
  t.same(c.cameras[0].rules?.rules.rules.map((r) => r.id), ['flow', 'wait']);
  t.equal(c.store?.spec, `sqlite:${join(process.cwd(), 'config', 'data', 'sharpeye.db')}`, 'the store path is relative to the config folder');
  await t.rejects(loadNodeConfig(SAMPLE_CONFIG), { code: 'E_CONFIG_INVALID', message: /cameras\[0\]\.url\): .*intersection\.mp4: is outside the config folder/ }, 'without --config-root the clip is out of scope');
});

t.test('api and log sections: defaults when absent, bounds and unknown keys named by path', async (t) => {
  const c = await loadNodeConfig(file('plain.yaml', CAM));
  t.same(c.api, { host: '127.0.0.1', port: 8480, bodyLimitBytes: 1_048_576, uploadLimitBytes: 8_388_608, cors: { origins: [], maxAgeSeconds: 600 }, sse: { heartbeatSeconds: 15, clientBufferEvents: 256 } });
  t.same(c.log, { level: 'info' });
  const bad: Array<[string, RegExp]> = [
    ['api: { port: 70000 }', /bad\.yaml: api\.port: expected integer to be less or equal to 65535/],
    ['api: { prot: 1 }', /api: unknown key 'prot' \(did you mean 'port'\?\)/],
    ['api: { bodyLimitBytes: 10 }', /api\.bodyLimitBytes: expected integer to be greater or equal to 1024/],
    ['api: { cors: { origins: ["*"] } }', /api\.cors\.origins\[0\]: expected string to match/],
    ['api: { cors: { origins: ["https://console.example.org/path"] } }', /api\.cors\.origins\[0\]: expected string to match/],
    ['api: { cors: ["https://console.example.org"] }', /api\.cors: .*allowed here are origins, maxAgeSeconds/],
    ['api: { sse: { heartbeatSeconds: 0 } }', /api\.sse\.heartbeatSeconds: expected number to be greater or equal to 1/],
    ['log: { level: loud }', /log\.level: must be one of "fatal", "error", "warn", "info", "debug", "trace", "silent"/],
    ['apis: {}', /unknown key 'apis' \(did you mean 'api'\?\)/],
  ];
  for (const [yaml, message] of bad) await t.rejects(loadNodeConfig(file('bad.yaml', `${CAM}${yaml}\n`)), { code: 'E_CONFIG_INVALID', message }, yaml);
  const ok = await loadNodeConfig(file('cors.yaml', `${CAM}api: { cors: { origins: ["https://console.example.org", "http://localhost:5173", "http://[::1]:8080"] } }\n`));
  t.equal(ok.api.cors.origins.length, 3, 'origins with ports and IPv6 hosts are accepted');
});

t.test('flags win over the file and are validated by the same schema', async (t) => {
  const c = validateNodeConfig({ cameras: [{ id: 'a', url: 'rtsp://h/1' }], api: { port: 9000 } }, 'f.yaml');
  t.equal(withApiOverrides(c, {}), c, 'no flags: the same object');
  const o = withApiOverrides(c, { host: '0.0.0.0', port: 0 });
  t.match(o.api, { host: '0.0.0.0', port: 0, bodyLimitBytes: 1_048_576 });
  t.ok(Object.isFrozen(o.api));
  t.throws(() => withApiOverrides(c, { port: 65_536 }), { code: 'E_CONFIG_INVALID', message: /command line: api\.port: expected integer to be less or equal to 65535/ });
});

t.test('camera documents from the API get the checks a camera of the file gets', async (t) => {
  const scope = await nodeConfigScope(SAMPLE_CONFIG, { roots: SAMPLE_CONFIG_ROOTS });
  const o = { allowFiles: false, scope };
  const cam = await validateCameraDocument({ id: 'gate', url: 'rtsp://bob:secret@10.0.0.9/s', rules: { zones: [{ id: 'z', polygon: [[0, 0], [1, 0], [1, 1]] }] } }, 'API', o);
  t.match(cam, { id: 'gate', url: 'rtsp://10.0.0.9/s', username: 'bob', password: 'secret', fps: 5, maxWidth: 1280 }, 'credentials moved out of the URL, defaults filled');
  t.equal(cam.rules?.rules.zones[0].id, 'z');
  await t.rejects(validateCameraDocument({ id: 'gate', url: 'rtsp://h/s', fps: 0 }, 'API', o), { message: /^API: camera\.fps: expected number to be greater or equal to 0\.01/ });
  await t.rejects(validateCameraDocument({ id: 'gate', url: 'ftp://h/s' }, 'API', o), { message: /^API: camera\.url: unsupported scheme 'ftp:'/ });
  await t.rejects(validateCameraDocument({ id: 'gate', url: 'rtsp://h/s', rulesFile: 'x.yaml' }, 'API', o), { message: /camera\.rulesFile: rulesFile is for config files/ });
  await t.rejects(validateCameraDocument({ id: 'gate', url: 'rtsp://h/s', motion: { ignore: [[[0, 0], [1, 1], [1, 0], [0, 1]]] } }, 'API', o), { message: /camera\.motion\.ignore\[0\]: motion ignore polygon/ });
  await t.rejects(validateCameraDocument({ id: 'gate', url: video('intersection.mp4') }, 'API', o), { message: /camera\.url: .*is a file; .*allowFiles/ });
  const file = await validateCameraDocument({ id: 'clip', url: video('intersection.mp4') }, 'API', { ...o, allowFiles: true });
  t.equal(file.url, video('intersection.mp4'), 'a file inside the scope is accepted with allowFiles');
  await t.rejects(validateCameraDocument({ id: 'clip', url: '/etc/passwd' }, 'API', { ...o, allowFiles: true }), { message: /camera\.url: .*is outside the config folder/ });
  t.throws(() => validateRulesDocument({ rules: [{ id: 'r', type: 'loitering', zone: 'nowhere' }] }, 'API'), { code: 'E_CONFIG_INVALID' });
});

t.test('the request JSON Schemas accept what the validators accept', async (t) => {
  const ajv = new Ajv({ strict: true, allErrors: true });
  const s = nodeRequestSchemas();
  const camera = ajv.compile(s.camera), patch = ajv.compile(s.cameraPatch), rules = ajv.compile(s.rules);
  t.ok(camera({ id: 'a', url: 'rtsp://h/1', rules: { lines: [{ id: 'l', points: [[0, 0.5], [1, 0.5]] }], rules: [{ id: 'c', type: 'line_crossing', line: 'l' }] } }), JSON.stringify(camera.errors));
  t.notOk(camera({ id: 'a', url: 'rtsp://h/1', fps: 241 }));
  t.ok(patch({ fps: 2, enabled: false }));
  t.notOk(patch({ id: 'b' }), 'the id cannot be changed');
  t.ok(rules({ zones: [{ id: 'z', polygon: [[0, 0], [1, 0], [1, 1]] }], rules: [{ id: 'w', type: 'loitering', zone: 'z', seconds: 3 }] }));
  t.notOk(rules({ rules: [{ id: 'w', type: 'loitering', zone: 'z', secnds: 3 }] }), 'a misspelt rule key is refused');
});

t.test('every key of the node config is described', async (t) => {
  const missing: string[] = [];
  const walk = (s: Record<string, any>, path: string) => {
    for (const [k, v] of Object.entries<Record<string, any>>(s.properties ?? {})) {
      const at = path ? `${path}.${k}` : k;
      if (!v.description) missing.push(at);
      if (at.endsWith('.rules')) continue; // the rules document is described in README "Rules"
      if (v.type === 'object') walk(v, at);
      if (v.type === 'array' && v.items?.type === 'object') walk(v.items, `${at}[]`);
    }
  };
  walk(NodeConfigSchema, '');
  t.same(missing.filter((m) => m !== 'cameras[].rules'), []);
});

t.test('defaults and bounds exist once: flags, config sections and constructors read the stage schemas', async (t) => {
  const detector = validateNodeConfig({ cameras: [{ id: 'a', url: 'rtsp://h/1' }] }, 'f.yaml').detector;
  t.match(detector, DETECTOR_DEFAULTS, 'the config section defaults are the detector defaults');
  t.equal(ServeConfigSchema.properties.detector, DetectorConfigSchema, 'the serve config composes the detector schema itself');
  t.match(Value.Default(DetectorConfigSchema, {}), DETECTOR_DEFAULTS, 'DETECTOR_DEFAULTS are read from the schema');
  t.equal(CameraConfigSchema.properties.fps.maximum, FPS_LIMITS.maximum);
  t.equal(CameraConfigSchema.properties.fps.default, FPS_LIMITS.default);
  t.equal(CameraConfigSchema.properties.maxWidth.minimum, MAX_WIDTH_LIMITS.minimum);
  // The decoder refuses exactly what the config refuses.
  t.doesNotThrow(() => buildFfmpegDecodeArgs({ input: '/a.mp4', fps: FPS_LIMITS.maximum! }));
  t.throws(() => buildFfmpegDecodeArgs({ input: '/a.mp4', fps: FPS_LIMITS.maximum! + 1 }), { code: 'E_CONFIG_INVALID' });
  t.throws(() => buildFfmpegDecodeArgs({ input: '/a.mp4', fps: FPS_LIMITS.minimum! / 2 }), { code: 'E_CONFIG_INVALID' });
  t.throws(() => validateNodeConfig({ cameras: [{ id: 'a', url: 'rtsp://h/1', fps: FPS_LIMITS.maximum! + 1 }] }, 'f.yaml'), { message: /cameras\[0\]\.fps/ });
  t.equal(INPUT_SIZE_LIMITS.maximum, 4096);
});
