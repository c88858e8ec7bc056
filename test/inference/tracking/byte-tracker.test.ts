// ByteTracker on synthetic trajectories: crossings, occlusion gaps, the low-score second stage,
// class consistency, jitter, births and deaths, and deterministic ids.
import t from 'tap';
import { ByteTracker } from '../../../inference/tracking/index.js';
import { seededRandom } from '../../helpers/seeded-random.js';
import { always, det, distinct, framesAt, runScene, type PathObject } from './synthetic-scene.js';

t.test('two people crossing keep their ids, the hidden one carried by low scores', async (t) => {
  // Opposite directions at 120 px/s, 15 px apart vertically; they overlap around t = 2 s, where the
  // one behind is only detected at 0.3 (partly hidden) and once not at all.
  const hidden = (ms: number) => (ms >= 1700 && ms <= 2300 ? (ms === 2000 ? undefined : 0.3) : 0.85);
  const objects: PathObject[] = [
    { name: 'a', label: 'person', from: [60, 200], velocity: [120, 0], size: [40, 100], score: always(0.9) },
    { name: 'b', label: 'person', from: [540, 215], velocity: [-120, 0], size: [40, 100], score: hidden },
  ];
  for (const fps of [10, 5]) {
    const run = runScene(new ByteTracker(), objects, framesAt(fps, 4));
    t.same(distinct(run.idsOf.get('a')!), [1], `${fps} fps: a keeps id 1`);
    t.same(distinct(run.idsOf.get('b')!), [2], `${fps} fps: b keeps id 2`);
    const overlap = run.frames[Math.round((1800 * fps) / 1000)].find((x) => x.id === 2)!;
    t.same([overlap.state, overlap.score], ['confirmed', 0.3], `${fps} fps: while b is hidden its 0.3 detection is matched (second stage)`);
    // After its one missed frame b is lost, and a lost track only takes high detections (as in ByteTrack).
    // The first two frames are tentative (no object from fewer than minHits detections).
    t.ok(run.idsOf.get('b')!.length >= run.frames.length - 7, `${fps} fps: b matched on all but the first frames and those around the miss`);
  }
});

t.test('perpendicular crossing of two cars: no id switch', async (t) => {
  const objects: PathObject[] = [
    { name: 'east', label: 'car', from: [0, 300], velocity: [200, 0], size: [120, 60], score: always(0.8) },
    { name: 'south', label: 'car', from: [400, -100], velocity: [0, 200], size: [60, 120], score: always(0.8) },
  ];
  const run = runScene(new ByteTracker(), objects, framesAt(10, 4));
  t.equal(distinct(run.idsOf.get('east')!).length, 1);
  t.equal(distinct(run.idsOf.get('south')!).length, 1);
  t.not(run.idsOf.get('east')![0], run.idsOf.get('south')![0]);
});

t.test('an occlusion gap shorter than maxLostMs keeps the id; a longer one starts a new track', async (t) => {
  const walker = (gapMs: number): PathObject => ({
    name: 'w', label: 'person', from: [100, 300], velocity: [80, 0], size: [40, 100],
    score: (ms) => (ms > 2000 && ms <= 2000 + gapMs ? undefined : 0.9),
  });
  const short = new ByteTracker({ maxLostMs: 1500 });
  const s = runScene(short, [walker(1000)], framesAt(10, 5));
  t.same(distinct(s.idsOf.get('w')!), [1], '1 s gap: same id, the prediction followed the walker');
  t.same(s.removed, [], 'nothing removed');
  const lostFrame = s.frames[25];
  t.equal(lostFrame[0].state, 'lost', 'lost while unseen');
  t.equal(lostFrame[0].timeSinceUpdate, 5);
  t.ok(Math.abs(lostFrame[0].box[0] - (100 + 80 * 2.5 - 20)) < 8, `lost box ${lostFrame[0].box[0].toFixed(1)} is the prediction`);

  const long = new ByteTracker({ maxLostMs: 1500 });
  const l = runScene(long, [walker(2000)], framesAt(10, 6));
  t.same(distinct(l.idsOf.get('w')!), [1, 2], '2 s gap: a new id afterwards');
  t.equal(l.removed.length, 1);
  t.equal(l.removed[0].track.id, 1);
  t.equal(l.removed[0].track.state, 'removed');
  t.equal(l.removed[0].ptsMs, 3600, 'removed at the first frame more than 1500 ms after its last match (2000 ms)');
  t.equal(l.removed[0].track.lastPtsMs, 2000);
});

t.test('death hysteresis follows stream time, not frame counts (variable frame rate)', async (t) => {
  const tracker = new ByteTracker({ maxLostMs: 1000, minHits: 1 });
  const box = [10, 10, 50, 110] as [number, number, number, number];
  tracker.update([det('person', 0.9, box)], 0);
  t.equal(tracker.update([], 1000)[0].state, 'lost', 'exactly maxLostMs unmatched: still lost');
  t.same(tracker.removed, []);
  t.same(tracker.update([], 1001), [], 'past maxLostMs: gone');
  t.equal(tracker.removed[0].id, 1);
  t.same(tracker.removed[0].box, box, 'removed tracks report their last matched box');
});

t.test('low-score detections keep a track alive only through the second stage', async (t) => {
  const dimmed: PathObject = { name: 'p', label: 'person', from: [100, 100], velocity: [50, 0], size: [40, 100], score: (ms) => (ms >= 1000 && ms < 2000 ? 0.25 : 0.9) };
  const byte = runScene(new ByteTracker(), [dimmed], framesAt(10, 3));
  t.same(distinct(byte.idsOf.get('p')!), [1]);
  t.ok(byte.frames.slice(2).every((f) => f.length === 1 && f[0].state === 'confirmed'), 'confirmed from its third frame on, throughout');
  t.equal(byte.frames[15][0].score, 0.25, 'the low detection was matched');
  // Without a second stage (low == high) the same input leaves the track lost for that second.
  const noSecond = runScene(new ByteTracker({ lowThreshold: 0.5 }), [dimmed], framesAt(10, 3));
  t.equal(noSecond.frames[15][0].state, 'lost');
  // Low scores never start a track through the normal path (the persistent low-score path is
  // tested in low-score-births.test.ts).
  const tracker = new ByteTracker({ lowScoreBirthHits: 0 });
  for (let i = 0; i < 10; i++) tracker.update([det('person', 0.45, [0, 0, 40, 100])], i * 100);
  t.same(tracker.update([], 1000), [], 'a 0.45 object never becomes a track without the low-score birth path');
  // Between highThreshold and newTrackThreshold: matches existing tracks, starts none.
  const h = new ByteTracker();
  t.same(h.update([det('car', 0.55, [0, 0, 100, 50])], 0), []);
});

t.test('class consistency: a person never takes over a car track', async (t) => {
  const tracker = new ByteTracker({ minHits: 1 });
  const box = [200, 200, 300, 260] as [number, number, number, number];
  t.equal(tracker.update([det('car', 0.9, box)], 0)[0].id, 1);
  const next = tracker.update([det('person', 0.9, box)], 200);
  const car = next.find((x) => x.id === 1)!, person = next.find((x) => x.id === 2)!;
  t.equal(car.state, 'lost', 'the car track is lost, not fed the person');
  t.equal(car.label, 'car');
  t.equal(person.label, 'person');
  t.equal(person.state, 'confirmed');
  // Low-score stage is class-gated too.
  const after = tracker.update([det('person', 0.9, box), det('bicycle', 0.3, box)], 400);
  t.equal(after.find((x) => x.id === 1)!.state, 'lost');
});

t.test('classGroups let a car continue as a truck, keeping the majority label', async (t) => {
  const box = (i: number) => [100 + 10 * i, 100, 220 + 10 * i, 160] as [number, number, number, number];
  const labels = ['car', 'car', 'truck', 'car', 'truck', 'car'];
  const grouped = new ByteTracker({ classGroups: [['car', 'truck', 'bus']], minHits: 1 });
  const plain = new ByteTracker({ minHits: 1 });
  let g: ReturnType<ByteTracker['update']> = [], p: ReturnType<ByteTracker['update']> = [];
  labels.forEach((label, i) => {
    g = grouped.update([det(label, 0.8, box(i))], i * 100);
    p = plain.update([det(label, 0.8, box(i))], i * 100);
  });
  t.equal(g.length, 1, 'one track with groups');
  t.same([g[0].id, g[0].label, g[0].classId, g[0].hits], [1, 'car', 2, 6]);
  t.ok(p.filter((x) => x.state === 'confirmed').every((x) => x.label === 'car'), 'without groups only car detections feed the car track');
  t.equal(p.find((x) => x.id === 1)!.label, 'car');
});

t.test('jitter in position, size and score does not break tracks', async (t) => {
  const rand = seededRandom(42);
  const wobbly = (ms: number) => 0.35 + 0.6 * ((Math.sin(ms / 170) + 1) / 2);
  const objects: PathObject[] = [
    { name: 'parked', label: 'car', from: [300, 300], velocity: [0, 0], size: [120, 60], score: wobbly },
    { name: 'walker', label: 'person', from: [50, 400], velocity: [60, -20], size: [30, 80], score: wobbly },
    { name: 'far', label: 'car', from: [600, 100], velocity: [-40, 0], size: [40, 24], score: always(0.7) },
  ];
  const run = runScene(new ByteTracker(), objects, framesAt(5, 20), { jitter: 3, rand });
  for (const o of objects) t.equal(distinct(run.idsOf.get(o.name)!).length, 1, `${o.name}: one id over 100 frames`);
});

t.test('births: confirmed after minHits consecutive hits, the first frame too; ids have no gaps', async (t) => {
  const tracker = new ByteTracker({ minHits: 3 });
  t.same(tracker.update([det('car', 0.9, [0, 0, 100, 50])], 0), [], 'first frame: tentative like any other (a one-frame detection is never an object)');
  tracker.update([det('car', 0.9, [0, 0, 100, 50])], 50);
  t.same(tracker.update([det('car', 0.9, [0, 0, 100, 50])], 60).map((x) => [x.id, x.state, x.hits]), [[1, 'confirmed', 3]], 'confirmed at its third hit');
  // A one-frame false positive never gets an id.
  tracker.update([det('car', 0.9, [0, 0, 100, 50]), det('person', 0.9, [500, 500, 530, 580])], 100);
  const person = (i: number) => det('person', 0.9, [300 + i, 300, 330 + i, 380]);
  const f2 = tracker.update([det('car', 0.9, [0, 0, 100, 50]), person(0)], 200);
  t.same(f2.map((x) => x.id), [1], 'a new object is tentative (not listed)');
  t.same(tracker.update([det('car', 0.9, [0, 0, 100, 50]), person(2)], 300).map((x) => x.id), [1]);
  const f4 = tracker.update([det('car', 0.9, [0, 0, 100, 50]), person(4)], 400);
  t.same(f4.map((x) => [x.id, x.label, x.hits, x.firstPtsMs]), [[1, 'car', 7, 0], [2, 'person', 3, 200]], 'third hit confirms with the next id (2)');
  // A tentative track that misses one frame dies silently.
  tracker.update([det('car', 0.9, [0, 0, 100, 50]), det('bus', 0.9, [600, 0, 700, 80])], 500);
  tracker.update([det('car', 0.9, [0, 0, 100, 50])], 600);
  t.same(tracker.removed, [], 'tentative deaths are not reported');
});

t.test('same input twice gives the same ids and tracks (deterministic replay)', async (t) => {
  const scene = (seed: number) => {
    const rand = seededRandom(seed);
    return Array.from({ length: 20 }, (_, i): PathObject => {
      const start = rand() * 4000, end = start + 1000 + rand() * 5000;
      return {
        name: `o${i}`, label: rand() < 0.5 ? 'car' : 'person', from: [rand() * 1200, rand() * 700], velocity: [(rand() - 0.5) * 200, (rand() - 0.5) * 100],
        size: [30 + rand() * 80, 30 + rand() * 80], score: (ms) => (ms >= start && ms <= end ? 0.3 + 0.7 * rand() : undefined),
      };
    });
  };
  const a = runScene(new ByteTracker(), scene(99), framesAt(5, 10), { jitter: 2, rand: seededRandom(1) });
  const b = runScene(new ByteTracker(), scene(99), framesAt(5, 10), { jitter: 2, rand: seededRandom(1) });
  t.same(a.frames, b.frames, 'identical tracks frame by frame');
  t.same(a.removed, b.removed);
  const ids = distinct(a.frames.flat().map((x) => x.id)).sort((x, y) => x - y);
  t.same(ids, ids.map((_, i) => i + 1), `ids 1..${ids.length} without gaps`);
  // reset() starts over: the same ids again.
  const tracker = new ByteTracker();
  runScene(tracker, scene(99), framesAt(5, 10), { jitter: 2, rand: seededRandom(1) });
  tracker.reset();
  const c = runScene(tracker, scene(99), framesAt(5, 10), { jitter: 2, rand: seededRandom(1) });
  t.same(c.frames, a.frames, 'after reset() the replay matches');
});

t.test('flush ends every track, in id order', async (t) => {
  const tracker = new ByteTracker({ minHits: 1 });
  tracker.update([det('car', 0.9, [0, 0, 100, 50]), det('person', 0.9, [300, 300, 330, 380])], 0);
  tracker.update([det('car', 0.9, [0, 0, 100, 50])], 200);
  const ended = tracker.flush();
  t.same(ended.map((x) => [x.id, x.state, x.lastPtsMs]), [[1, 'removed', 200], [2, 'removed', 0]]);
  t.same(tracker.removed, ended);
  // After flush the stream goes on and ids keep counting.
  t.same(tracker.update([det('car', 0.9, [0, 0, 100, 50])], 800).map((x) => x.id), [3], 'ids keep counting after flush');
});

t.test('pts must not go backwards; options are validated by name', async (t) => {
  const tracker = new ByteTracker();
  tracker.update([], 1000);
  t.throws(() => tracker.update([], 999), { code: 'E_INTERNAL', message: /pts must not go backwards, call reset\(\)/ });
  t.throws(() => tracker.update([], NaN), { code: 'E_INTERNAL' });
  t.doesNotThrow(() => tracker.update([], 1000), 'equal pts is allowed');
  const bad: Array<[object, RegExp]> = [
    [{ highThreshold: 1.5 }, /'highThreshold': expected a number from 0 to 1, got 1.5/],
    [{ lowThreshold: 0.6 }, /'lowThreshold': expected at most highThreshold \(0.5\)/],
    [{ newTrackThreshold: 0.4 }, /'newTrackThreshold': expected at least highThreshold/],
    [{ minHits: 0 }, /'minHits': expected an integer >= 1/],
    [{ maxLostMs: -1 }, /'maxLostMs'/],
    [{ maxLostMs: Infinity }, /'maxLostMs'/],
    [{ matchIouThreshold: 'x' }, /'matchIouThreshold'/],
    [{ classGroups: [['car', 'truck'], ['truck']] }, /'classGroups\[1\]': expected labels in one group only \('truck' is also in classGroups\[0\]\)/],
    [{ classGroups: [['car', '']] }, /'classGroups\[0\]'/],
    [{ maxLostMS: 10 }, /'maxLostMS': expected one of .*maxLostMs/],
  ];
  for (const [options, message] of bad) t.throws(() => new ByteTracker(options), { name: 'SharpeyeError', code: 'E_CONFIG_INVALID', message }, JSON.stringify(options));
  t.equal(new ByteTracker({ maxLostMs: undefined }).options.maxLostMs, 1500, 'undefined means default');
});
