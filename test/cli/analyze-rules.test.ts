// `sharpeye analyze --rules` end to end on real clips: line counts against a hand count, one
// object record per track with its attributes and snapshots, deterministic ids on replay, alerts,
// the JSON summary, and clear errors for bad rules files.
import t from 'tap';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { runSharpeye } from '../helpers/cli.js';
import { REPO_ROOT, video } from '../helpers/fixtures.js';
import { processesWithTag } from '../helpers/processes.js';
import { ISSUE_EXAMPLE } from '../analytics/helpers/issue-example.js';

const dir = mkdtempSync(join(tmpdir(), 'sharpeye-rules-'));
const truth = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'fixtures-truth', 'highway-line-counts.json'), 'utf8'));
type Line = Record<string, any>;
const lines = (text: string): Line[] => text.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));

const HIGHWAY_RULES = `
lines:
  - id: across
    points: [[0.0, 0.65], [1.0, 0.65]]
rules:
  - { id: flow, type: line_crossing, line: across, labels: [car, truck, bus, motorcycle] }
`;


const file = (name: string, text: string) => { const p = join(dir, name); writeFileSync(p, text); return p; };

t.test('highway: vehicles crossing a line, counted per direction, within the hand count', async (t) => {
  const rules = file('highway.yaml', HIGHWAY_RULES);
  const out = join(dir, 'highway.jsonl');
  const r = await runSharpeye(['analyze', video('highway.mp4'), '--fps', '10', '--rules', rules, '--out', out, '--summary', 'json', '--start-time', '2026-03-02T08:00:00Z']);
  t.equal(r.code, 0, r.stderr);
  const summary = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
  const { certain, ambiguous } = truth.truth.forward;
  const forward = summary.counts.across.forward;
  t.ok(forward >= certain - 1 && forward <= certain + ambiguous + 1, `forward ${forward} within [${certain - 1}, ${certain + ambiguous + 1}] of the hand count ${certain} (+${ambiguous} ambiguous)`);
  t.equal(summary.counts.across.backward, 0, 'nothing drives away from the camera on this carriageway');
  t.ok(summary.objects.car >= 5, `object records per label: ${JSON.stringify(summary.objects)}`);
  const all = lines(readFileSync(out, 'utf8'));
  const crossings = all.filter((l) => l.type === 'crossing');
  t.equal(crossings.length, forward, 'one crossing line per counted crossing');
  const objects = all.filter((l) => l.type === 'object');
  const finals = objects.filter((o) => o.final);
  t.equal(new Set(finals.map((o) => o.id)).size, finals.length, 'one final record per object');
  for (const c of crossings) {
    const o = finals.find((f) => f.trackId === c.trackId);
    t.ok(o?.lines.some((l: Line) => l.line === 'across' && l.direction === c.direction), `object ${c.trackId} records its crossing`);
  }
  const o = finals.find((f) => f.label === 'car' && f.frames > 20)!;
  t.match(o, { camera: 'highway.mp4', label: 'car', final: true, zones: [], rules: [] });
  t.ok(o.firstSeen.ptsMs <= o.lastSeen.ptsMs && o.durationSeconds > 2);
  t.equal(o.firstSeen.wallMs, Date.parse('2026-03-02T08:00:00Z') + o.firstSeen.ptsMs, 'wall clock from --start-time + pts');
  t.ok(o.speedPxPerSecond > 10, `moving car: ${o.speedPxPerSecond} px/s`);
  t.ok(o.headingDegrees > 90 && o.headingDegrees < 270, `towards the bottom of the picture: heading ${o.headingDegrees}`);
  t.ok(o.trajectory.length >= 2 && o.trajectory.length <= 32, 'downsampled trajectory');
  t.ok(['red', 'white', 'gray', 'black', 'blue', 'silver', 'brown'].includes(o.color), `a car colour: ${o.color}`);
  t.ok(existsSync(o.snapshot) && existsSync(o.thumbnail), 'snapshot and thumbnail written next to --out');
  const meta = await sharp(o.snapshot).metadata();
  t.equal(meta.format, 'jpeg');
  const frames = all.filter((l) => l.type === 'frame');
  t.equal(frames.length, summary.frames);
  t.ok(frames.some((f) => f.tracks.length > 3), 'frame lines carry the confirmed tracks');
  t.same(processesWithTag(r.tag), []);
});

t.test('replays are idempotent: the same input gives the same object ids', async (t) => {
  const rules = file('replay.yaml', HIGHWAY_RULES);
  const runs = [];
  for (let i = 0; i < 2; i++) {
    const r = await runSharpeye(['analyze', video('highway.mp4'), '--fps', '5', '--rules', rules, '--snapshots', join(dir, `snaps${i}`)]);
    t.equal(r.code, 0, r.stderr);
    runs.push(lines(r.stdout).filter((l) => l.type === 'object').map((o) => `${o.id}:${o.version}:${o.label}`).sort());
  }
  t.ok(runs[0].length > 5);
  t.same(runs[1], runs[0]);
});

t.test('the issue example works as written on the intersection clip', async (t) => {
  const rules = file('example.yaml', ISSUE_EXAMPLE);
  const r = await runSharpeye(['analyze', video('intersection.mp4'), '--fps', '5', '--rules', rules, '--summary', 'json', '--max-frames', '60']);
  t.equal(r.code, 0, r.stderr);
  const all = lines(r.stdout);
  const summary = all.at(-1)!;
  t.same(Object.keys(summary.counts), ['L1']);
  t.ok(summary.counts.L1.forward + summary.counts.L1.backward >= 1, `cars cross the middle of the intersection: ${JSON.stringify(summary.counts.L1)}`);
  t.same(summary.alerts, {}, 'no car parks for 60 s in 12 s of video');
  t.ok(all.slice(0, -1).every((l) => ['frame', 'object', 'alert', 'crossing', 'count'].includes(l.type)), 'every line has a type');
  t.ok(all.filter((l) => l.type === 'object').some((o) => o.zones.includes('nopark')), 'objects record the zones they entered');
});

t.test('alerts: a short dwell rule raises one alert per object with start and end', async (t) => {
  const rules = file('dwell.yaml', `zones:
  - id: kerb
    polygon: [[0.45, 0.0], [0.7, 0.0], [0.7, 0.2], [0.45, 0.2]]
rules:
  - { id: wait, type: loitering, zone: kerb, labels: [car, motorcycle, person], seconds: 3, cooldownSeconds: 600 }
`);
  const r = await runSharpeye(['analyze', video('intersection.mp4'), '--fps', '5', '--rules', rules, '--summary', 'json', '--max-frames', '50']);
  t.equal(r.code, 0, r.stderr);
  const all = lines(r.stdout);
  const alerts = all.filter((l) => l.type === 'alert');
  const started = alerts.filter((a) => a.event === 'started');
  t.ok(started.length >= 1, `vehicles parked at the far kerb dwell in the zone: ${started.length} alerts`);
  t.equal(all.at(-1)!.alerts.wait, started.length);
  for (const a of started) {
    t.match(a, { ruleId: 'wait', ruleType: 'loitering', camera: 'intersection.mp4', zone: 'kerb' });
    t.ok(a.objects.length >= 1 && a.severity);
    t.equal(alerts.filter((x) => x.id === a.id && x.event === 'started').length, 1, 'one start per situation');
    t.ok(alerts.some((x) => x.id === a.id && x.event === 'ended'), 'ended (at the latest when the stream ends)');
  }
  const withRule = all.filter((l) => l.type === 'object' && l.final && l.rules.includes('wait'));
  t.ok(withRule.length >= 1, 'objects name the rules they triggered');
});

t.test('bad rules files: one clear line naming the path, exit 2', async (t) => {
  const cases: Array<[string, RegExp]> = [
    ['rules:\n  - { id: a, type: line_crossing, line: nope }\n', /rules\[0\]\.line: rule 'a' references a line this file does not define/],
    ['rules:\n  - { id: a, type: teleport }\n', /rules\[0\]\.type/],
    ['zones: [\n', /YAML syntax error/],
  ];
  for (const [text, pattern] of cases) {
    const r = await runSharpeye(['analyze', video('highway.mp4'), '--rules', file('bad.yaml', text)]);
    t.equal(r.code, 2);
    t.match(r.stderr, /E_CONFIG_INVALID: .*bad\.yaml/);
    t.match(r.stderr, pattern);
    t.same(processesWithTag(r.tag), [], 'nothing started');
  }
  const missing = await runSharpeye(['analyze', video('highway.mp4'), '--rules', join(dir, 'missing.yaml')]);
  t.equal(missing.code, 2);
  t.match(missing.stderr, /missing\.yaml: cannot be read \(ENOENT\)/);
});
