// The node's hand-off from analytics to the indexer with a file camera: the index queue holds one
// frame of records, and the file camera waits for room instead of losing any (policy 'block'),
// so every object record the node reports is in the store and the drop counter stays at 0.
import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { createLogger, type ObjectEvent } from '../../core/index.js';
import { SqliteEventStore } from '../../indexer/index.js';
import { loadNodeConfig, SharpeyeNode } from '../../node/index.js';
import { MODEL_DIR, video } from '../helpers/fixtures.js';
import { waitForNoDescendants } from '../helpers/processes.js';

t.test('a file camera never loses object records to a full index queue', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sharpeye-hand-off-'));
  const db = join(dir, 'events.db');
  const path = join(dir, 'node.yaml');
  const clip = video('intersection.mp4');
  writeFileSync(path, stringify({
    allowFiles: true, detector: { model: 'yolox-nano', sessions: 1 }, store: { spec: `sqlite:${db}` },
    cameras: [{ id: 'clip', url: clip, fps: 5, maxWidth: 320, motion: { enabled: false } }],
  }));
  const roots = [dirname(clip)];
  const node = await SharpeyeNode.open(await loadNodeConfig(path, { roots }), { modelDir: MODEL_DIR, roots, configPath: path, logger: createLogger({ level: 'silent' }), indexQueueCapacity: 1 });
  t.teardown(() => node.close());
  const reported: ObjectEvent[] = [];
  node.on('object', (o) => reported.push(o));
  node.start();
  const deadline = Date.now() + 90_000;
  while (reported.filter((o) => o.final).length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  t.ok(reported.filter((o) => o.final).length >= 3, `${reported.length} object records reported`);
  t.match((await node.ports.stats.metrics()).text, /sharpeye_index_queue_dropped_total 0\n/);
  const summary = await node.close();
  t.equal(summary.store?.queueDropped, 0, 'nothing dropped');
  t.same(await waitForNoDescendants(/ffmpeg/), []);
  const store = await SqliteEventStore.open({ path: db, dimension: 512, readOnly: true });
  t.teardown(() => store.close());
  const finals = reported.filter((o) => o.final);
  for (const o of finals) t.ok(await store.get(o.id), `final record ${o.id} is stored`);
});
