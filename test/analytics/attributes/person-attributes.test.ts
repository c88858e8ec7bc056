// Person attributes (issue 11): clothing colours on body regions, bags carried and two-wheelers
// ridden, each voted over several sightings; synthetic pictures and tracks with fixed clocks.
import t from 'tap';
import type { Box, FrameTracks, RgbImage, Track } from '../../../core/index.js';
import {
  LOWER_BODY, ObjectEventBuilder, PersonAttributesVote, UPPER_BODY, bagOverPerson, bodyRegion, pairPersonItems, riderOver,
} from '../../../analytics/index.js';

const W = 640, H = 480;
type Rgb = [number, number, number];

/** A grey street with one person: head skin, shirt `upper`, trousers `lower`, dark shoes. */
function personPicture(box: Box, upper: Rgb, lower: Rgb): RgbImage {
  const data = new Uint8Array(W * H * 3);
  for (let i = 0; i < W * H; i++) data.set([128, 128, 120], i * 3);
  const h = box[3] - box[1];
  const paint = (y0: number, y1: number, c: Rgb, inset = 0.1) => {
    for (let y = Math.round(box[1] + y0 * h); y < Math.round(box[1] + y1 * h); y++) {
      for (let x = Math.round(box[0] + inset * (box[2] - box[0])); x < Math.round(box[2] - inset * (box[2] - box[0])); x++) data.set(c, (y * W + x) * 3);
    }
  };
  paint(0, 0.14, [224, 172, 140], 0.3);
  paint(0.14, 0.5, upper);
  paint(0.5, 0.9, lower, 0.2);
  paint(0.9, 1, [30, 30, 30], 0.2);
  return { width: W, height: H, data };
}

const track = (id: number, label: string, box: Box, state: Track['state'] = 'confirmed'): Track => ({
  id, label, classId: 0, box, score: 0.9, state, hits: 5, timeSinceUpdate: 0, firstPtsMs: 0, lastPtsMs: 0, velocity: [0, 0],
});
const frame = (i: number, tracks: Track[]): FrameTracks => ({ sourceId: 'cam', frameIndex: i, ptsMs: i * 200, wallMs: i * 200, width: W, height: H, tracks });

t.test('body regions are the stated fractions of the box', async (t) => {
  t.same(bodyRegion([100, 100, 200, 300], UPPER_BODY), [130, 130, 170, 200]);
  t.same(bodyRegion([100, 100, 200, 300], LOWER_BODY), [130, 200, 170, 270]);
});

t.test('upper and lower clothing colours over several sightings', async (t) => {
  const box: Box = [300, 100, 380, 340];
  const v = new PersonAttributesVote();
  const red = personPicture(box, [200, 30, 40], [40, 60, 170]);
  for (let i = 0; i < 10; i++) v.add(box, i * 200, red, undefined);
  t.equal(v.colourSamples, 5, 'one sample per 400 ms');
  t.same(v.result(), { upperColor: 'red', lowerColor: 'blue', carrying: [], riding: null });
  const w = new PersonAttributesVote();
  const white = personPicture(box, [235, 235, 235], [25, 25, 28]);
  for (let i = 0; i < 30; i++) w.add(box, i * 400, white, undefined);
  t.equal(w.colourSamples, 30, 'one sample per 400 ms all along the track');
  t.same(w.result(), { upperColor: 'white', lowerColor: 'black', carrying: [], riding: null });
});

t.test('no colour from small, truncated or occluded boxes', async (t) => {
  const v = new PersonAttributesVote();
  const img = personPicture([300, 100, 380, 340], [200, 30, 40], [40, 60, 170]);
  v.add([300, 100, 315, 140], 0, img, undefined);
  v.add([300, 0, 380, 240], 1000, img, undefined);
  v.add([300, 100, 380, 340], 2000, img, undefined, [[310, 100, 390, 340]]);
  t.equal(v.colourSamples, 0);
  t.same(v.result(), { upperColor: null, lowerColor: null, carrying: [], riding: null });
});

t.test('the carrying and riding tests', async (t) => {
  const person: Box = [100, 100, 140, 220];
  t.ok(bagOverPerson([125, 160, 150, 190], person), 'handbag at the hip, partly outside the box');
  t.ok(bagOverPerson([135, 180, 162, 220], person), 'suitcase pulled beside (centre within 25% of the width)');
  t.notOk(bagOverPerson([150, 180, 175, 220], person), 'suitcase a step away');
  t.notOk(bagOverPerson([110, 95, 130, 115], person), 'at head height');
  t.notOk(bagOverPerson([120, 190, 150, 240], person), 'bottom below the feet: nearer the camera');
  t.notOk(bagOverPerson([60, 60, 200, 260], person), 'larger than the person');
  const bike: Box = [90, 170, 170, 240];
  t.ok(riderOver([105, 110, 150, 215], bike), 'feet over the bicycle');
  t.notOk(riderOver([180, 110, 220, 240], bike), 'beside it');
  t.notOk(riderOver([105, 110, 150, 180], bike), 'feet above the frame: behind it, further away');
  t.notOk(riderOver([105, 150, 150, 300], bike), 'in front of it, nearer');
});

t.test('pairing: a bag goes to the nearest person; only observed tracks count', async (t) => {
  const pairs = pairPersonItems([
    track(1, 'person', [100, 100, 140, 220]), track(2, 'person', [135, 100, 175, 220]),
    track(3, 'handbag', [150, 160, 170, 190], 'tentative'), { ...track(4, 'backpack', [100, 130, 120, 160]), timeSinceUpdate: 2 },
  ]);
  t.same([...pairs.get(1)!.bags], []);
  t.same([...pairs.get(2)!.bags], ['handbag']);
});

t.test('carrying and riding need several sightings', async (t) => {
  const p: Box = [100, 100, 140, 220];
  const withBag = (n: number) => {
    const v = new PersonAttributesVote();
    for (let i = 0; i < 10; i++) v.add(p, i * 200, undefined, pairPersonItems([track(1, 'person', p), ...(i < n ? [track(2, 'backpack', [105, 130, 135, 170])] : [])]).get(1));
    return v.result().carrying;
  };
  t.same(withBag(2), [], 'a bag on 2 frames is not carried');
  t.same(withBag(3), ['backpack']);
  const riding = (n: number, total = 10) => {
    const v = new PersonAttributesVote();
    for (let i = 0; i < total; i++) v.add(p, i * 200, undefined, pairPersonItems([track(1, 'person', p), ...(i < n ? [track(2, 'motorcycle', [85, 170, 165, 235])] : [])]).get(1));
    return v.result().riding;
  };
  t.equal(riding(6), 'motorcycle');
  t.equal(riding(4), null, 'under half of the sightings: walking past a parked motorcycle');
  t.equal(riding(2, 2), null, 'fewer than 3 sightings');
});

t.test('object events carry person attributes for people only', async (t) => {
  const b = new ObjectEventBuilder({ camera: 'cam', snapshots: false });
  const box: Box = [300, 100, 380, 340];
  const img = personPicture(box, [30, 140, 50], [200, 200, 60]);
  for (let i = 0; i < 8; i++) {
    b.update(frame(i, [track(1, 'person', box), track(2, 'suitcase', [370, 260, 420, 338], 'tentative'), track(3, 'car', [500, 300, 600, 360])]), img, []);
  }
  const events = new Map(b.flush().map((o) => [o.event.trackId, o.event]));
  t.same(events.get(1)?.person, { upperColor: 'green', lowerColor: 'yellow', carrying: ['suitcase'], riding: null });
  t.notOk('person' in events.get(3)!, 'a car has none');
  t.notOk(events.has(2), 'the tentative suitcase is no object of its own');
});
