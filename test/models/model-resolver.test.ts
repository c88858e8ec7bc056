// Model resolution against real files: order (path, model dir, cache, mirror), sha256 checks,
// a mirror served over HTTP by a local server, offline mode and the errors a user sees.
import t from 'tap';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchModel, getModelSpec, listModels, loadLabels, resolveModel, validateManifest, verifyModels, MODEL_MANIFEST } from '../../models/index.js';
import { MODEL_DIR } from '../helpers/fixtures.js';

const spec = getModelSpec('yolox-nano');
const fixture = join(MODEL_DIR, spec.file);
const fresh = () => mkdtempSync(join(tmpdir(), 'sharpeye-models-'));
const offline = { SHARPEYE_OFFLINE: '1' } as NodeJS.ProcessEnv;

function serve(handler: (path: string) => { status: number; body?: Buffer }): Promise<{ url: string; server: Server; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const r = handler(req.url ?? '');
    res.writeHead(r.status).end(r.body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, hits })));
}

t.test('the manifest validates and names are unique', async (t) => {
  t.equal(validateManifest(MODEL_MANIFEST).length, 5);
  t.same(listModels().map((m) => m.name), ['yolov8n-int8', 'yolox-nano', 'nanodet-m', 'osnet-x0.25-msmt17', 'mobilenetv2-int8']);
  t.throws(() => validateManifest([{ ...spec, sha256: 'abc' }]), { code: 'E_CONFIG_INVALID', message: /entry 'yolox-nano' field \/sha256/ });
  t.throws(() => validateManifest([spec, spec]), { message: /two entries named 'yolox-nano'/ });
  for (const m of listModels()) t.ok(m.urls.length > 0 && m.urls.every((u) => u.startsWith('https://')), `${m.name} has download URLs`);
});

t.test('model dir first, then cache; an explicit path wins over both', async (t) => {
  const cacheDir = fresh();
  const r = await resolveModel('yolox-nano', { modelDir: MODEL_DIR, cacheDir, env: offline });
  t.same([r.path, r.source, r.spec?.name], [fixture, 'model-dir', 'yolox-nano']);
  mkdirSync(cacheDir, { recursive: true });
  copyFileSync(fixture, join(cacheDir, spec.file));
  const cached = await resolveModel('yolox-nano', { cacheDir, env: offline });
  t.same([cached.path, cached.source], [join(cacheDir, spec.file), 'cache']);
  const explicit = await resolveModel(fixture, { cacheDir, env: offline });
  t.same([explicit.source, explicit.spec?.name], ['path', 'yolox-nano'], 'an explicit file with a manifest hash keeps its entry');
  await t.rejects(resolveModel(join(cacheDir, 'nope.onnx')), { code: 'E_MODEL_NOT_FOUND', message: /nope\.onnx does not exist/ });
});

t.test('the model dir is read from $SHARPEYE_MODEL_DIR', async (t) => {
  const r = await resolveModel('nanodet-m', { cacheDir: fresh(), env: { SHARPEYE_MODEL_DIR: MODEL_DIR, SHARPEYE_OFFLINE: '1' } });
  t.equal(r.source, 'model-dir');
});

t.test('a corrupt file in the model dir is refused with the expected hash', async (t) => {
  const modelDir = fresh();
  writeFileSync(join(modelDir, spec.file), readFileSync(fixture).subarray(0, 1000));
  await t.rejects(resolveModel('yolox-nano', { modelDir, cacheDir: fresh(), env: offline }), {
    code: 'E_MODEL_CHECKSUM',
    message: new RegExp(`yolox_nano\\.onnx .* expected ${spec.sha256}`),
  });
});

t.test('a corrupt cache entry is dropped and re-fetched from the mirror directory', async (t) => {
  const cacheDir = fresh();
  writeFileSync(join(cacheDir, spec.file), 'garbage');
  const r = await resolveModel('yolox-nano', { cacheDir, mirror: MODEL_DIR, env: offline });
  t.same([r.source, r.path], ['mirror', join(cacheDir, spec.file)]);
  t.same(readFileSync(r.path), readFileSync(fixture));
  const again = await resolveModel('yolox-nano', { cacheDir, mirror: MODEL_DIR, env: offline });
  t.equal(again.source, 'cache', 'the second time it comes from the cache');
});

t.test('an HTTP mirror: verified download into the cache, corrupt bytes refused, 404 reported', async (t) => {
  const good = await serve((p) => (p === `/models/${spec.file}` ? { status: 200, body: readFileSync(fixture) } : { status: 404 }));
  const bad = await serve(() => ({ status: 200, body: Buffer.from('not the model') }));
  const broken = await serve(() => ({ status: 500 }));
  t.teardown(() => { good.server.close(); bad.server.close(); broken.server.close(); });

  const cacheDir = fresh();
  const r = await resolveModel('yolox-nano', { cacheDir, mirror: `${good.url}/models/`, env: offline });
  t.same([r.source, existsSync(join(cacheDir, spec.file))], ['mirror', true]);
  t.same(good.hits, [`/models/${spec.file}`]);

  const cacheDir2 = fresh();
  await t.rejects(resolveModel('yolox-nano', { cacheDir: cacheDir2, mirror: bad.url, env: offline }), { code: 'E_MODEL_CHECKSUM', message: new RegExp(`expected ${spec.sha256}`) });
  t.same(readdirSync(cacheDir2), [], 'nothing corrupt is left in the cache');

  await t.rejects(resolveModel('nanodet-m', { cacheDir: fresh(), mirror: good.url, env: offline }), { code: 'E_MODEL_NOT_FOUND', message: /searched: .*mirror http:\/\/127\.0\.0\.1/ });
  await t.rejects(resolveModel('nanodet-m', { cacheDir: fresh(), mirror: broken.url, env: offline }), { code: 'E_MODEL_DOWNLOAD', message: /HTTP 500/ });
});

t.test('offline with no local copy: a clear E_MODEL_NOT_FOUND saying how to provide it', async (t) => {
  await t.rejects(resolveModel('yolov8n-int8', { cacheDir: fresh(), env: offline }), {
    code: 'E_MODEL_NOT_FOUND',
    message: /model 'yolov8n-int8' \(file yolov8n_int8\.onnx, sha256 83de8f0d[0-9a-f]+\) was not found; searched: cache .*; download \(disabled: offline\)\. Put yolov8n_int8\.onnx in \$SHARPEYE_MODEL_DIR/,
  });
  await t.rejects(resolveModel('yolov9-huge'), { code: 'E_MODEL_UNKNOWN', message: /unknown model 'yolov9-huge'; known models: yolov8n-int8, yolox-nano/ });
});

t.test('fetch copies into the cache from --from; verify reports ok, corrupt and missing', async (t) => {
  const cacheDir = fresh();
  const r = await fetchModel('mobilenetv2-int8', { from: MODEL_DIR, cacheDir, env: offline });
  t.same([r.source, r.path], ['mirror', join(cacheDir, 'mobilenetv2-12-int8.onnx')]);
  writeFileSync(join(cacheDir, 'nanodet_m_416.onnx'), 'broken');
  const statuses = await verifyModels([], { cacheDir, env: offline });
  const by = Object.fromEntries(statuses.map((s) => [s.name, s.status]));
  t.same(by, { 'yolov8n-int8': 'missing', 'yolox-nano': 'missing', 'nanodet-m': 'corrupt', 'osnet-x0.25-msmt17': 'missing', 'mobilenetv2-int8': 'ok' });
});

t.test('labels: COCO list shipped with the code, .names beside an unknown model', async (t) => {
  const coco = await loadLabels(getModelSpec('yolov8n-int8'), fixture);
  t.equal(coco.length, 80);
  t.same([coco[0], coco[2], coco[3], coco[79]], ['person', 'car', 'motorcycle', 'toothbrush']);
  t.equal((await loadLabels(getModelSpec('mobilenetv2-int8'), fixture)).length, 1000);
  const dir = fresh();
  writeFileSync(join(dir, 'custom.names'), 'van\nbike\n');
  t.same(await loadLabels(undefined, join(dir, 'custom.onnx')), ['van', 'bike']);
  t.same(await loadLabels(undefined, join(dir, 'other.onnx')), []);
});
