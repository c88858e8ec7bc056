// Plates on a running SharpeyeNode: a file camera (a clip made from the 皖K66666 picture) with
// plates on next to one without, a real SQLite store. The car's final record carries the voted
// plate and its crop's blob key, the store has it, the metrics count the reads per camera (none on
// the camera with plates off), and closing the node leaves no process behind.
import t from 'tap';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { createLogger, type ObjectEvent } from '../../core/index.js';
import { loadNodeConfig, SharpeyeNode } from '../../node/index.js';
import { image, MODEL_DIR } from '../helpers/fixtures.js';
import { plateClip } from '../helpers/plate-clip.js';
import { waitForNoDescendants } from '../helpers/processes.js';

const dir = mkdtempSync(join(tmpdir(), 'sharpeye-node-plates-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
copyFileSync(await plateClip(image('plates/we_single_yellow_wanK66666.jpg'), 3), join(dir, 'gate.mp4'));
const path = join(dir, 'node.yaml');
writeFileSync(path, stringify({
  allowFiles: true,
  detector: { model: 'yolox-nano', sessions: 1 },
  store: { spec: `sqlite:${join(dir, 'events.db')}`, embedder: { classes: ['nothing'] } },
  cameras: [
    { id: 'gate', url: 'gate.mp4', fps: 5, motion: { enabled: false }, plates: { enabled: true } },
    { id: 'plain', url: 'gate.mp4', fps: 5, motion: { enabled: false } },
  ],
}));

t.test('a plate camera\'s vehicle records carry the plate; the other camera reads none', async (t) => {
  const node = await SharpeyeNode.open(await loadNodeConfig(path), { modelDir: MODEL_DIR, configPath: path, logger: createLogger({ level: 'silent' }) });
  let closed = false;
  t.teardown(() => (closed ? undefined : node.close()));
  const finals: ObjectEvent[] = [];
  const done = new Promise<void>((resolve) => node.on('object', (e) => {
    if (e.final) finals.push(e);
    if (finals.some((f) => f.camera === 'gate' && f.plate) && finals.some((f) => f.camera === 'plain')) resolve();
  }));
  node.start();
  await Promise.race([done, new Promise((_, reject) => setTimeout(() => reject(new Error('no plated record within 90 s')), 90_000))]);
  const metrics = (await node.ports.stats.metrics()).text;
  const car = finals.find((f) => f.camera === 'gate' && f.plate)!;
  const stored = await node.ports.events.get(car.id);
  await node.close();
  closed = true;

  t.match(car.plate, { text: '皖K66666', colour: 'yellow', layers: 1, snapshot: /-plate\.jpg$/ });
  t.equal(stored?.plate?.text, '皖K66666', 'stored with its plate');
  t.same(finals.filter((f) => f.camera === 'plain' && f.plate), [], 'plates off: no plate');
  t.match(metrics, /sharpeye_plate_reads_total\{camera="gate",found="true"\} [1-9]/, 'reads counted for the plate camera');
  t.notMatch(metrics, /sharpeye_plate_reads_total\{camera="plain"/, 'none for the other');
  t.match(metrics, /sharpeye_plate_read_seconds_count\{camera="gate"\} [1-9]/, 'read latency observed');
  t.same(await waitForNoDescendants(/ffmpeg/), [], 'no decoder left');
});
