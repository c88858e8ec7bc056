// Counting rules: crowding (persons in a zone >= N) and congestion (vehicle count or occupancy
// averaged over a window -> free / busy / congested). One alert per zone situation.
import t from 'tap';
import { RuleEngine, validateRules } from '../../analytics/index.js';
import type { AlertEvent } from '../../core/index.js';
import { frame, type TrackSpec } from './helpers/synthetic-tracks.js';

const SQUARE = { id: 'plaza', polygon: [[0.1, 0.1], [0.9, 0.1], [0.9, 0.9], [0.1, 0.9]] };
const people = (n: number, from = 1): TrackSpec[] => Array.from({ length: n }, (_, i) => ({ id: from + i, at: [0.2 + i * 0.05, 0.5] as [number, number] }));

function drive(engine: RuleEngine, toMs: number, at: (pts: number) => TrackSpec[], stepMs = 500): AlertEvent[] {
  const events: AlertEvent[] = [];
  for (let pts = 0; pts <= toMs; pts += stepMs) events.push(...engine.update(frame(pts, at(pts))).alerts);
  return events;
}
const kinds = (es: AlertEvent[]) => es.map((e) => `${e.kind}@${e.ptsMs}`);

t.test('crowding: starts at minCount, updates with the count, ends below it', async (t) => {
  const cfg = validateRules({ zones: [SQUARE], rules: [{ id: 'crowd', type: 'crowding', zone: 'plaza', minCount: 3, clearSeconds: 1 }] });
  const engine = new RuleEngine(cfg);
  const n = (pts: number) => (pts < 2000 ? 2 : pts < 4000 ? 3 : pts < 6000 ? 5 : 2);
  const events = drive(engine, 9000, (pts) => [...people(n(pts)), { id: 99, label: 'car', at: [0.5, 0.5] }, { id: 98, at: [0.95, 0.5] }]);
  t.same(kinds(events), ['started@2000', 'updated@4000', 'ended@7000']);
  t.match(events[0].alert, { id: 'crowd:cam1:2000:1+2+3', type: 'crowding', zone: 'plaza', objects: [1, 2, 3], labels: ['person'], details: { count: 3, minCount: 3 } });
  t.match(events[1].alert, { objects: [1, 2, 3, 4, 5], details: { count: 5, maxCount: 5 } });
  t.match(events[2].alert, { endedPtsMs: 6000, details: { maxCount: 5 } });
});

t.test('crowding with seconds: the count must hold', async (t) => {
  const cfg = validateRules({ zones: [SQUARE], rules: [{ id: 'crowd', type: 'crowding', zone: 'plaza', minCount: 3, seconds: 5 }] });
  t.same(kinds(drive(new RuleEngine(cfg), 8000, (pts) => people(pts >= 1000 ? 3 : 0))), ['started@6000']);
  t.same(drive(new RuleEngine(cfg), 8000, (pts) => people(pts >= 1000 && pts < 5000 ? 3 : 0)), [], '4 s is not enough');
});

t.test('congestion by count: levels over a window, alert at congested, updated on level change', async (t) => {
  const cfg = validateRules({ zones: [SQUARE], rules: [{ id: 'jam', type: 'congestion', zone: 'plaza', busy: 3, congested: 6, windowSeconds: 10, alertLevel: 'busy' }] });
  const engine = new RuleEngine(cfg);
  const cars = (n: number): TrackSpec[] => Array.from({ length: n }, (_, i) => ({ id: i + 1, label: i % 4 === 3 ? 'truck' : 'car', at: [0.15 + i * 0.07, 0.6] as [number, number] }));
  const levels: string[] = [];
  const events: AlertEvent[] = [];
  // 2 cars for 20 s, then 8 cars: the 10 s mean climbs 2 -> 8 and crosses 3 (busy) then 6 (congested).
  for (let pts = 0; pts <= 40000; pts += 1000) {
    events.push(...engine.update(frame(pts, cars(pts < 20000 ? 2 : 8))).alerts);
    levels.push(engine.congestion()[0].level);
  }
  t.equal(levels[19], 'free');
  t.equal(levels[20], 'free', 'window (10 s, 20 s]: (9 x 2 + 8) / 10 = 2.6');
  t.equal(levels[21], 'busy', 'window (11 s, 21 s]: (8 x 2 + 2 x 8) / 10 = 3.2');
  t.equal(levels[25], 'busy', '(4 x 2 + 6 x 8) / 10 = 5.6');
  t.equal(levels[26], 'congested', '(3 x 2 + 7 x 8) / 10 = 6.2');
  t.same(kinds(events).slice(0, 2), ['started@21000', 'updated@26000']);
  t.match(events[1].alert.details, { level: 'congested', measure: 'count', busy: 3, congested: 6 });
  t.match(engine.congestion(), [{ ruleId: 'jam', zone: 'plaza', measure: 'count', level: 'congested', value: 8, current: 8 }]);
  t.equal(events[0].alert.objects.length, 8);
});

t.test('congestion by occupancy: fraction of the zone area covered by boxes', async (t) => {
  const cfg = validateRules({ zones: [{ id: 'lane', polygon: [[0, 0.5], [0.5, 0.5], [0.5, 1], [0, 1]] }], rules: [{ id: 'occ', type: 'congestion', zone: 'lane', measure: 'occupancy', busy: 0.2, congested: 0.35, windowSeconds: 0 }] });
  const engine = new RuleEngine(cfg);
  // Zone = 500 x 250 px = 125000 px2. A 250 x 125 px bus inside covers 0.25; a car of the same size
  // straddling the zone's right edge covers half its box, 0.125.
  engine.update(frame(0, [{ id: 1, label: 'bus', at: [0.25, 0.9], size: [250, 125] }]));
  t.match(engine.congestion()[0], { level: 'busy', value: 0.25 });
  engine.update(frame(100, [{ id: 1, label: 'bus', at: [0.25, 0.9], size: [250, 125] }, { id: 2, label: 'car', at: [0.5, 0.9], size: [250, 125] }]));
  t.match(engine.congestion()[0], { level: 'congested', value: 0.375 });
});
