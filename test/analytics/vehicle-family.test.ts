// Kind 3 of issue 9: large vehicles vanished or changed class (a school bus labelled car, truck,
// bus and train from frame to frame; a lorry labelled car). Vehicle classes are one family for
// tracking and for rules that mean "vehicles"; the object event carries the majority label; and
// heavy_vehicle counts a vehicle by its size (box against the typical car at the same image row,
// or ground length with a calibration) even when it is labelled car.
import t from 'tap';
import type { AlertEvent, Box, Detection, FrameDetections, FrameTracks, Track } from '../../core/index.js';
import { HEAVY_BOX_AREA_RATIO, RuleEngine, validateRules } from '../../analytics/index.js';
import { ObjectAnalytics } from '../../worker/index.js';
import { H, MONDAY_UTC, W } from './helpers/synthetic-tracks.js';

const CLASS: Record<string, number> = { car: 2, bus: 5, train: 6, truck: 7 };
const vehicle = (label: string, score: number, box: Box): Detection => ({ label, classId: CLASS[label], score, box });

t.test('a bus labelled car/truck/bus/train frame to frame is one object, reported as bus, counted once', async (t) => {
  const rules = validateRules({
    lines: [{ id: 'mid', points: [[0.5, 0], [0.5, 1]] }],
    rules: [{ id: 'flow', type: 'line_crossing', line: 'mid', labels: ['car', 'truck', 'bus', 'motorcycle'] }],
  });
  const a = new ObjectAnalytics({ camera: 'cam', rules, snapshots: false });
  // Turning into the street, 5 fps; the detector's label cycles, bus the most often and the strongest.
  const labels = ['bus', 'train', 'bus', 'truck', 'bus', 'car', 'train', 'bus', 'bus', 'truck', 'train', 'bus', 'car', 'bus', 'train', 'bus', 'bus', 'truck', 'bus', 'train'];
  const finals = [];
  const crossings = [];
  const ids = new Set<number>();
  for (let i = 0; i < 30; i++) {
    const x = 750 - i * 20;
    const dets = i < labels.length ? [vehicle(labels[i], labels[i] === 'bus' ? 0.8 : 0.6, [x - 150, 250, x + 150, 400])] : [];
    const fd: FrameDetections = { sourceId: 'cam', frameIndex: i, ptsMs: i * 200, width: W, height: H, detections: dets, latencyMs: 0 };
    const out = a.process(fd, MONDAY_UTC + i * 200);
    out.frame.tracks.forEach((tr) => ids.add(tr.id));
    finals.push(...out.objects.filter((o) => o.event.final).map((o) => o.event));
    crossings.push(...out.crossings);
  }
  finals.push(...a.flush().objects.map((o) => o.event));
  t.same([...ids], [1], 'one track throughout (train is in the vehicle family)');
  t.equal(finals.length, 1, 'one object');
  t.equal(finals[0].label, 'bus', 'the majority label');
  t.equal(crossings.length, 1, 'counted once');
});

t.test('a rule that names the vehicles accepts the whole family; a narrower list does not', async (t) => {
  const lines = [{ id: 'mid', points: [[0.5, 0], [0.5, 1]] }];
  const trainTrack = (x: number, pts: number): FrameTracks => frameOf(pts, [track(1, 'train', [x * W - 150, 250, x * W + 150, 400])]);
  for (const [labels, expected] of [[['car', 'truck', 'bus', 'motorcycle'], 1], [['vehicle'], 1], [['car'], 0], [['truck', 'bus'], 0]] as const) {
    const engine = new RuleEngine(validateRules({ lines, rules: [{ id: 'flow', type: 'line_crossing', line: 'mid', labels: [...labels] }] }));
    let n = 0;
    for (let i = 0; i < 10; i++) n += engine.update(trainTrack(0.8 - i * 0.06, i * 200)).crossings.length;
    t.equal(n, expected, `labels ${labels.join(',')}: ${expected} crossing of a track labelled train`);
  }
});

function track(id: number, label: string, box: Box): Track {
  return { id, label, classId: CLASS[label] ?? 0, box, score: 0.8, state: 'confirmed', hits: 10, timeSinceUpdate: 0, firstPtsMs: 0, lastPtsMs: 0, velocity: [0, 0] };
}
function frameOf(ptsMs: number, tracks: Track[]): FrameTracks {
  return { sourceId: 'cam', frameIndex: ptsMs / 200, ptsMs, wallMs: MONDAY_UTC + ptsMs, width: W, height: H, tracks };
}

const HEAVY = validateRules({ rules: [{ id: 'heavy', type: 'heavy_vehicle', seconds: 0, clearSeconds: 0 }] });

/** Cars in two lanes at one distance (bottom edge y = 400): 80x50 px boxes, plus `extra` tracks. */
function street(engine: RuleEngine, frames: number, extra: (i: number) => Track[]): AlertEvent[] {
  const out: AlertEvent[] = [];
  for (let i = 0; i < frames; i++) {
    const cars = [track(1, 'car', [100 + i * 5, 350, 180 + i * 5, 400]), track(2, 'car', [600 - i * 5, 352, 682 - i * 5, 401])];
    out.push(...engine.update(frameOf(i * 200, [...cars, ...extra(i)])).alerts);
  }
  return out;
}

t.test('heavy_vehicle: a bus-sized vehicle labelled car counts by size; cars and vans do not', async (t) => {
  const engine = new RuleEngine(HEAVY);
  // A lorry labelled car (300x110 px: 8x a car box) and a van labelled car (100x70 px: 1.75x).
  const alerts = street(engine, 20, () => [track(7, 'car', [300, 290, 600, 400]), track(8, 'car', [750, 331, 850, 401])]);
  const started = alerts.filter((e) => e.kind === 'started');
  t.same(started.map((e) => e.alert.objects[0]), [7], 'only the lorry');
  t.match(started[0].alert, { ruleId: 'heavy', labels: ['car'], details: { bySize: true } });
  t.ok(started[0].ptsMs > 0, `decided once the row has a typical car size (${started[0].ptsMs} ms), not on the first frame`);
  t.ok(HEAVY_BOX_AREA_RATIO > 1.75 && HEAVY_BOX_AREA_RATIO < 8);
  // Far away (higher in the picture) the same pixel size is a car's size there: no alert.
  const far = new RuleEngine(HEAVY);
  const farAlerts = street(far, 20, (i) => [track(9, 'car', [300 + i, 60, 335 + i, 80]), ...Array.from({ length: 3 }, (_, k) => track(20 + k, 'car', [400 + 60 * k, 61, 434 + 60 * k, 81]))]);
  t.same(farAlerts, [], 'distant cars are compared with distant cars');
});

t.test('heavy_vehicle with a calibration: a vehicle whose bottom edge is 7.5 m or more on the ground is heavy', async (t) => {
  // Top-down calibration: the frame is 100 m wide, 50 m deep (10 px per metre).
  const calibration = [
    { image: [0, 0], ground: [0, 50] }, { image: [1, 0], ground: [100, 50] }, { image: [1, 1], ground: [100, 0] }, { image: [0, 1], ground: [0, 0] },
  ].map((p) => ({ image: p.image as [number, number], ground: p.ground as [number, number] }));
  const engine = new RuleEngine(HEAVY, { calibration });
  const alerts: AlertEvent[] = [];
  // No car to compare with: a 12 m long vehicle seen side-on and a 4.5 m car, both labelled car.
  for (let i = 0; i < 10; i++) alerts.push(...engine.update(frameOf(i * 200, [track(1, 'car', [100, 200, 220, 230]), track(2, 'car', [400, 300, 445, 320])])).alerts);
  t.same(alerts.filter((e) => e.kind === 'started').map((e) => e.alert.objects[0]), [1], 'the 12 m vehicle only');
});

t.test('heavy_vehicle: a car-sized vehicle labelled bus is not heavy, and label flicker decides nothing', async (t) => {
  const engine = new RuleEngine(HEAVY);
  // An SUV the detector calls bus (same size as the cars around it) arriving once the street's
  // cars have shown the typical car size, and a car called truck on its first two frames.
  const alerts = street(engine, 25, (i) => [...(i >= 5 ? [track(5, 'bus', [300, 350, 382, 400])] : []), track(6, i < 2 ? 'truck' : 'car', [700, 352, 780, 402])]);
  t.same(alerts, [], 'no heavy alert');
  // Without any car to compare with, the label decides, after HEAVY_MIN_SIGHTINGS sightings.
  const alone = new RuleEngine(HEAVY);
  const out: AlertEvent[] = [];
  for (let i = 0; i < 8; i++) out.push(...alone.update(frameOf(i * 200, [track(3, 'bus', [300, 200, 600, 400])])).alerts);
  t.same(out.map((e) => [e.kind, e.ptsMs]), [['started', 800]], 'a bus alone is heavy by its label from its fifth sighting');
});
