// The event store from the command line: `analyze --store` writes object events with embeddings and
// snapshots, `events` lists and filters them with pagination, `similar` finds the same car again
// from a stored event or from a picture of it.
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSharpeye } from '../helpers/cli.js';
import { video } from '../helpers/fixtures.js';
import { processesWithTag } from '../helpers/processes.js';

type Line = Record<string, any>;
const dir = mkdtempSync(join(tmpdir(), 'sharpeye-store-cli-'));
const db = join(dir, 'events.db');
const store = `sqlite:${db}`;
const out = join(dir, 'highway.jsonl');
const START = Date.parse('2026-03-02T08:00:00Z');

const analyzed = await runSharpeye(['analyze', video('highway.mp4'), '--fps', '10', '--store', store, '--out', out, '--start-time', new Date(START).toISOString(), '--camera', 'a1-north']);
const lines: Line[] = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const finals = lines.filter((l) => l.type === 'object' && l.final);

t.test('analyze --store writes one record per object, with snapshots beside the database', async (t) => {
  t.equal(analyzed.code, 0, analyzed.stderr);
  t.match(analyzed.stderr, new RegExp(`stored \\d+ object records \\(\\d+ with an appearance embedding, \\d+ snapshots\\) in ${store.replace(/[.]/g, '\\.')}`));
  t.ok(finals.length >= 8);
  const cars = finals.filter((o) => o.label === 'car');
  t.ok(cars.every((o) => o.snapshot === `${o.id}.jpg` && existsSync(join(`${db}.snapshots`, o.snapshot))), 'snapshot blobs named after the event');
  t.same(processesWithTag(analyzed.tag), []);
});

t.test('events: filters, order and cursor pagination without gaps or duplicates', async (t) => {
  const all = await runSharpeye(['events', '--store', store, '--json', '--limit', '1000']);
  t.equal(all.code, 0, all.stderr);
  const events: Line[] = JSON.parse(all.stdout);
  t.equal(events.length, new Set(finals.map((o) => o.id)).size, 'every object once');
  t.ok(events.every((e, i) => i === 0 || e.firstSeen.wallMs <= events[i - 1].firstSeen.wallMs), 'newest first');
  t.ok(events.every((e) => ['id', 'camera', 'label', 'color', 'firstSeen', 'lastSeen'].every((k) => k in e) && e.camera === 'a1-north'));

  const cars = JSON.parse((await runSharpeye(['events', '--store', store, '--json', '--label', 'car', '--limit', '1000'])).stdout) as Line[];
  t.same(cars.map((e) => e.id).sort(), events.filter((e) => e.label === 'car').map((e) => e.id).sort(), '--label');
  const red = JSON.parse((await runSharpeye(['events', '--store', store, '--json', '--color', 'red', '--label', 'car,bus'])).stdout) as Line[];
  t.ok(red.length >= 1 && red.every((e) => e.color === 'red' && ['car', 'bus'].includes(e.label)), '--color with --label');
  const from = new Date(START + 5000).toISOString(), to = new Date(START + 6000).toISOString();
  const window = JSON.parse((await runSharpeye(['events', '--store', store, '--json', '--from', from, '--to', to])).stdout) as Line[];
  const expected = events.filter((e) => e.lastSeen.wallMs >= START + 5000 && e.firstSeen.wallMs <= START + 6000).map((e) => e.id).sort();
  t.same(window.map((e) => e.id).sort(), expected, '--from/--to select objects seen in the window');
  const long = JSON.parse((await runSharpeye(['events', '--store', store, '--json', '--min-duration', '3'])).stdout) as Line[];
  t.same(long.map((e) => e.id).sort(), events.filter((e) => e.durationSeconds >= 3).map((e) => e.id).sort(), '--min-duration');
  t.same(JSON.parse((await runSharpeye(['events', '--store', store, '--json', '--camera', 'elsewhere'])).stdout), [], 'another camera: nothing');

  const paged: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 50; page++) {
    const r = await runSharpeye(['events', '--store', store, '--json', '--limit', '3', '--order', 'asc', ...(cursor ? ['--cursor', cursor] : [])]);
    paged.push(...(JSON.parse(r.stdout) as Line[]).map((e) => e.id));
    cursor = /next-cursor: (\S+)/.exec(r.stderr)?.[1];
    if (!cursor) break;
  }
  t.same(paged, [...events].reverse().map((e) => e.id), 'pages of 3, oldest first: every event once, in order');
});

t.test('similar: the same car found again from a stored event and from a picture', async (t) => {
  // The largest car at 1.2 s, its track and its record.
  const frame = lines.find((l) => l.type === 'frame' && Math.abs(l.pts - 1.2) < 1e-6)!;
  const area = (b: number[]) => (b[2] - b[0]) * (b[3] - b[1]);
  const target = frame.tracks.filter((tr: Line) => tr.label === 'car').sort((a: Line, b: Line) => area(b.box) - area(a.box))[0];
  const record = finals.find((o) => o.trackId === target.id)!;
  t.ok(record, `track ${target.id} has a record`);

  const byEvent = await runSharpeye(['similar', '--store', store, '--event', record.id, '--k', '5', '--json']);
  t.equal(byEvent.code, 0, byEvent.stderr);
  const hits = JSON.parse(byEvent.stdout) as Line[];
  t.ok(hits.length >= 3 && hits.every((h) => h.id !== record.id), 'k hits, the query event left out');
  t.ok(hits.every((h, i) => i === 0 || h.score <= hits[i - 1].score), 'best first');
  t.ok(hits.every((h) => h.score > -1 && h.score <= 1 && typeof h.detectionScore === 'number'));

  const png = join(dir, 'frame-1.2.png');
  execFileSync('ffmpeg', ['-v', 'error', '-ss', '1.2', '-i', video('highway.mp4'), '-frames:v', '1', '-y', png]);
  const byImage = await runSharpeye(['similar', '--store', store, '--image', png, '--box', target.box.map(Math.round).join(','), '--k', '3', '--json']);
  t.equal(byImage.code, 0, byImage.stderr);
  const found = JSON.parse(byImage.stdout) as Line[];
  t.equal(found[0]?.id, record.id, `a crop of the car ranks its own record first (scores ${found.map((h) => h.score).join(', ')})`);
  t.ok(found[0].score > 0.8, 'with a high similarity');
  const filtered = JSON.parse((await runSharpeye(['similar', '--store', store, '--image', png, '--box', target.box.map(Math.round).join(','), '--color', 'white', '--json'])).stdout) as Line[];
  t.ok(filtered.every((h) => h.color === 'white'), 'similarity combined with filters');
  const asCar = JSON.parse((await runSharpeye(['similar', '--store', store, '--image', png, '--box', target.box.map(Math.round).join(','), '--as', 'car', '--k', '3', '--json'])).stdout) as Line[];
  t.same(asCar.map((h) => h.id), found.map((h) => h.id), '--as car routes to the same (default) model');
  const asPerson = await runSharpeye(['similar', '--store', store, '--image', png, '--as', 'person']);
  t.equal(asPerson.code, 2);
  t.match(asPerson.stderr, /label 'person' is not embedded by this configuration/, 'people are not embedded unless configured');
});

t.test('people are not embedded unless configured; bad usage is explained', async (t) => {
  const person = finals.find((o) => o.label === 'person');
  if (person) {
    const r = await runSharpeye(['similar', '--store', store, '--event', person.id]);
    t.equal(r.code, 1);
    t.match(r.stderr, /has no appearance embedding/);
  }
  const both = await runSharpeye(['similar', '--store', store, '--event', 'x', '--image', 'y.png']);
  t.equal(both.code, 2);
  t.match(both.stderr, /exactly one of --event ID or --image FILE/);
  const noStore = await runSharpeye(['events']);
  t.equal(noStore.code, 2);
  t.match(noStore.stderr, /events needs --store SPEC/);
  const badKind = await runSharpeye(['events', '--store', 'postgres:x']);
  t.match(badKind.stderr, /store "postgres:x" must be one of sqlite:\.\.\., milvus:\.\.\./);
  const missing = await runSharpeye(['similar', '--store', store, '--event', 'nope']);
  t.match(missing.stderr, /no event 'nope'/);
});
