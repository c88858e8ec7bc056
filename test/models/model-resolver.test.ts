// Model resolution on real files: the order (explicit path, model dir, cache, mirror directory),
// sha256 checks, what happens to corrupt copies, offline mode and the errors a user reads.
import t from 'tap';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fetchModel, getModelSpec, resolveModel } from '../../models/index.js';
import { MODEL_DIR } from '../helpers/fixtures.js';

const spec = getModelSpec('yolox-nano');
const fixture = join(MODEL_DIR, spec.file);
const offline: NodeJS.ProcessEnv = { SHARPEYE_OFFLINE: '1' };

const made: string[] = [];
t.teardown(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sharpeye-resolver-'));
  made.push(dir);
  return dir;
}
function withFile(file: string, content: Buffer | string = readFileSync(fixture)): string {
  const dir = tempDir();
  writeFileSync(join(dir, file), content);
  return dir;
}

t.test('the model dir comes first, the option over $SHARPEYE_MODEL_DIR', async (t) => {
  const cacheDir = withFile(spec.file);
  const r = await resolveModel('yolox-nano', { modelDir: MODEL_DIR, cacheDir, env: offline });
  t.same([r.path, r.source, r.origin, r.spec?.name], [fixture, 'model-dir', fixture, 'yolox-nano']);
  const fromEnv = await resolveModel('nanodet-m', { cacheDir, env: { ...offline, SHARPEYE_MODEL_DIR: MODEL_DIR } });
  t.same([fromEnv.source, fromEnv.path], ['model-dir', join(MODEL_DIR, 'nanodet_m_416.onnx')]);
  const overridden = await resolveModel('yolox-nano', { modelDir: tempDir(), cacheDir, env: { ...offline, SHARPEYE_MODEL_DIR: MODEL_DIR } });
  t.equal(overridden.source, 'cache', 'an empty model dir given as an option hides the one in the environment');
});

t.test('the cache when the model dir lacks the file', async (t) => {
  const cacheDir = withFile(spec.file);
  const r = await resolveModel('yolox-nano', { modelDir: tempDir(), cacheDir, env: offline });
  t.same([r.path, r.source], [join(cacheDir, spec.file), 'cache']);
  const fromEnv = await resolveModel('yolox-nano', { env: { ...offline, SHARPEYE_CACHE_DIR: cacheDir, SHARPEYE_MODEL_DIR: '' } });
  t.equal(fromEnv.path, join(cacheDir, spec.file), '$SHARPEYE_CACHE_DIR is the cache; an empty $SHARPEYE_MODEL_DIR is unset');
});

t.test('an explicit path wins; under its manifest name and hash it keeps its entry', async (t) => {
  const cacheDir = withFile(spec.file);
  const explicit = await resolveModel(fixture, { modelDir: MODEL_DIR, cacheDir, env: offline });
  t.same([explicit.path, explicit.source, explicit.spec?.name], [fixture, 'path', 'yolox-nano']);
  const renamed = withFile('my-detector.onnx');
  t.equal((await resolveModel(join(renamed, 'my-detector.onnx'))).spec, undefined, 'another name is the user\'s own model');
  const altered = withFile(spec.file, 'same name, other bytes');
  t.equal((await resolveModel(join(altered, spec.file))).spec, undefined, 'the manifest name alone is not enough');
  const rel = relative(process.cwd(), fixture);
  t.equal((await resolveModel(rel)).path, fixture, 'relative paths resolve against the working directory');
});

t.test('a path that does not exist is named in E_MODEL_NOT_FOUND', async (t) => {
  const dir = tempDir();
  await t.rejects(resolveModel(join(dir, 'nope.onnx')), { code: 'E_MODEL_NOT_FOUND', message: new RegExp(`${join(dir, 'nope.onnx')} does not exist`) });
  await t.rejects(resolveModel('missing/model'), { code: 'E_MODEL_NOT_FOUND', message: /missing\/model does not exist/ });
  await t.rejects(resolveModel('yolox_nano.onnx'), { code: 'E_MODEL_NOT_FOUND', message: /give its name: 'yolox-nano'/ });
});

t.test('a corrupt file in the model dir is refused with the expected sha256', async (t) => {
  const modelDir = withFile(spec.file, readFileSync(fixture).subarray(0, 1000));
  const cacheDir = withFile(spec.file);
  await t.rejects(resolveModel('yolox-nano', { modelDir, cacheDir, env: offline }), {
    code: 'E_MODEL_CHECKSUM',
    retryable: false,
    message: new RegExp(`model file ${join(modelDir, spec.file)} in the model dir has sha256 [0-9a-f]{64}, expected sha256 ${spec.sha256}.*` +
      'sharpeye models fetch yolox-nano --from DIR'),
  });
});

t.test('a corrupt cache entry is removed and re-fetched from a mirror directory', async (t) => {
  const cacheDir = withFile(spec.file, 'garbage');
  const r = await resolveModel('yolox-nano', { cacheDir, mirror: MODEL_DIR, env: offline });
  t.same([r.source, r.path, r.origin], ['mirror', join(cacheDir, spec.file), fixture]);
  t.same(readFileSync(r.path), readFileSync(fixture));
  t.same(readdirSync(cacheDir), [spec.file], 'no temp file is left beside it');
  const again = await resolveModel('yolox-nano', { cacheDir, mirror: MODEL_DIR, env: offline });
  t.equal(again.source, 'cache', 'the second time it comes from the cache');
});

t.test('a mirror given as a file:// URL or through $SHARPEYE_MODEL_MIRROR', async (t) => {
  const byUrl = await resolveModel('osnet-x0.25-msmt17', { cacheDir: tempDir(), mirror: pathToFileURL(MODEL_DIR).href, env: offline });
  t.equal(byUrl.source, 'mirror');
  const byEnv = await resolveModel('osnet-x0.25-msmt17', { cacheDir: tempDir(), env: { ...offline, SHARPEYE_MODEL_MIRROR: MODEL_DIR } });
  t.same([byEnv.source, byEnv.origin], ['mirror', join(MODEL_DIR, 'osnet_x0_25_msmt17.onnx')]);
});

t.test('a mirror directory with wrong bytes: E_MODEL_CHECKSUM and an empty cache', async (t) => {
  const mirror = withFile(spec.file, 'not the model');
  const cacheDir = tempDir();
  await t.rejects(resolveModel('yolox-nano', { cacheDir, mirror, env: offline }), {
    code: 'E_MODEL_CHECKSUM', message: new RegExp(`mirror file ${join(mirror, spec.file)} has sha256 .*expected sha256 ${spec.sha256}.*nothing was written to the cache`),
  });
  t.same(readdirSync(cacheDir), []);
});

t.test('offline with no local copy: E_MODEL_NOT_FOUND naming the file, hash, places and remedy', async (t) => {
  const cacheDir = tempDir();
  const modelDir = tempDir();
  const err = await resolveModel('yolov8n-int8', { modelDir, cacheDir, mirror: tempDir(), env: offline }).catch((e: unknown) => e);
  t.match(err, { code: 'E_MODEL_NOT_FOUND', details: { file: 'yolov8n_int8.onnx', sha256: getModelSpec('yolov8n-int8').sha256 } });
  const message = (err as Error).message;
  t.match(message, /^model 'yolov8n-int8' \(file yolov8n_int8\.onnx, sha256 83de8f0d2cd521e0[0-9a-f]{48}\) was not found; searched: /);
  t.match(message, `model dir ${join(modelDir, 'yolov8n_int8.onnx')} (not there); cache ${join(cacheDir, 'yolov8n_int8.onnx')} (not there); mirror `);
  t.match(message, 'manifest URLs (not tried: downloads are off)');
  t.match(message, 'put yolov8n_int8.onnx (sha256 83de8f0d');
  t.match(message, 'in $SHARPEYE_MODEL_DIR, or run `sharpeye models fetch yolov8n-int8 --from DIR`');
});

t.test('an unknown name lists the known ones', async (t) => {
  await t.rejects(resolveModel('yolov9-huge'), {
    code: 'E_MODEL_UNKNOWN', message: /unknown model 'yolov9-huge'; known models: yolov8n-int8, yolox-nano, nanodet-m, osnet-x0\.25-msmt17, mobilenetv2-int8/,
  });
  await t.rejects(fetchModel('yolov9-huge'), { code: 'E_MODEL_UNKNOWN' });
});

t.test('fetch: from a directory into the cache, a verified cached copy kept, a missing one reported', async (t) => {
  const cacheDir = tempDir();
  const r = await fetchModel('mobilenetv2-int8', { from: MODEL_DIR, cacheDir, env: offline });
  t.same([r.source, r.path], ['mirror', join(cacheDir, 'mobilenetv2-12-int8.onnx')]);
  t.equal((await fetchModel('mobilenetv2-int8', { from: tempDir(), cacheDir, env: offline })).source, 'cache');
  const empty = tempDir();
  await t.rejects(fetchModel('nanodet-m', { from: empty, cacheDir, mirror: MODEL_DIR, env: offline }), {
    code: 'E_MODEL_NOT_FOUND', message: new RegExp(`mirror ${join(empty, 'nanodet_m_416.onnx')} \\(not there\\)`),
  });
  t.notOk(existsSync(join(cacheDir, 'nanodet_m_416.onnx')), '--from replaces the configured mirror');
});
