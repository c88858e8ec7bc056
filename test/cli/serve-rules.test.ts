// `sharpeye serve` with rules on a live camera: tracks on detection lines, alerts as they happen,
// delivered to a signed webhook, object records (with snapshots) for every track at shutdown.
import t from 'tap';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startSharpeye } from '../helpers/cli.js';
import { video } from '../helpers/fixtures.js';
import { processesWithTag } from '../helpers/processes.js';
import { startRtspServer } from '../helpers/rtsp-server.js';
import { startReceiver } from '../helpers/webhook-receiver.js';
import { verifyWebhookSignature } from '../../worker/index.js';
import { FsBlobStore, SqliteEventStore } from '../../indexer/index.js';
import type { ObjectEvent } from '../../core/index.js';
import { runSharpeye } from '../helpers/cli.js';

type Line = Record<string, any>;
const HOOK_SECRET = 'whsec_' + Buffer.alloc(32, 0x42).toString('base64');

t.test('a camera with rules and a store: tracks, a dwell alert to a signed webhook, objects stored, retention', async (t) => {
  const server = await startRtspServer({ mounts: { street: `file:${video('intersection.mp4')}` } });
  t.teardown(() => server.stop());
  const receiver = await startReceiver([{ status: 503 }], undefined, { secret: HOOK_SECRET }); // the first delivery fails, the retry lands
  t.teardown(() => receiver.close());
  const dir = mkdtempSync(join(tmpdir(), 'sharpeye-serve-rules-'));
  // The far kerb (top of the picture) has parked cars and a waiting motorcycle for the whole clip.
  writeFileSync(join(dir, 'street-rules.yaml'), stringify({
    zones: [{ id: 'kerb', polygon: [[0.45, 0.0], [0.75, 0.0], [0.75, 0.2], [0.45, 0.2]] }],
    lines: [{ id: 'mid', points: [[0.5, 0.0], [0.5, 1.0]] }],
    rules: [
      { id: 'wait', type: 'loitering', zone: 'kerb', labels: ['car', 'motorcycle'], seconds: 2, cooldownSeconds: 600 },
      { id: 'flow', type: 'line_crossing', line: 'mid', labels: ['car'] },
    ],
  }));
  // An event from three days ago, with its snapshot, already in the store: retention removes it at start.
  const db = join(dir, 'events.db');
  const old = await SqliteEventStore.open({ path: db, dimension: 512 });
  const longAgo = Date.now() - 3 * 86_400_000;
  const stale: ObjectEvent = {
    id: 'stale-event', camera: 'street', trackId: 1, label: 'car', score: 0.9, firstSeen: { ptsMs: 0, wallMs: longAgo }, lastSeen: { ptsMs: 1000, wallMs: longAgo + 1000 },
    durationSeconds: 1, frames: 5, box: [0, 0, 10, 10], size: { width: 10, height: 10, areaFraction: 0.01 }, color: 'red', colorFraction: 1,
    speedPxPerSecond: 0, headingDegrees: null, trajectory: [], zones: [], lines: [], rules: [], final: true, version: 1,
  };
  await old.upsert([{ event: stale }]);
  await old.close();
  const blobs = new FsBlobStore(`${db}.snapshots`);
  await blobs.put('stale-event.jpg', new Uint8Array([0xff, 0xd8, 0xff]));
  const config = join(dir, 'serve.yaml');
  writeFileSync(config, stringify({
    detector: { model: 'yolox-nano', sessions: 1 },
    store: { spec: `sqlite:${db}`, retentionHours: 24 },
    webhooks: [{ id: 'ops', url: `${receiver.url}/hook`, secret: HOOK_SECRET, initialDelayMs: 100, maxDelayMs: 500 }],
    cameras: [{ id: 'street', url: server.url('street'), fps: 5, maxWidth: 320, motion: { enabled: false }, rulesFile: 'street-rules.yaml' }],
  }));
  const run = startSharpeye(['serve', '--json-lines', '--port', '0', '--config', config, '--stats-interval', '0']);
  t.teardown(() => run.stop('SIGKILL'));
  const retention = await run.waitFor((l) => l.type === 'retention', 30_000, 'retention at start');
  t.match(retention, { events: 1, blobs: 1 }, 'the three-day-old event and its snapshot are deleted');
  t.notOk(existsSync(join(`${db}.snapshots`, 'stale-event.jpg')));
  const alert = await run.waitFor((l) => l.type === 'alert' && l.event === 'started', 45_000, 'a dwell alert');
  t.match(alert, { ruleId: 'wait', ruleType: 'loitering', camera: 'street', zone: 'kerb', severity: /\w+/ });
  t.ok(alert.objects.length >= 1);
  await run.waitFor((l) => l.type === 'detections' && Array.isArray(l.tracks) && l.tracks.length > 0, 10_000, 'tracks on detection lines');
  await receiver.waitFor(2);
  const [first, second] = receiver.requests;
  t.equal(first.headers['webhook-id'], second.headers['webhook-id'], 'the retry is the same delivery');
  t.equal(second.json.alert.id, alert.id, 'the webhook carries the alert');
  t.equal(second.verified, true, 'the receiver verified the signature');
  t.ok(verifyWebhookSignature(HOOK_SECRET, { id: String(second.headers['webhook-id']), timestamp: String(second.headers['webhook-timestamp']), body: second.rawBody }, String(second.headers['webhook-signature'])), 'signed with the secret');
  const r = await run.stop('SIGTERM');
  t.equal(r.code, 0, r.stderr.slice(-500));
  const finals = run.lines.filter((l: Line) => l.type === 'object' && l.final);
  t.ok(finals.length >= 3, `${finals.length} object records at shutdown`);
  const waiter = finals.find((o: Line) => o.rules.includes('wait'));
  t.ok(waiter, 'the object that triggered the alert names the rule');
  t.ok(waiter?.zones.includes('kerb'));
  t.ok(finals.every((o: Line) => o.camera === 'street' && typeof o.id === 'string'));
  const withSnap = finals.filter((o: Line) => o.snapshot);
  t.ok(withSnap.length >= 1 && withSnap.every((o: Line) => existsSync(join(`${db}.snapshots`, o.snapshot)) && existsSync(join(`${db}.snapshots`, o.thumbnail))), 'snapshots beside the store');
  const summary = run.lines.find((l: Line) => l.type === 'summary')!;
  t.match(summary.store, { health: { state: 'ok', pending: 0, dropped: 0 } });
  t.ok(summary.store.indexed >= finals.length && summary.store.embedded >= 1);
  const listed = await runSharpeye(['events', '--store', `sqlite:${db}`, '--json', '--limit', '1000']);
  const stored = JSON.parse(listed.stdout) as Line[];
  t.same(stored.map((e) => e.id).sort(), [...new Set(finals.map((o: Line) => o.id))].sort(), 'every object of the run is in the store, the stale one is gone');
  t.ok(stored.some((e) => e.rules.includes('wait')), 'rule hits are stored with the objects');
  t.ok(run.lines.some((l: Line) => l.type === 'alert' && l.event === 'ended' && l.id === alert.id), 'the alert ends at shutdown');
  await new Promise((res) => setTimeout(res, 300));
  t.same(processesWithTag(r.tag), [], 'nothing left running');
});
