// RuleEngine as a whole: all rule types side by side, flush at end of stream, a stream restart
// (pts going back), deterministic replays, options, and cameras on alerts.
import t from 'tap';
import { RuleEngine, parseRulesYaml, type RuleOutput } from '../../analytics/index.js';
import type { FrameTracks } from '../../core/index.js';
import { frame, type TrackSpec } from './helpers/synthetic-tracks.js';
import { ISSUE_EXAMPLE } from './helpers/issue-example.js';

const ALL_TYPES = `${ISSUE_EXAMPLE}  - { id: intr, type: zone_intrusion, zone: nopark }
  - { id: loit, type: loitering, zone: nopark, seconds: 20 }
  - { id: vend, type: street_occupation, zone: nopark, seconds: 30 }
  - { id: crowd, type: crowding, zone: nopark, minCount: 2 }
  - { id: jam, type: congestion, zone: nopark, busy: 1, congested: 2, windowSeconds: 5 }
  - { id: hv, type: heavy_vehicle, zone: nopark }
`;

function scene(pts: number): TrackSpec[] {
  const carX = pts < 5000 ? 0.9 - (0.6 * pts) / 5000 : 0.3;
  return [
    { id: 1, label: 'car', at: [carX, 0.8], size: [120, 60] },
    { id: 2, label: 'person', at: [0.2, 0.9] },
    { id: 3, label: 'person', at: [0.25, 0.9] },
    ...(pts >= 10000 ? [{ id: 4, label: 'truck', at: [0.4, 0.7] as [number, number], size: [160, 90] as [number, number] }] : []),
  ];
}

const feed = (engine: RuleEngine, frames: FrameTracks[]): RuleOutput[] => frames.map((f) => engine.update(f));
const sceneFrames = (toMs: number) => Array.from({ length: toMs / 500 + 1 }, (_, i) => frame(i * 500, scene(i * 500)));

t.test('every rule type runs side by side; flush ends what is open', async (t) => {
  const engine = new RuleEngine(parseRulesYaml(ALL_TYPES, 'all.yaml'));
  const outs = feed(engine, sceneFrames(80000));
  const started = outs.flatMap((o) => o.alerts).filter((e) => e.kind === 'started').map((e) => `${e.alert.ruleId}:${e.alert.objects.join('+')}`);
  t.same(started.sort(), ['crowd:2+3', 'hv:4', 'intr:2', 'intr:3', 'jam:1+4', 'loit:2', 'loit:3', 'park:1', 'park:4', 'vend:2', 'vend:3'].sort());
  t.match(outs.flatMap((o) => o.crossings), [{ ruleId: 'flow', trackId: 1, direction: 'forward' }]);
  t.equal(engine.openAlerts().length, 11);
  const end = engine.flush(80500);
  t.equal(end.alerts.length, 11);
  t.ok(end.alerts.every((e) => e.kind === 'ended' && e.alert.endedPtsMs === 80500 && e.alert.endedWallMs === e.wallMs));
  t.same(engine.openAlerts(), []);
  t.same(engine.flush(90000).alerts, [], 'flush twice is harmless');
});

t.test('replays are deterministic (alert ids included)', async (t) => {
  const a = feed(new RuleEngine(parseRulesYaml(ALL_TYPES, 'all.yaml')), sceneFrames(40000));
  const b = feed(new RuleEngine(parseRulesYaml(ALL_TYPES, 'all.yaml')), sceneFrames(40000));
  t.same(a, b);
  t.ok(a.flatMap((o) => o.alerts).some((e) => e.alert.id.startsWith('intr:cam1:0:2')));
});

t.test('a stream restart (pts going back) ends open alerts and starts over', async (t) => {
  const engine = new RuleEngine(parseRulesYaml(ALL_TYPES, 'all.yaml'));
  feed(engine, sceneFrames(3000));
  const open = engine.openAlerts().length;
  t.ok(open > 0);
  const out = engine.update(frame(0, scene(0)));
  t.equal(out.alerts.filter((e) => e.kind === 'ended').length, open, 'all ended at the restart');
  t.ok(out.alerts.filter((e) => e.kind === 'ended').every((e) => e.alert.endedPtsMs === 3000));
  t.ok(out.alerts.some((e) => e.kind === 'started'), 'and the new stream raises its own');
});

t.test('camera option, and bad options', async (t) => {
  const engine = new RuleEngine(parseRulesYaml(ALL_TYPES, 'all.yaml'), { camera: 'gate-1' });
  const out = engine.update(frame(0, scene(0), { sourceId: '/tmp/file.mp4' }));
  t.ok(out.alerts.length > 0 && out.alerts.every((e) => e.alert.camera === 'gate-1' && e.alert.id.includes(':gate-1:')));
  t.throws(() => new RuleEngine(parseRulesYaml(ALL_TYPES, 'all.yaml'), { forgetAfterMs: -1 }), { code: 'E_CONFIG_INVALID', message: /forgetAfterMs/ });
  t.throws(() => new RuleEngine(parseRulesYaml(ALL_TYPES, 'all.yaml'), { maxIntervals: 0 }), { code: 'E_CONFIG_INVALID', message: /maxIntervals/ });
});

t.test('events are frozen snapshots', async (t) => {
  const engine = new RuleEngine(parseRulesYaml(ALL_TYPES, 'all.yaml'));
  const e = engine.update(frame(0, scene(0))).alerts[0];
  t.ok(Object.isFrozen(e) && Object.isFrozen(e.alert) && Object.isFrozen(e.alert.objects));
});
