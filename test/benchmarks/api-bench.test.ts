// The API latency benchmark's parts that can be wrong without anyone noticing: the seeded store
// (same batches for the same seed, unit embeddings clustered as documented, ids the benchmark's
// requests name), the cache marker, and the /metrics parsing its event-loop and camera figures use.
import t from 'tap';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../indexer/index.js';
import { CAMERAS, DIMENSION, makeBatch, prebuiltStore } from '../../benchmarks/api/api-bench-store.js';
import { parseMetrics, sumOf } from '../../benchmarks/api/api-bench-serve.js';

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);

t.test('batches are a pure function of the seed, with unit embeddings of the default dimension', async (t) => {
  const centres = new Map<string, Float32Array[]>();
  const fake = (label: string) => { const v = new Float32Array(DIMENSION); v[label.length] = 1; return [v]; };
  for (const l of ['car', 'person', 'truck', 'bicycle', 'motorcycle', 'bus']) centres.set(l, fake(l));
  const a = makeBatch(3, 2, 50, centres), b = makeBatch(3, 2, 50, centres), c = makeBatch(4, 2, 50, centres);
  t.same(a.map((r) => r.event), b.map((r) => r.event), 'same seed, same events');
  t.notSame(a.map((r) => r.event.camera), c.map((r) => r.event.camera), 'another seed, other events');
  t.equal(a[0].event.id, `ev${(1000).toString(36).padStart(7, '0')}`, 'ids count from batch * 500');
  for (const r of a) {
    t.equal(r.embedding!.length, DIMENSION);
    t.ok(Math.abs(dot(r.embedding!, r.embedding!) - 1) < 1e-4, 'unit length');
    const cos = dot(r.embedding!, centres.get(r.event.label)![0]);
    t.ok(cos > 0.75 && cos < 0.95, `near its centre (cos ${cos.toFixed(3)})`);
    t.ok(CAMERAS.some(([id]) => id === r.event.camera));
  }
});

t.test('the store is built once, marked done, and then reused', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'sharpeye-api-bench-test-'));
  t.teardown(() => rmSync(root, { recursive: true, force: true }));
  const first = await prebuiltStore(700, 1, root);
  t.ok(first.buildSeconds > 0);
  t.ok(existsSync(join(first.dir, '.done')));
  const again = await prebuiltStore(700, 1, root);
  t.equal(again.buildSeconds, 0, 'reused');
  const store = await SqliteEventStore.open({ path: first.dbPath, dimension: DIMENSION, readOnly: true });
  t.teardown(() => store.close());
  const last = await store.get(`ev${(699).toString(36).padStart(7, '0')}`);
  t.ok(last, 'the last event is stored');
  t.equal(await store.get(`ev${(700).toString(36).padStart(7, '0')}`), undefined, 'nothing past N');
  const hits = await store.similar({ vector: new Float32Array(DIMENSION).fill(1 / Math.sqrt(DIMENSION)), k: 10, cameras: ['cam-gate'] });
  t.equal(hits.length, 10, 'every event has an embedding to search');
});

t.test('metrics text: series by name and labels, sums over labels', async (t) => {
  const s = parseMetrics([
    '# HELP sharpeye_camera_inferences_total Frames detected per camera',
    '# TYPE sharpeye_camera_inferences_total counter',
    'sharpeye_camera_inferences_total{camera="a"} 12',
    'sharpeye_camera_inferences_total{camera="b"} 30',
    'sharpeye_camera_inferences_total_other 99',
    'sharpeye_nodejs_eventloop_lag_p99_seconds 0.0125',
    '',
  ].join('\n'));
  t.equal(sumOf(s, 'sharpeye_camera_inferences_total'), 42, 'only that metric, every label set');
  t.equal(s.get('sharpeye_nodejs_eventloop_lag_p99_seconds'), 0.0125);
  t.equal(s.get('sharpeye_camera_inferences_total{camera="b"}'), 30);
});
