// Verification of local copies: ok, corrupt and missing per model, every copy reported, and a
// fresh read of the bytes (in-place damage that keeps size and mtime is still caught).
import t from 'tap';
import { closeSync, copyFileSync, mkdtempSync, openSync, rmSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getModelSpec, resolveModel, verifyModel, verifyModels } from '../../models/index.js';
import { MODEL_DIR } from '../helpers/fixtures.js';

const offline: NodeJS.ProcessEnv = { SHARPEYE_OFFLINE: '1' };
const made: string[] = [];
t.teardown(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sharpeye-verify-'));
  made.push(dir);
  return dir;
}

t.test('ok, corrupt and missing, with every local copy listed', async (t) => {
  const cacheDir = tempDir();
  copyFileSync(join(MODEL_DIR, 'yolox_nano.onnx'), join(cacheDir, 'yolox_nano.onnx'));
  writeFileSync(join(cacheDir, 'nanodet_m_416.onnx'), 'broken');
  const statuses = await verifyModels([], { cacheDir, env: offline });
  t.same(Object.fromEntries(statuses.map((s) => [s.name, s.status])), {
    'yolov8n-int8': 'missing', 'yolox-nano': 'ok', 'nanodet-m': 'corrupt', 'osnet-x0.25-msmt17': 'missing', 'mobilenetv2-int8': 'missing',
    'y5fu-320': 'missing', 'y5fu-640': 'missing', 'plate-rec-color': 'missing', 'cct-xs-v1-global': 'missing', 'litemodel-cls-96': 'missing',
  });
  const both = await verifyModel('nanodet-m', { modelDir: MODEL_DIR, cacheDir, env: offline });
  t.match(both, { status: 'corrupt', path: join(MODEL_DIR, 'nanodet_m_416.onnx'), source: 'model-dir' });
  t.match(both.copies, [{ source: 'model-dir', status: 'ok' }, { source: 'cache', status: 'corrupt', path: join(cacheDir, 'nanodet_m_416.onnx') }]);
  t.same((await verifyModels(['osnet-x0.25-msmt17'], { cacheDir, env: offline })).map((s) => [s.name, s.status, s.copies]), [['osnet-x0.25-msmt17', 'missing', []]]);
  await t.rejects(verifyModels(['nope']), { code: 'E_MODEL_UNKNOWN' });
});

t.test('damage that keeps size and mtime: resolution trusts its remembered hash, verify re-reads', async (t) => {
  const spec = getModelSpec('osnet-x0.25-msmt17');
  const cacheDir = tempDir();
  const path = join(cacheDir, spec.file);
  copyFileSync(join(MODEL_DIR, spec.file), path);
  const mtime = new Date('2024-01-01T00:00:00Z'); // whole seconds survive utimes exactly
  utimesSync(path, mtime, mtime);
  t.equal((await resolveModel(spec.name, { cacheDir, env: offline })).source, 'cache');
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.from('XXXX'), 0, 4, 100_000);
  closeSync(fd);
  utimesSync(path, mtime, mtime);
  t.equal((await resolveModel(spec.name, { cacheDir, env: offline })).source, 'cache', 'one stat, no re-hash');
  t.equal((await verifyModel(spec.name, { cacheDir, env: offline })).status, 'corrupt');
  await t.rejects(resolveModel(spec.name, { cacheDir, env: offline }), { code: 'E_MODEL_NOT_FOUND', message: /wrong content, removed/ },
    'once verify has re-read it, resolution sees the damage too');
});
