// Per-object zone rules: zone_intrusion, loitering, heavy_vehicle. Alert shape, a zone touched
// only at its edge, flicker absorbed by clearSeconds, cooldown, lost-and-found, schedules.
import t from 'tap';
import { RuleEngine, validateRules, type RulesConfig } from '../../analytics/index.js';
import type { AlertEvent } from '../../core/index.js';
import { MONDAY_UTC, frame, type TrackSpec } from './helpers/synthetic-tracks.js';

const ZONE = { id: 'yard', polygon: [[0.2, 0.4], [0.6, 0.4], [0.6, 0.8], [0.2, 0.8]] };
const rules = (...r: object[]): RulesConfig => validateRules({ zones: [ZONE], rules: r }, 'test');
const IN: [number, number] = [0.4, 0.6], OUT: [number, number] = [0.8, 0.6];

/** Feeds frames every `stepMs` over [0, toMs] with tracks from `at(pts)`; returns all alert events. */
function drive(engine: RuleEngine, toMs: number, at: (pts: number) => TrackSpec[], stepMs = 100, wallStartMs = MONDAY_UTC): AlertEvent[] {
  const events: AlertEvent[] = [];
  for (let pts = 0; pts <= toMs; pts += stepMs) events.push(...engine.update(frame(pts, at(pts), { wallStartMs })).alerts);
  return events;
}
const kinds = (es: AlertEvent[]) => es.map((e) => `${e.kind}@${e.ptsMs}`);

t.test('intrusion: alert shape, start on entry, end when it clears', async (t) => {
  const engine = new RuleEngine(rules({ id: 'intr', type: 'zone_intrusion', zone: 'yard', clearSeconds: 1 }));
  const events = drive(engine, 5000, (pts) => [{ id: 7, at: pts >= 1000 && pts < 3000 ? IN : OUT }, { id: 8, label: 'car', at: IN }]);
  t.same(kinds(events), ['started@1000', 'ended@4000'], 'the car is not a person; end after 1 s clear');
  const a = events[1].alert;
  t.same(a, {
    id: 'intr:cam1:1000:7', ruleId: 'intr', type: 'zone_intrusion', severity: 'warning', camera: 'cam1',
    startedPtsMs: 1000, startedWallMs: MONDAY_UTC + 1000, endedPtsMs: 3000, endedWallMs: MONDAY_UTC + 3000,
    objects: [7], labels: ['person'], zone: 'yard', details: { dwellSeconds: 1.9 },
  });
  t.same(engine.openAlerts(), []);
});

t.test('a zone touched only at its edge: the boundary is inside, a box overlapping it is not', async (t) => {
  const engine = new RuleEngine(rules({ id: 'intr', type: 'zone_intrusion', zone: 'yard' }));
  // Anchor exactly on the right edge x = 0.6 (600 px of 1000).
  t.same(kinds(drive(engine, 300, () => [{ id: 1, at: [0.6, 0.6] }])), ['started@0']);
  const engine2 = new RuleEngine(rules({ id: 'intr', type: 'zone_intrusion', zone: 'yard' }));
  // Box 40 px wide whose anchor is 1 px right of the edge: half the box is over the zone.
  t.same(drive(engine2, 300, () => [{ id: 1, at: [0.601, 0.6] }]), [], 'only the anchor counts');
  const engine3 = new RuleEngine(rules({ id: 'intr', type: 'zone_intrusion', zone: 'yard', anchor: 'center' }));
  // Anchor at the top edge y = 0.4 with the centre anchor: box centre is 40 px above -> outside.
  t.same(drive(engine3, 300, () => [{ id: 1, at: [0.4, 0.4] }]), [], 'anchor: center uses the box centre');
});

t.test('flicker on the edge shorter than clearSeconds keeps one alert', async (t) => {
  const engine = new RuleEngine(rules({ id: 'intr', type: 'zone_intrusion', zone: 'yard', clearSeconds: 1 }));
  const events = drive(engine, 6000, (pts) => [{ id: 1, at: pts < 4000 ? (Math.floor(pts / 100) % 3 === 0 ? [0.6005, 0.6] : [0.5995, 0.6]) : OUT }]);
  // The last flicker outside (pts 3900, 3900 / 100 divisible by 3) starts the clear: ended 1 s later.
  t.same(kinds(events), ['started@100', 'ended@4900']);
  t.equal(events[1].alert.endedPtsMs, 3900);
  const engine2 = new RuleEngine(rules({ id: 'intr', type: 'zone_intrusion', zone: 'yard', clearSeconds: 0, cooldownSeconds: 0 }));
  const events2 = drive(engine2, 1000, (pts) => [{ id: 1, at: Math.floor(pts / 100) % 3 === 0 ? [0.6005, 0.6] : [0.5995, 0.6] }]);
  t.ok(events2.filter((e) => e.kind === 'started').length > 1, 'with clearSeconds 0 and no cooldown it would split');
});

t.test('cooldown: a new alert for the same object waits cooldownSeconds after the end', async (t) => {
  const engine = new RuleEngine(rules({ id: 'intr', type: 'zone_intrusion', zone: 'yard', clearSeconds: 0, cooldownSeconds: 10 }));
  // In [0, 1 s), out [1, 2 s), in again from 2 s on: the end is at 1 s, cooldown until 11 s.
  const events = drive(engine, 15000, (pts) => [{ id: 3, at: pts < 1000 || pts >= 2000 ? IN : OUT }, { id: 4, at: pts >= 3000 ? IN : OUT }]);
  t.same(kinds(events), ['started@0', 'ended@1000', 'started@3000', 'started@11000']);
  t.same(events.map((e) => e.alert.objects[0]), [3, 3, 4, 3], 'cooldown is per object: 4 is not held back by 3');
  t.equal(events[3].alert.id, 'intr:cam1:11000:3');
  const edge = new RuleEngine(rules({ id: 'intr', type: 'zone_intrusion', zone: 'yard', clearSeconds: 0, cooldownSeconds: 10 }));
  const ev = drive(edge, 12000, (pts) => [{ id: 3, at: pts < 1000 || pts >= 2000 ? IN : OUT }], 100);
  t.equal(ev[2].ptsMs, 11000, 'the cooldown ends exactly at end + cooldownSeconds (inclusive)');
});

t.test('loitering: dwell longer than seconds; lost-and-found keeps the timer; vanished ends it', async (t) => {
  const engine = new RuleEngine(rules({ id: 'loit', type: 'loitering', zone: 'yard', seconds: 30 }), { forgetAfterMs: 5000 });
  // In the zone from 0; missing from the frames in [10 s, 13 s); gone for good from 40 s.
  const events = drive(engine, 50000, (pts) => (pts >= 10000 && pts < 13000) || pts >= 40000 ? [] : [{ id: 5, at: IN }]);
  t.same(kinds(events), ['started@30000', 'ended@45000'], 'not reset by the gap; ended once forgotten');
  t.equal(events[1].alert.endedPtsMs, 39900, 'ended as of when it was last seen');
  t.match(events[0].alert.details, { dwellSeconds: 30 });
  t.match(events[1].alert.details, { dwellSeconds: 39.9 });
  const short = new RuleEngine(rules({ id: 'loit', type: 'loitering', zone: 'yard', seconds: 30 }));
  t.same(drive(short, 29900, () => [{ id: 5, at: IN }]), [], '29.9 s is not enough');
});

t.test('lost (predicted) boxes and tentative tracks do not trigger rules', async (t) => {
  const engine = new RuleEngine(rules({ id: 'intr', type: 'zone_intrusion', zone: 'yard' }));
  t.same(drive(engine, 1000, () => [{ id: 1, at: IN, state: 'tentative' }, { id: 2, at: IN, state: 'lost', timeSinceUpdate: 3 }]), []);
  const eager = new RuleEngine(rules({ id: 'intr', type: 'zone_intrusion', zone: 'yard' }), { includeTentative: true });
  t.same(kinds(drive(eager, 0, () => [{ id: 1, at: IN, state: 'tentative' }])), ['started@0']);
});

t.test('heavy_vehicle: trucks and buses, whole frame without a zone, within a schedule', async (t) => {
  const engine = new RuleEngine(rules({ id: 'hv', type: 'heavy_vehicle', schedule: [{ days: ['mon'], from: '00:00', to: '00:00' }], clearSeconds: 0 }));
  // Monday 00:00:00 UTC is the first frame; the window is all of Monday.
  const events = drive(engine, 2000, (pts) => [{ id: 1, label: 'truck', at: [0.9, 0.1] }, { id: 2, label: 'car', at: [0.5, 0.5] }, ...(pts >= 1000 ? [{ id: 3, label: 'bus', at: [0.1, 0.9] } as TrackSpec] : [])]);
  t.same(events.map((e) => `${e.kind}:${e.alert.objects[0]}:${e.alert.labels[0]}`), ['started:1:truck', 'started:3:bus']);
  const sunday = new RuleEngine(rules({ id: 'hv', type: 'heavy_vehicle', zone: 'yard', schedule: [{ days: ['mon'], from: '08:00', to: '09:00' }] }));
  t.same(drive(sunday, 1000, () => [{ id: 1, label: 'truck', at: IN }]), [], 'Monday 00:00 is outside 08:00-09:00');
});

t.test('schedule boundaries end and start alerts (UTC offset zone)', async (t) => {
  // Window 08:00-08:01 at +01:00 = 07:00-07:01 UTC. Start the stream at 06:59:58 UTC.
  const cfg = validateRules({ timezone: '+01:00', zones: [ZONE], rules: [{ id: 'intr', type: 'zone_intrusion', zone: 'yard', clearSeconds: 0, schedule: [{ from: '08:00', to: '08:01' }] }] });
  const engine = new RuleEngine(cfg);
  const start = MONDAY_UTC + 7 * 3600_000 - 2000;
  const events = drive(engine, 64000, () => [{ id: 1, at: IN }], 500, start);
  t.same(kinds(events), ['started@2000', 'ended@62000'], 'from inclusive at 08:00:00, to exclusive at 08:01:00');
  t.equal(events[0].wallMs, MONDAY_UTC + 7 * 3600_000);
});
