// The accuracy benchmark's hand-made truth (test/fixtures-truth/accuracy/): every fixture clip has
// one, each parses and is self-consistent (ranges contain their counts, geometry inside the
// picture, MOT boxes inside the frame with one box per identity per frame and no jumping ids),
// the rules file made from it is accepted by the real rules validator, and the checker itself
// catches broken truth.
import t from 'tap';
import { readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { parseRulesYaml } from '../../analytics/rules/index.js';
import { loadMot, loadTruth, parseMot, truthClips, truthProblems, type ClipTruth } from '../../benchmarks/accuracy/truth.js';
import { rulesYamlFor } from '../../benchmarks/accuracy/rules-from-truth.js';
import { VIDEOS_DIR, video } from '../helpers/fixtures.js';

const clips = readdirSync(VIDEOS_DIR).filter((f) => /\.(mp4|mkv|mov|avi|webm)$/i.test(f)).sort();

t.test('every fixture clip has a truth file', async (t) => {
  t.ok(clips.length >= 5, `found ${clips.length} clips`);
  t.same(truthClips().map((s) => `${s}.mp4`).filter((c) => clips.includes(c)), clips, 'one truth file per clip');
});

for (const stem of truthClips()) {
  t.test(`${stem}: parses and is self-consistent`, async (t) => {
    const truth = loadTruth(stem);
    t.ok(clips.includes(truth.clip), `${truth.clip} is a fixture clip`);
    t.equal(`${stem}.mp4`, truth.clip, 'file name matches the clip');
    const rows = truth.mot ? loadMot(truth.mot) : [];
    t.same(truthProblems(truth, rows), [], 'no problems');
    const rules = parseRulesYaml(rulesYamlFor(truth), `${stem} rules`);
    t.equal(rules.rules.length, truth.lines.length + truth.parking.zones.length + 1, 'one rule per line, per zone and one heavy_vehicle rule');
  });
}

t.test('the truth size and duration match the clips (ffprobe)', async (t) => {
  for (const stem of truthClips()) {
    const truth = loadTruth(stem);
    const probe = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height:format=duration', '-of', 'json', video(truth.clip)], { encoding: 'utf8' }));
    t.same(truth.size, [probe.streams[0].width, probe.streams[0].height], `${stem} size`);
    t.ok(Math.abs(Number(probe.format.duration) - truth.durationS) < 0.2, `${stem} duration ${probe.format.duration} vs ${truth.durationS}`);
  }
});

t.test('at least two clips have per-frame boxes for a 20-40 s stretch', async (t) => {
  const withMot = truthClips().map((s) => loadTruth(s)).filter((c) => c.mot);
  t.ok(withMot.length >= 2, withMot.map((c) => c.clip).join(', '));
  for (const c of withMot) {
    const rows = loadMot(c.mot!);
    t.ok(new Set(rows.map((r) => r.id)).size >= 4, `${c.clip}: several identities`);
    t.ok(c.mot!.method?.length, `${c.clip}: the box method is written down`);
  }
});

t.test('the checker catches broken truth', async (t) => {
  const good = loadTruth('intersection');
  const rows = loadMot(good.mot!);
  const broken = structuredClone(good) as ClipTruth;
  broken.lines[0].expected.forward = { count: 4, min: 5, max: 6 };
  broken.lines[1].points = [[0.5, 0.5], [1.2, 0.85]];
  broken.parking.zones[0].polygon = [[0, 0], [1, 1]];
  broken.heavyVehicles = { count: 1.5, min: 0, max: 2 };
  const problems = truthProblems(broken, rows);
  t.match(problems.join('\n'), /upper_road forward: need min <= count <= max/);
  t.match(problems.join('\n'), /line zebra: two points/);
  t.match(problems.join('\n'), /zone bottom_left: polygon/);
  t.match(problems.join('\n'), /heavyVehicles: count, min and max must be whole numbers/);

  const moved = rows.map((r) => ({ ...r }));
  const swap = moved.find((r) => r.id === 1 && r.frame === 10)!;
  swap.x += 300; // an identity jumping across the picture
  const dup = { ...moved[0] };
  const outside = { ...moved[1], frame: 9, id: 99, x: 630, w: 40 };
  const p2 = truthProblems(good, [...moved, dup, outside]);
  t.match(p2.join('\n'), /mot id 1: centre moves \d+ px per frame/);
  t.match(p2.join('\n'), /two boxes for one identity in one frame/);
  t.match(p2.join('\n'), /outside the 640x480 picture/);
  t.same(truthProblems(good, rows), [], 'the unmodified truth is clean');
});

t.test('parseMot reads MOTChallenge rows and rejects malformed ones', async (t) => {
  t.same(parseMot('1,2,10,20,30,40,1,3,1\n\n2,2,11,20,30,40,1,3,1\n'), [
    { frame: 1, id: 2, x: 10, y: 20, w: 30, h: 40, cls: 3 }, { frame: 2, id: 2, x: 11, y: 20, w: 30, h: 40, cls: 3 },
  ]);
  t.same(parseMot('1,2,10,20,30,40', 1)[0].cls, 1, 'six-column rows get the default class');
  t.throws(() => parseMot('1,2,10,20\n'), /line 1: expected frame,id,x,y,w,h/);
});
