// `sharpeye config check` and `sharpeye config schema` through the real CLI: the sample config is
// accepted as the Quick start runs it, a broken one is refused on one line naming the file and the
// field (exit 2), and the printed JSON Schema, compiled by a real validator (ajv, strict), accepts
// the sample config, a config with every key set and the test suite's YAML configs, and refuses
// what the loader refuses.
import t from 'tap';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Ajv } from 'ajv';
import { runSharpeye } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/fixtures.js';
import { SAMPLE_CONFIG, SAMPLE_CONFIG_ROOTS } from '../helpers/sample-config.js';
import { validateNodeConfig } from '../../node/index.js';

const dir = mkdtempSync(join(tmpdir(), 'sharpeye-config-cmd-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const roots = SAMPLE_CONFIG_ROOTS.flatMap((r) => ['--config-root', r]);

t.test('config check accepts the sample config and names the field of a broken one', async (t) => {
  const ok = await runSharpeye(['config', 'check', SAMPLE_CONFIG, ...roots]);
  t.equal(ok.code, 0, ok.stderr);
  t.match(ok.stdout, /^ok: .*sharpeye\.example\.yaml: 1 camera \(1 enabled, 1 with rules\), store sqlite, 0 webhooks, api 127\.0\.0\.1:8480\n$/);
  const outside = await runSharpeye(['config', 'check', SAMPLE_CONFIG]);
  t.equal(outside.code, 2, 'without --config-root the clip is outside the config folder');
  t.match(outside.stderr, /^sharpeye config: E_CONFIG_INVALID: .*camera 'intersection' \(cameras\[0\]\.url\): .*is outside the config folder.*\n$/);

  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'cameras:\n  - id: gate\n    url: rtsp://admin:hunter2@10.0.0.5/s\n    fps: 500\napi: { port: 8480 }\n');
  const r = await runSharpeye(['config', 'check', bad]);
  t.equal(r.code, 2);
  t.equal(r.stderr.split('\n').filter(Boolean).length, 1, 'one line');
  t.match(r.stderr, /E_CONFIG_INVALID: .*bad\.yaml: camera 'gate' \(cameras\[0\]\.fps\): expected number to be less or equal to 240/);
  t.notMatch(r.stderr + r.stdout, /hunter2/, 'no secret in the output');
  const store = join(dir, 'store.yaml');
  writeFileSync(store, 'cameras:\n  - { id: a, url: "rtsp://h/1" }\nstore: { spec: "redis:h:1" }\n');
  const s = await runSharpeye(['config', 'check', store]);
  t.equal(s.code, 2);
  t.match(s.stderr, /store\.yaml: store\.spec: /, 'the store spec is checked as serve checks it');
  const usage = await runSharpeye(['config', 'frobnicate']);
  t.equal(usage.code, 2);
  t.match(usage.stderr, /usage: sharpeye config check FILE/);
});

/** YAML config documents written in the test suite (template literals that start a node config). */
function testSuiteConfigs(): Array<{ where: string; doc: unknown }> {
  const out: Array<{ where: string; doc: unknown }> = [];
  const visit = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) { visit(p); continue; }
      if (!p.endsWith('.ts')) continue;
      const text = readFileSync(p, 'utf8');
      // Interpolations stand in as a plain word; a document the loader then refuses is left out below.
      for (const m of text.matchAll(/`((?:allowFiles|cameras|detector|store|webhooks|snapshotsDir|api|log):[^`]*)`/g)) {
        const yaml = m[1].replace(/\$\{[^}]*\}/g, 'x');
        try { out.push({ where: `${p.slice(REPO_ROOT.length + 1)}: ${yaml.split('\n')[0]}`, doc: parse(yaml) }); } catch { /* not YAML on its own */ }
      }
    }
  };
  visit(join(REPO_ROOT, 'test'));
  return out;
}

/** A valid config that sets every key (every rule type, calibration, webhooks, store, api, log). */
const EVERY_KEY = {
  allowFiles: false,
  detector: { model: 'yolov8n-int8', confidence: 0.3, iou: 0.5, classes: ['person', 'car'], provider: 'cpu', sessions: 2, intraOpThreads: 1 },
  webhooks: [{ id: 'ops', url: 'https://ops.example.org/hook', secret: 'whsec_' + Buffer.alloc(32, 1).toString('base64'), allowLinkLocal: false, ruleIds: ['stay'], headers: { 'x-team': 'a' },
    timeoutMs: 5000, maxAttempts: 3, initialDelayMs: 500, maxDelayMs: 10_000, jitter: 0.1, capacity: 100, concurrency: 1 }],
  snapshotsDir: 'snaps',
  store: { spec: 'sqlite:events.db', retentionHours: 24, retentionCheckSeconds: 600, embedder: { default: 'osnet-x0.25-msmt17', perClass: { car: 'osnet-x0.25-msmt17' }, classes: ['car'] } },
  cameras: [{
    id: 'gate-1', name: 'Gate', url: 'rtsp://10.0.0.5/s', username: 'viewer', password: 'pw', transport: 'udp', fps: 2.5, maxWidth: 960, decoder: 'gstreamer', hwDecode: false, enabled: true,
    ioTimeoutMs: 5000, stallTimeoutMs: 8000, reconnect: { initialDelayMs: 100, maxDelayMs: 1000, multiplier: 1.5, jitter: 0, failedAfterAttempts: 3, failedRetryMs: 60_000 },
    motion: { enabled: true, pixelThreshold: 20, minChangedFraction: 0.01, ignore: [[[0, 0], [0.2, 0], [0.2, 0.1]]], holdSeconds: 1, maxSkipSeconds: 5 },
    tiling: { tileSize: 320, overlap: 0.1 }, track: true,
    rules: {
      timezone: 'Europe/Rome',
      zones: [{ id: 'z', polygon: [[0, 0], [1, 0], [1, 1]], description: 'all' }],
      lines: [{ id: 'l', points: [[0, 0.5], [1, 0.5]] }],
      rules: [
        { id: 'in', type: 'zone_intrusion', zone: 'z', seconds: 1, schedule: [{ days: ['mon'], from: '22:00', to: '06:00' }] },
        { id: 'cross', type: 'line_crossing', line: 'l', alertOn: 'both', intervalSeconds: 30, crossingMargin: 0.1 },
        { id: 'stay', type: 'loitering', zone: 'z', seconds: 30, severity: 'critical', cooldownSeconds: 10, clearSeconds: 2, anchor: 'center' },
        { id: 'park', type: 'illegal_parking', zone: 'z', stationaryTolerance: 0.2 },
        { id: 'occupy', type: 'street_occupation', zone: 'z' },
        { id: 'crowd', type: 'crowding', zone: 'z', minCount: 5 },
        { id: 'jam', type: 'congestion', zone: 'z', measure: 'occupancy', busy: 0.3, congested: 0.6, windowSeconds: 30, alertLevel: 'busy' },
        { id: 'heavy', type: 'heavy_vehicle' },
      ],
      calibration: [{ image: [0, 1], ground: [0, 0] }, { image: [1, 1], ground: [10, 0] }, { image: [1, 0.5], ground: [10, 30] }, { image: [0, 0.5], ground: [0, 30] }],
    },
  }],
  api: { host: '0.0.0.0', port: 8080, bodyLimitBytes: 65_536, uploadLimitBytes: 4_194_304, cors: { origins: ['https://console.example.org'], maxAgeSeconds: 60 }, sse: { heartbeatSeconds: 5, clientBufferEvents: 50 } },
  log: { level: 'debug' },
};

t.test('config schema prints a JSON Schema that validates the sample and the test configs like the loader', async (t) => {
  const r = await runSharpeye(['config', 'schema']);
  t.equal(r.code, 0, r.stderr);
  const schema = JSON.parse(r.stdout);
  t.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  t.match(schema.properties.api.properties.port, { type: 'integer', default: 8480, description: /TCP port/ });
  const validate = new Ajv({ strict: true, allErrors: true }).compile(schema);
  t.ok(validate(parse(readFileSync(SAMPLE_CONFIG, 'utf8'))), `sample config: ${JSON.stringify(validate.errors)}`);

  t.doesNotThrow(() => validateNodeConfig(EVERY_KEY, 'every-key'), 'the loader accepts the every-key config');
  t.ok(validate(EVERY_KEY), `every key set: ${JSON.stringify(validate.errors)}`);
  const docs = testSuiteConfigs();
  t.ok(docs.length >= 5, `found ${docs.length} YAML config documents in the test suite`);
  let accepted = 0;
  for (const { where, doc } of docs) {
    // The loader's verdict without the disk: rules files stand in as empty documents.
    const files = new Map((((doc as { cameras?: Array<{ rulesFile?: unknown }> })?.cameras) ?? []).flatMap((c) => (typeof c?.rulesFile === 'string' ? [[c.rulesFile, {}] as [string, unknown]] : [])));
    let loaderOk = true;
    try { validateNodeConfig(doc, 'doc', files); } catch { loaderOk = false; }
    if (loaderOk) {
      accepted++;
      t.ok(validate(doc), `${where}: accepted by the loader and the JSON Schema ${JSON.stringify(validate.errors)}`);
    }
  }
  t.ok(accepted >= 1, `${accepted} of them are valid configs`);
  const refused: unknown[] = [
    { cameras: [] },
    { cameras: [{ id: 'a', url: 'rtsp://h/1', fps: 0 }] },
    { cameras: [{ id: 'bad id', url: 'rtsp://h/1' }] },
    { cameras: [{ id: 'a', url: 'rtsp://h/1', fsp: 5 }] },
    { cameras: [{ id: 'a', url: 'rtsp://h/1' }], api: { port: 70000 } },
    { cameras: [{ id: 'a', url: 'rtsp://h/1' }], log: { level: 'loud' } },
    { cameras: [{ id: 'a', url: 'rtsp://h/1', rules: { rules: [{ id: 'r', type: 'teleport' }] } }] },
  ];
  for (const doc of refused) {
    t.throws(() => validateNodeConfig(doc, 'doc'), { code: 'E_CONFIG_INVALID' }, `loader refuses ${JSON.stringify(doc)}`);
    t.notOk(validate(doc), `JSON Schema refuses ${JSON.stringify(doc)}`);
  }
});
