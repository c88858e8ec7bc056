// illegal_parking and street_occupation: time stationary in a zone. Stationary = the anchor stays
// within stationaryTolerance x box size of where it stopped; one jittery box does not restart it.
import t from 'tap';
import { RuleEngine, parseRulesYaml, validateRules } from '../../analytics/index.js';
import type { AlertEvent } from '../../core/index.js';
import { frame, type TrackSpec } from './helpers/synthetic-tracks.js';
import { ISSUE_EXAMPLE } from './helpers/issue-example.js';

function drive(engine: RuleEngine, toMs: number, at: (pts: number) => TrackSpec[], stepMs = 200): AlertEvent[] {
  const events: AlertEvent[] = [];
  for (let pts = 0; pts <= toMs; pts += stepMs) events.push(...engine.update(frame(pts, at(pts))).alerts);
  return events;
}
const kinds = (es: AlertEvent[]) => es.map((e) => `${e.kind}@${e.ptsMs}`);
// Car box 120 x 60 px: size 84.9 px; tolerance 0.15 -> 12.7 px.
const car = (id: number, at: [number, number], label = 'car'): TrackSpec => ({ id, label, at, size: [120, 60] });

t.test('illegal parking (issue example): drives in, stops, alert after 60 s stationary, ends when it leaves', async (t) => {
  const engine = new RuleEngine(parseRulesYaml(ISSUE_EXAMPLE, 'example.yaml'));
  // Drives from x = 0.9 to 0.25 in 5 s along y = 0.8 (into `nopark`), parks until 100 s, leaves.
  const x = (pts: number) => (pts < 5000 ? 0.9 - (0.65 * pts) / 5000 : pts < 100000 ? 0.25 : Math.max(0, 0.25 - (pts - 100000) / 10000));
  // Detector jitter of +-2 px on the parked box.
  const events = drive(engine, 110000, (pts) => [car(1, [x(pts) + ((pts / 200) % 2 ? 0.002 : -0.002), 0.8])]);
  t.same(events.map((e) => e.kind), ['started', 'ended']);
  t.ok(events[0].ptsMs >= 65000 && events[0].ptsMs <= 65400, `started ~60 s after stopping (at ${events[0].ptsMs})`);
  t.match(events[0].alert, { ruleId: 'park', type: 'illegal_parking', zone: 'nopark', objects: [1], labels: ['car'], severity: 'warning' });
  t.ok(events[1].alert.endedPtsMs! > 100000 && events[1].alert.endedPtsMs! < 102000, 'ended soon after it drives off');
  t.ok(events[1].alert.details.dwellSeconds as number >= 94, 'dwellSeconds at the end');
});

t.test('one outlier box does not restart the timer; a real move does', async (t) => {
  const engine = new RuleEngine(parseRulesYaml(ISSUE_EXAMPLE, 'example.yaml'));
  const outlier = drive(engine, 61000, (pts) => [car(1, [pts === 30000 ? 0.35 : 0.25, 0.8])]);
  t.same(kinds(outlier), ['started@60000']);
  const moved = new RuleEngine(parseRulesYaml(ISSUE_EXAMPLE, 'example.yaml'));
  // Repositions at 30 s (two observations away, then stays at the new place).
  const ev = drive(moved, 100000, (pts) => [car(1, [pts < 30000 ? 0.25 : 0.35, 0.8])]);
  t.same(kinds(ev), ['started@90000'], 'timer restarted from the move at 30 s');
});

t.test('slow traffic crawling through the zone is not parking; other labels are ignored', async (t) => {
  const engine = new RuleEngine(parseRulesYaml(ISSUE_EXAMPLE, 'example.yaml'));
  // Crawls 0.05 -> 0.45 over 120 s: 3.3 px/s, i.e. past the 12.7 px tolerance every ~4 s.
  t.same(drive(engine, 120000, (pts) => [car(1, [0.05 + (0.4 * pts) / 120000, 0.8]), car(2, [0.3, 0.8], 'person'), car(3, [0.3, 0.7], 'bus')]), []);
});

t.test('a car parked outside the zone, or in it for less than seconds, raises nothing', async (t) => {
  const engine = new RuleEngine(parseRulesYaml(ISSUE_EXAMPLE, 'example.yaml'));
  t.same(drive(engine, 70000, () => [car(1, [0.7, 0.8])]), []);
  const brief = new RuleEngine(parseRulesYaml(ISSUE_EXAMPLE, 'example.yaml'));
  t.same(drive(brief, 59800, () => [car(1, [0.3, 0.8])]), []);
});

t.test('street occupation: a stall (person stationary) longer than seconds', async (t) => {
  const cfg = validateRules({
    zones: [{ id: 'sidewalk', polygon: [[0, 0.5], [1, 0.5], [1, 1], [0, 1]] }],
    rules: [{ id: 'vend', type: 'street_occupation', zone: 'sidewalk', labels: ['person', 'umbrella'], seconds: 120 }],
  });
  const engine = new RuleEngine(cfg);
  const events = drive(engine, 200000, (pts) => [
    { id: 1, label: 'person', at: [0.3, 0.7] },
    { id: 2, label: 'person', at: [((pts / 1000) * 0.004) % 1, 0.8] }, // a passer-by walking along
  ], 1000);
  t.same(kinds(events), ['started@120000']);
  t.match(events[0].alert, { type: 'street_occupation', severity: 'info', objects: [1], details: { dwellSeconds: 120 } });
});
