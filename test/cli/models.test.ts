// `sharpeye models` through the real bin.
import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSharpeye } from '../helpers/cli.js';
import { MODEL_DIR } from '../helpers/fixtures.js';

t.test('list --json shows the manifest and where each model resolves', async (t) => {
  const r = await runSharpeye(['models', 'list', '--json'], { SHARPEYE_CACHE_DIR: mkdtempSync(join(tmpdir(), 'sharpeye-cache-')) });
  t.equal(r.code, 0, r.stderr);
  const rows = JSON.parse(r.stdout) as Array<{ name: string; task: string; family: string | null; status: string; path: string; sha256: string; license: string }>;
  t.same(rows.map((x) => x.name), ['yolov8n-int8', 'yolox-nano', 'nanodet-m', 'osnet-x0.25-msmt17', 'mobilenetv2-int8']);
  t.ok(rows.every((x) => x.status === 'ok' && x.path.startsWith(MODEL_DIR)));
  t.same(rows.map((x) => x.family), ['yolov8', 'yolox', 'nanodet', null, null]);
  t.ok(rows.every((x) => /^[0-9a-f]{64}$/.test(x.sha256) && x.license.length > 0));
});

t.test('fetch --from a directory fills the cache; verify flags a corrupt file with exit 1', async (t) => {
  const cache = mkdtempSync(join(tmpdir(), 'sharpeye-cache-'));
  const env = { SHARPEYE_CACHE_DIR: cache, SHARPEYE_MODEL_DIR: '' };
  const fetched = await runSharpeye(['models', 'fetch', 'yolox-nano', '--from', MODEL_DIR, '--json'], env);
  t.equal(fetched.code, 0, fetched.stderr);
  t.same(JSON.parse(fetched.stdout), { name: 'yolox-nano', path: join(cache, 'yolox_nano.onnx'), source: 'mirror' });
  const ok = await runSharpeye(['models', 'verify', 'yolox-nano'], env);
  t.equal(ok.code, 0);
  t.match(ok.stdout, /yolox-nano\s+ok/);
  writeFileSync(join(cache, 'nanodet_m_416.onnx'), 'x');
  const bad = await runSharpeye(['models', 'verify'], env);
  t.equal(bad.code, 1);
  t.match(bad.stdout, /nanodet-m\s+corrupt/);
  const missing = await runSharpeye(['models', 'fetch', 'nanodet-m'], { ...env, SHARPEYE_OFFLINE: '1' });
  t.equal(missing.code, 1);
  t.match(missing.stderr, /^sharpeye models: E_MODEL_NOT_FOUND: model 'nanodet-m'/);
});
