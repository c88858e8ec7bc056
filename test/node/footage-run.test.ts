// A footage run without the CLI, on a real clip: every sampled frame reaches the sink in order,
// object events reach a real SQLite store (with embeddings and snapshot blobs), the summary is the
// one `sharpeye analyze --summary json` prints for the same clip, the analytics -> indexer queue
// never drops under its 'block' policy even with a stalled sink, progress is reported, and a
// signal ends the run cleanly.
import t from 'tap';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_EMBED_MODEL, EmbedderSet } from '../../inference/index.js';
import { FsBlobStore, openEventStore } from '../../indexer/index.js';
import { runFootage, type FootageLine, type FootageProgress } from '../../node/index.js';
import { EventIndexer, loadRulesFile } from '../../worker/index.js';
import { runSharpeye } from '../helpers/cli.js';
import { MODEL_DIR, video } from '../helpers/fixtures.js';
import { descendantProcesses } from '../helpers/processes.js';

const dir = mkdtempSync(join(tmpdir(), 'sharpeye-footage-run-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const rulesFile = join(dir, 'highway.yaml');
writeFileSync(rulesFile, `
lines:
  - id: across
    points: [[0.0, 0.65], [1.0, 0.65]]
rules:
  - { id: flow, type: line_crossing, line: across, labels: [car, truck, bus, motorcycle] }
`);
const START = Date.parse('2026-03-02T08:00:00Z');
const detector = { model: 'yolox-nano', modelDir: MODEL_DIR };

t.test('highway with rules into a SQLite store, through a stalled sink and a one-frame queue', async (t) => {
  const embedders = await EmbedderSet.create({ default: DEFAULT_EMBED_MODEL }, { modelDir: MODEL_DIR });
  const store = await openEventStore(`sqlite:${join(dir, 'events.db')}`, { dimension: embedders.dimension });
  const blobs = new FsBlobStore(join(dir, 'snapshots'));
  const indexer = new EventIndexer(store, embedders, blobs);
  t.teardown(async () => { await store.close(); await embedders.close(); });
  const lines: FootageLine[] = [];
  const progress: FootageProgress[] = [];
  let stalled = false;
  const result = await runFootage({
    input: video('highway.mp4'), fps: 5, detector, rules: await loadRulesFile(rulesFile), camera: 'a1-north', startWallMs: START,
    indexer, indexQueueCapacity: 1, progressIntervalMs: 0,
  }, {
    // The first line stalls the writer for 2 s: the producer must wait for room, never drop.
    async line(l) { if (!stalled) { stalled = true; await sleep(2000); } lines.push(l); },
    progress: (p) => progress.push(p),
  });
  await store.flush();

  const frames = lines.filter((l) => l.type === 'frame');
  t.equal(frames.length, result.summary.frames, 'every processed frame reached the sink');
  t.ok(Math.abs(frames.length - 8.933 * 5) <= 1, `${frames.length} frames at 5 fps`);
  t.same(frames.map((f) => f.frame), frames.map((_, i) => i), 'in order, none missing');
  t.match(result.indexQueue, { capacity: 1, overflow: 'block', dropped: 0, maxDepth: 1, accepted: frames.length + 1 }, 'the queue filled up and dropped nothing (+1: the end-of-stream flush)');

  const finals = lines.filter((l) => l.type === 'object' && l.final) as Array<Extract<FootageLine, { type: 'object' }>>;
  t.ok(finals.length >= 5, `${finals.length} final object records`);
  const stored = await store.query({ cameras: ['a1-north'], limit: 1000 });
  t.same(stored.events.map((e) => e.id).sort(), [...new Set(finals.map((o) => o.id))].sort(), 'every object is in the store, once');
  t.ok(stored.events.every((e) => e.final), 'the stored version is the final one');
  const car = finals.find((o) => o.label === 'car' && o.snapshot)!;
  t.ok(car && existsSync(join(dir, 'snapshots', car.snapshot!)), 'snapshot blobs saved under the event id');
  t.ok(indexer.stats.embedded > 0, `${indexer.stats.embedded} records with an appearance embedding`);
  t.equal(result.summary.counts.across.forward, lines.filter((l) => l.type === 'crossing').length, 'one crossing line per counted crossing');

  t.ok(progress.length >= frames.length, 'progress on every frame (interval 0), plus the last report');
  const last = progress.at(-1)!;
  t.match(last, { done: true, frames: frames.length });
  t.ok(Math.abs(last.durationSeconds! - 8.94) < 0.05, `duration from the container: ${last.durationSeconds} s`);
  t.ok(last.fraction! > 0.9 && last.fraction! <= 1, `fraction at the end ${last.fraction}`);
  t.ok(progress.every((p, i) => i === 0 || p.frames >= progress[i - 1].frames), 'frames only go up');
  t.same(descendantProcesses(/ffmpeg/), [], 'ffmpeg reaped');

  t.test('the same summary as `sharpeye analyze --rules --summary json` on the same clip', async (t) => {
    const r = await runSharpeye(['analyze', video('highway.mp4'), '--fps', '5', '--model', 'yolox-nano', '--rules', rulesFile, '--summary', 'json', '--camera', 'a1-north', '--out', join(dir, 'cli.jsonl'), '--start-time', new Date(START).toISOString()]);
    t.equal(r.code, 0, r.stderr);
    const cli = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    t.same({ ...cli, source: undefined }, { ...result.summary, source: undefined }, 'counts, objects, alerts, frames and detections match');
    t.equal(cli.source, video('highway.mp4'));
  });
});

t.test('a signal ends the run like the end of the input: the summary says so', async (t) => {
  const stop = new AbortController();
  const frames: number[] = [];
  const result = await runFootage({ input: video('intersection.mp4'), fps: 5, detector, track: true, signal: stop.signal }, {
    line(l) { if (l.type === 'frame') { frames.push(l.frame); if (frames.length === 3) stop.abort('SIGINT'); } },
  });
  t.equal(result.stoppedBy, 'SIGINT');
  t.ok(frames.length >= 3 && frames.length < 100, `stopped early after ${frames.length} frames`);
  t.equal(result.summary.frames, frames.length, 'frames in flight were still written');
  t.same(descendantProcesses(/ffmpeg/), [], 'ffmpeg reaped');
});

t.test('a failing sink ends the run with its error and leaves nothing running', async (t) => {
  await t.rejects(runFootage({ input: video('highway.mp4'), fps: 5, detector }, {
    line(l) { if (l.type === 'frame' && l.frame === 2) throw new Error('disk full'); },
  }), /disk full/);
  t.same(descendantProcesses(/ffmpeg/), [], 'ffmpeg reaped');
});

t.test('a missing file: E_INPUT_NOT_FOUND, nothing written', async (t) => {
  const lines: FootageLine[] = [];
  await t.rejects(runFootage({ input: join(dir, 'missing.mp4'), detector }, { line: (l) => { lines.push(l); } }), { code: 'E_INPUT_NOT_FOUND' });
  t.same(lines, []);
});
