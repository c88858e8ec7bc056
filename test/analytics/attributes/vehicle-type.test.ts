// Vehicle type (issue 11): the decision table of VehicleTypeVote on synthetic sightings, with and
// without a ground-plane calibration, and the type on object events from ObjectEventBuilder.
import t from 'tap';
import type { Box, Track } from '../../../core/index.js';
import { GroundPlane, HEAVY_AREA_RATIO, HEAVY_BOX_AREA_RATIO, ObjectEventBuilder, VehicleTypeVote, groundEdge } from '../../../analytics/index.js';
import { H, W } from '../helpers/synthetic-tracks.js';

const B: Box = [100, 100, 200, 160];
const vote = (labels: string[], ratios: Array<number | undefined> = []): VehicleTypeVote => {
  const v = new VehicleTypeVote();
  labels.forEach((label, i) => v.add({ label, box: B, areaRatio: ratios[i] }));
  return v;
};
const times = <T>(n: number, x: T): T[] => Array.from({ length: n }, () => x);

t.test('the area-ratio threshold is heavy_vehicle\'s', async (t) => {
  t.equal(HEAVY_AREA_RATIO, HEAVY_BOX_AREA_RATIO);
});

t.test('two-wheeler labels map directly; no sighting, no type', async (t) => {
  t.equal(vote(times(3, 'motorcycle')).result(), 'motorcycle');
  t.equal(vote(times(3, 'bicycle')).result(), 'bicycle');
  t.equal(new VehicleTypeVote().result(), undefined);
  t.equal(vote(['dog']).result(), undefined, 'no type for a label outside the vehicles');
});

t.test('without size evidence the track\'s label decides (train counts as bus)', async (t) => {
  t.equal(vote(['truck', 'car', 'car']).result(), 'car', 'the latest label: the tracker already votes over detections');
  t.equal(vote(['car', 'truck']).result(), 'light_goods', 'COCO truck of unknown size: light goods');
  t.equal(vote(['car', 'train']).result(), 'bus');
  t.equal(vote(['bus']).result(), 'bus');
  t.equal(vote(['car', 'car'], [3, 3]).result(), 'car', 'two measured sightings are not enough to call it heavy');
});

t.test('box area against the typical car at the same row', async (t) => {
  t.equal(vote(times(5, 'car'), times(5, 1.0)).result(), 'car');
  t.equal(vote(times(5, 'car'), [1.1, 1.6, 1.7, 1.5, 1.2]).result(), 'suv_van', 'median 1.5 >= 1.35');
  t.equal(vote(times(5, 'car'), [1.2, 1.3, 1.25, 1.6, 1.1]).result(), 'car', 'median 1.25: prefer car when unsure');
  t.equal(vote(times(5, 'car'), times(5, 3)).result(), 'suv_van', 'box area alone makes a car-labelled vehicle a van at most');
  t.equal(vote(times(5, 'bus'), times(5, 3)).result(), 'bus');
  t.equal(vote(times(5, 'bus'), [2, 1.8, 2.2, 1.9, 2]).result(), 'bus', 'a minibus');
  t.equal(vote(times(5, 'bus'), times(5, 1.1)).result(), 'suv_van', 'a car-sized "bus" is the SUV the detector mislabels');
  t.equal(vote(times(5, 'truck'), times(5, 1.8)).result(), 'light_goods');
  t.equal(vote(times(5, 'truck'), times(5, 1.0)).result(), 'suv_van', 'a car-sized truck is a pickup');
  t.equal(vote(times(5, 'truck'), times(5, 4)).result(), 'heavy_goods');
});

t.test('boxes cut by the frame edge measure nothing', async (t) => {
  const v = new VehicleTypeVote();
  for (let i = 0; i < 5; i++) v.add({ label: 'car', box: B, areaRatio: 1 });
  for (let i = 0; i < 10; i++) v.add({ label: 'car', box: B, areaRatio: 0.3, truncated: true });
  t.equal(v.sizeClass(), 'car');
  t.equal(v.sightings, 15);
  const w = new VehicleTypeVote();
  for (let i = 0; i < 5; i++) w.add({ label: 'car', box: B, areaRatio: 3, truncated: true });
  t.equal(w.sizeClass(), undefined);
});

t.test('memory is bounded: the latest 31 measurements decide', async (t) => {
  const v = vote(times(100, 'car'), [...times(60, 3), ...times(40, 1)]);
  t.equal(v.result(), 'car', 'the early heavy-looking (merged) boxes have aged out');
});

// 10 px = 1 m: image x right = east, image y down = south; the frame shows 100 m x 50 m.
const plane = GroundPlane.fromPointPairs([
  { image: [0, 0], ground: [0, 50] }, { image: [W, 0], ground: [100, 50] },
  { image: [W, H], ground: [100, 0] }, { image: [0, H], ground: [0, 0] },
]);
const groundVote = (label: string, widthPx: number, velocity: [number, number]): VehicleTypeVote => {
  const v = new VehicleTypeVote();
  for (let i = 0; i < 5; i++) v.add({ label, box: [300, 200, 300 + widthPx, 260], velocity }, plane);
  return v;
};

t.test('ground plane: the bottom edge is the length side-on, the width head-on', async (t) => {
  const edge = (box: Box, v: [number, number]) => { const g = groundEdge(box, v, plane); return g && { metres: Math.round(g.metres * 100) / 100, along: g.along }; };
  t.same(edge([300, 200, 390, 260], [50, 0]), { metres: 9, along: 'length' });
  t.same(edge([300, 200, 326, 260], [0, 40]), { metres: 2.6, along: 'width' });
  t.same(edge([300, 200, 390, 260], [0, 0]), { metres: 9, along: 'edge' }, 'standing still: view unknown');
  t.same(edge([300, 200, 390, 260], [30, 30]), { metres: 9, along: 'edge' }, 'diagonal: neither');
  t.equal(groundVote('car', 90, [50, 0]).result(), 'heavy_goods', '9 m long labelled car: a lorry');
  t.equal(groundVote('bus', 90, [50, 0]).result(), 'bus');
  t.equal(groundVote('car', 60, [50, 0]).result(), 'suv_van', '6 m: a van');
  t.equal(groundVote('truck', 60, [50, 0]).result(), 'light_goods');
  t.equal(groundVote('car', 45, [50, 0]).result(), 'car', '4.5 m');
  t.equal(groundVote('bus', 45, [50, 0]).result(), 'suv_van', 'a 4.5 m "bus"');
  t.equal(groundVote('truck', 26, [0, 40]).result(), 'heavy_goods', '2.6 m wide head-on');
  t.equal(groundVote('car', 18, [0, 40]).result(), 'car', '1.8 m wide head-on, length unknown');
  t.equal(groundVote('car', 80, [0, 0]).result(), 'heavy_goods', 'a parked 8 m vehicle: any bottom edge over 7.5 m');
});

t.test('object events carry the type for vehicles only', async (t) => {
  const b = new ObjectEventBuilder({ camera: 'cam', snapshots: false });
  const tr = (id: number, label: string, x: number): Track => ({
    id, label, classId: 0, box: [x, 300, x + 60, 340], score: 0.9, state: 'confirmed', hits: 5, timeSinceUpdate: 0, firstPtsMs: 0, lastPtsMs: 0, velocity: [0, 0],
  });
  for (let i = 0; i < 5; i++) {
    b.update({ sourceId: 'cam', frameIndex: i, ptsMs: i * 200, wallMs: i * 200, width: W, height: H, tracks: [tr(1, i === 2 ? 'truck' : 'car', 100 + i * 5), tr(2, 'motorcycle', 400), tr(3, 'dog', 700)] }, undefined, []);
  }
  const events = new Map(b.flush().map((o) => [o.event.trackId, o.event]));
  t.equal(events.get(1)?.vehicleType, 'car');
  t.equal(events.get(2)?.vehicleType, 'motorcycle');
  t.notOk('vehicleType' in events.get(3)!, 'a dog has no vehicle type');
  t.notOk('person' in events.get(1)!, 'a car has no person attributes');
});
