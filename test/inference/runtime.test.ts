// The onnxruntime plumbing: one shared session per model and settings, pooled worker sessions,
// load failures, and providers this binary lacks.
import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Detector } from '../../inference/index.js';
import { acquireRunner, availableProviders, PooledRunner, toOrtSessionOptions } from '../../inference/runtime/index.js';
import { modelFile, MODEL_DIR } from '../helpers/fixtures.js';

const osnet = modelFile('osnet_x0_25_msmt17.onnx');

t.test('one session per model and settings, shared and closed with its last user', async (t) => {
  const options = toOrtSessionOptions({ intraOpThreads: 1 }, 1);
  const a = await acquireRunner(osnet, options, 'worker');
  const b = await acquireRunner(osnet, options, 'worker');
  t.equal(a.runner, b.runner, 'the same runner is handed out');
  const other = await acquireRunner(osnet, toOrtSessionOptions({ intraOpThreads: 2 }, 1), 'worker');
  t.not(other.runner, a.runner, 'other settings get their own session');
  await a.release();
  await a.release(); // idempotent: releases one use only
  const out = await b.runner.run({ images: { dims: [1, 3, 256, 128], data: new Float32Array(3 * 256 * 128) } });
  t.same(out.output.dims, [1, 512], 'still usable while one user is left');
  await b.release();
  await other.release();
  await t.rejects(b.runner.run({ images: { dims: [1, 3, 256, 128], data: new Float32Array(3 * 256 * 128) } }), { code: 'E_INFERENCE_RUN', message: /closed/ });
});

t.test('a pool spreads runs over parallel sessions and returns each result to its caller', async (t) => {
  const lease = await acquireRunner(osnet, toOrtSessionOptions({}, 1), 'worker', 2);
  t.teardown(() => lease.release());
  t.ok(lease.runner instanceof PooledRunner);
  t.equal((lease.runner as PooledRunner).size, 2);
  // Two different inputs in flight at once: each caller gets the embedding of its own input.
  const input = (v: number) => ({ images: { dims: [1, 3, 256, 128], data: new Float32Array(3 * 256 * 128).fill(v) } });
  const [x, y] = await Promise.all([lease.runner.run(input(0)), lease.runner.run(input(1))]);
  const [x2, y2] = await Promise.all([lease.runner.run(input(1)), lease.runner.run(input(0))]);
  t.same(Array.from(x.output.data.slice(0, 8)), Array.from(y2.output.data.slice(0, 8)));
  t.same(Array.from(y.output.data.slice(0, 8)), Array.from(x2.output.data.slice(0, 8)));
  t.notSame(Array.from(x.output.data.slice(0, 8)), Array.from(y.output.data.slice(0, 8)));
});

t.test('a file that is not an ONNX model fails to load with E_MODEL_LOAD naming it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sharpeye-load-'));
  const bogus = join(dir, 'bogus.onnx');
  writeFileSync(bogus, 'definitely not protobuf');
  await t.rejects(Detector.create({ model: bogus }), { code: 'E_MODEL_LOAD', message: /onnxruntime could not load model .*bogus\.onnx/ });
  await t.rejects(Detector.create({ model: bogus, runner: 'in-thread' }), { code: 'E_MODEL_LOAD' });
});

t.test('a provider this onnxruntime build lacks is refused, never silently replaced by CPU', async (t) => {
  t.ok(availableProviders().includes('cpu'));
  t.notOk(availableProviders().includes('cuda'), 'this CPU install has no CUDA provider');
  await t.rejects(Detector.create({ model: 'yolox-nano', modelDir: MODEL_DIR, provider: 'cuda' }), {
    code: 'E_MODEL_PROVIDER',
    message: /execution provider 'cuda' is not available in this onnxruntime-node build \(available: .*cpu.*\); install with ONNXRUNTIME_NODE_INSTALL=cuda12/,
  });
});
