// Plate voting and the choice of frames to read (issue 11), with synthetic readings: exact-text
// votes weighted by confidence, never a character merge, a reporting minimum, and a per-track
// read budget that stops once the vote is settled.
import t from 'tap';
import type { PlateColour, PlateKind } from '../../../core/index.js';
import { MIN_VEHICLE_BOX_WIDTH_PX, PlateFramePolicy, PlateVote, normalisePlateText, type PlateSighting } from '../../../analytics/index.js';

const read = (text: string, confidence: number, colour: PlateColour | null = 'blue', layers: 1 | 2 = 1, kind: PlateKind = 'mainland') => ({ text, confidence, colour, layers, kind });

t.test('normalising: separators, case and full-width forms', async (t) => {
  t.equal(normalisePlateText('京A·12345'), '京A12345');
  t.equal(normalisePlateText(' 京a-123 45 '), '京A12345');
  t.equal(normalisePlateText('京Ａ１２３４５'), '京A12345');
  t.equal(normalisePlateText('h786 poj'), 'H786POJ');
});

t.test('agreeing reads: one plate, confidence = votes x mean / reads', async (t) => {
  const v = new PlateVote();
  t.equal(v.result(), undefined, 'no read, no plate');
  v.add(read('皖K·66666', 0.9));
  v.add(read('皖K66666', 0.95));
  t.same(v.result(), { text: '皖K66666', confidence: 0.925, colour: 'blue', layers: 1, kind: 'mainland', candidates: [{ text: '皖K66666', confidence: 0.925, votes: 2 }] });
});

t.test('disagreeing reads keep candidates, never a merge', async (t) => {
  const v = new PlateVote();
  v.add(read('京EA5331', 0.9));
  v.add(read('京EA5381', 0.7));
  v.add(read('京EA5331', 0.8));
  v.add(read('京EB5331', 0.6));
  const r = v.result()!;
  t.equal(r.text, '京EA5331');
  t.equal(r.confidence, Math.round((1.7 / 4) * 1000) / 1000, '2 reads x 0.85 mean over 4 reads');
  t.same(r.candidates.map((c) => [c.text, c.votes]), [['京EA5331', 2], ['京EA5381', 1], ['京EB5331', 1]]);
  t.notOk(r.candidates.some((c) => !['京EA5331', '京EA5381', '京EB5331'].includes(c.text)), 'only texts that were read');
});

t.test('weight is summed confidence: two weaker agreeing reads can beat one strong read', async (t) => {
  const v = new PlateVote();
  v.add(read('粤B12345', 0.95));
  v.add(read('粤B12346', 0.6));
  v.add(read('粤B12346', 0.6));
  t.equal(v.result()!.text, '粤B12346', '1.2 > 0.95');
  const w = new PlateVote();
  w.add(read('粤B12345', 0.95));
  w.add(read('粤B12346', 0.4));
  w.add(read('粤B12346', 0.4));
  t.equal(w.result()!.text, '粤B12345', '0.95 > 0.8');
});

t.test('reporting minimum: one read >= 0.8 or two agreeing reads', async (t) => {
  const one = new PlateVote();
  one.add(read('沪A12345', 0.79));
  t.equal(one.result(), undefined, 'one weak read');
  one.add(read('沪A12345', 0.5));
  t.equal(one.result()?.text, '沪A12345', 'two agreeing weak reads');
  const strong = new PlateVote();
  strong.add(read('沪A12345', 0.8));
  t.equal(strong.result()?.text, '沪A12345');
  const empty = new PlateVote();
  empty.add(read(' · ', 0.99));
  t.equal(empty.reads, 0, 'an empty text is no read');
  t.equal(empty.result(), undefined);
});

t.test('colour, layers and kind by majority among the winning text\'s reads', async (t) => {
  const v = new PlateVote();
  v.add(read('苏E12345', 0.9, 'yellow', 2));
  v.add(read('苏E12345', 0.9, 'yellow', 1));
  v.add(read('苏E12345', 0.9, 'yellow', 2));
  v.add(read('苏E1234', 0.5, 'blue', 1, 'other'));
  const r = v.result()!;
  t.same([r.colour, r.layers, r.kind], ['yellow', 2, 'mainland']);
});

t.test('at most 5 candidates; add() says when to keep the crop', async (t) => {
  const v = new PlateVote();
  t.equal(v.add(read('A1', 0.5)), true, 'first read of the leading text');
  t.equal(v.add(read('B2', 0.9)), true, 'B2 now leads with its best read');
  t.equal(v.add(read('A1', 0.3)), false, 'not the best read of its text');
  t.equal(v.add(read('B2', 0.95)), true, 'a better read of the leader');
  for (const x of ['C3', 'D4', 'E5', 'F6']) v.add(read(x, 0.2));
  t.equal(v.result()!.candidates.length, 5);
  t.equal(v.result()!.candidates[0].text, 'B2');
});

const sighting = (ptsMs: number, width: number, sharpness?: number): PlateSighting => ({ ptsMs, box: [100, 100, 100 + width, 100 + width * 0.8], frameWidth: 1920, frameHeight: 1080, sharpness });

t.test('frame policy: large enough boxes, spaced reads, a budget, stop when settled', async (t) => {
  t.equal(MIN_VEHICLE_BOX_WIDTH_PX, 200, '48 px plate / (0.44 m / 1.8 m)');
  const p = new PlateFramePolicy();
  t.notOk(p.wants(sighting(0, 150)), 'too small for a readable plate');
  t.notOk(p.wants({ ...sighting(0, 300), box: [0, 100, 300, 340] }), 'cut by the frame edge');
  t.ok(p.wants(sighting(0, 220)));
  p.recordRead(sighting(0, 220, 100));
  t.notOk(p.wants(sighting(100, 230, 110)), 'too soon, no better');
  t.ok(p.wants(sighting(100, 280, 110)), 'too soon but 1.25x wider');
  t.ok(p.wants(sighting(100, 230, 160)), 'too soon but 1.5x sharper');
  t.ok(p.wants(sighting(500, 230)), '500 ms later');
  for (const ms of [500, 1000, 1500]) p.recordRead(sighting(ms, 240));
  t.equal(p.reads, 4);
  t.notOk(p.wants(sighting(5000, 400)), 'budget of 4 reads spent');
  const q = new PlateFramePolicy();
  const vote = new PlateVote();
  vote.add(read('皖K66666', 0.95));
  t.ok(q.wants(sighting(0, 300), vote), 'one read is not settled');
  vote.add(read('皖K66666', 0.93));
  t.notOk(q.wants(sighting(0, 300), vote), 'two agreeing confident reads: settled');
  const r = new PlateFramePolicy({ maxReads: 1, minBoxWidthPx: 50 });
  t.ok(r.wants(sighting(0, 60)));
});
