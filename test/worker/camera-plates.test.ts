// CameraPlates on a real plate reader and a real picture (the yellow 皖K66666 car), with tracks and
// alerts given as data: which tracks are read, that a final record waits for its track's reads,
// that a live camera drops a read when every slot is busy (and counts it), and that an open
// heavy_vehicle alert gets an 'updated' event once its track's plate is known.
import t from 'tap';
import { validateConfig, type AlertEvent, type Box, type FrameTracks, type SharpeyeError, type Track } from '../../core/index.js';
import { ObjectEventBuilder, PlateFramePolicy, PlateVote } from '../../analytics/index.js';
import { OnnxPlateReader } from '../../inference/index.js';
import { readImageFile } from '../../ingest/index.js';
import { CameraPlates, PlateReadSlots, PlatesConfigSchema, newPlateTrack, type PlateReadObserver } from '../../worker/index.js';
import { image, MODEL_DIR } from '../helpers/fixtures.js';

const reader = await OnnxPlateReader.create({ modelDir: MODEL_DIR, intraOpThreads: 1 });
t.teardown(() => reader.close());
const picture = await readImageFile(image('plates/we_single_yellow_wanK66666.jpg'));
const CAR: Box = [78, 54, 612, 419]; // yolox-nano's box of the car in this picture
const config = validateConfig(PlatesConfigSchema, { enabled: true }, 'test');

function track(id: number, box: Box, label = 'car', state: Track['state'] = 'confirmed'): Track {
  return { id, label, classId: 2, box, score: 0.9, state, hits: 5, timeSinceUpdate: 0, firstPtsMs: 0, lastPtsMs: 0, velocity: [0, 0] };
}
function frame(ptsMs: number, tracks: Track[]): FrameTracks {
  return { sourceId: 'gate', frameIndex: ptsMs / 200, ptsMs, wallMs: 1_800_000_000_000 + ptsMs, width: picture.width, height: picture.height, tracks };
}
function counting() {
  const seen = { reads: 0, found: 0, dropped: 0, failed: [] as SharpeyeError[] };
  const observer: PlateReadObserver = {
    read: (_c, _s, n) => { seen.reads++; seen.found += n; }, dropped: () => { seen.dropped++; }, failed: (_c, e) => { seen.failed.push(e); },
  };
  return { seen, observer };
}
function heavyAlert(kind: AlertEvent['kind'], trackId: number, ptsMs: number): AlertEvent {
  return {
    kind, frameIndex: ptsMs / 200, ptsMs, wallMs: 1_800_000_000_000 + ptsMs,
    alert: { id: `hv:gate:0:${trackId}`, ruleId: 'hv', type: 'heavy_vehicle', severity: 'warning', camera: 'gate', startedPtsMs: 0, startedWallMs: 1_800_000_000_000, objects: [trackId], labels: ['truck'], details: { dwellSeconds: 0 } },
  };
}

t.test('a final record waits for its track\'s read and carries the plate and its crop', async (t) => {
  const { seen, observer } = counting();
  const plates = new CameraPlates({ camera: 'gate', config, reader, slots: new PlateReadSlots(2), policy: 'block', newTrack: () => newPlateTrack(config), observer });
  const events = new ObjectEventBuilder({ camera: 'gate' });
  const f = frame(0, [track(1, CAR), track(2, [10, 10, 60, 60]), track(3, [100, 100, 400, 400], 'person'), track(4, CAR, 'car', 'tentative')]);
  events.update(f, picture, []);
  await plates.frame(f, picture);
  const out = await plates.annotate({ objects: events.flush(), alerts: [] });
  const car = out.objects.find((o) => o.event.trackId === 1);
  t.equal(car?.event.plate?.text, '皖K66666', 'the car\'s final record, handed on at once, has its plate');
  t.match(car?.event.plate, { colour: 'yellow', layers: 1, kind: 'mainland' });
  t.ok(car?.plateCrop && car.plateCrop.width > car.plateCrop.height, 'the rectified crop rides along (wider than high)');
  t.same(seen, { reads: 1, found: 1, dropped: 0, failed: [] }, 'one read: not the small car, the person or the tentative track');
});

t.test('a live camera drops a read when every slot is busy, and counts it', async (t) => {
  const { seen, observer } = counting();
  const slots = new PlateReadSlots(1);
  const plates = new CameraPlates({ camera: 'gate', config, reader, slots, policy: 'drop-oldest', newTrack: () => newPlateTrack(config), observer });
  await plates.frame(frame(0, [track(1, CAR), track(2, [80, 56, 610, 417])]), picture);
  t.equal(slots.busy, 1, 'one read in flight');
  await plates.idle();
  t.equal(slots.busy, 0, 'its slot is back');
  t.match(seen, { reads: 1, dropped: 1 }, 'the second track\'s read was dropped');
});

t.test('an open heavy_vehicle alert is updated with the plate once known, and ends with it', async (t) => {
  const plates = new CameraPlates({ camera: 'gate', config, reader, slots: new PlateReadSlots(2), policy: 'block', newTrack: () => ({ vote: new PlateVote(), policy: new PlateFramePolicy() }) });
  const f = frame(0, [track(7, CAR, 'truck')]);
  await plates.frame(f, picture);
  const started = await plates.annotate({ objects: [], alerts: [heavyAlert('started', 7, 0)] }, { frameIndex: 0, ptsMs: 0, wallMs: f.wallMs });
  t.equal(started.alerts.length, 1);
  t.equal(started.alerts[0].alert.details.plate, undefined, 'the read is still running when the alert starts');
  await plates.idle();
  const next = await plates.annotate({ objects: [], alerts: [] }, { frameIndex: 1, ptsMs: 200, wallMs: f.wallMs + 200 });
  t.equal(next.alerts.length, 1, 'one extra event');
  t.match(next.alerts[0], { kind: 'updated', ptsMs: 200, alert: { id: 'hv:gate:0:7', details: { dwellSeconds: 0, plate: '皖K66666', plateColour: 'yellow' } } });
  const again = await plates.annotate({ objects: [], alerts: [] }, { frameIndex: 2, ptsMs: 400, wallMs: f.wallMs + 400 });
  t.same(again.alerts, [], 'no repeat while the plate stays the same');
  const ended = await plates.annotate({ objects: [], alerts: [heavyAlert('ended', 7, 600)] });
  t.match(ended.alerts, [{ kind: 'ended', alert: { details: { plate: '皖K66666' } } }]);
});
