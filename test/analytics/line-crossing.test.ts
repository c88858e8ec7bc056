// line_crossing on the issue's line L1 (p0 = (0.5, 0) -> p1 = (0.5, 1), drawn downward): its left,
// as seen in the image, is the right half (x > 0.5), so forward = moving right-to-left on screen.
// Covers jitter on the line, going back fully, lost-and-found tracks, segment ends, intervals.
import t from 'tap';
import { RuleEngine, parseRulesYaml, validateRules, type LineCrossingEvent, type RuleOutput } from '../../analytics/index.js';
import type { FrameTracks } from '../../core/index.js';
import { frame, type TrackSpec } from './helpers/synthetic-tracks.js';
import { ISSUE_EXAMPLE } from './helpers/issue-example.js';

const run = (engine: RuleEngine, frames: Iterable<FrameTracks>): RuleOutput[] => [...frames].map((f) => engine.update(f));
const crossings = (outs: RuleOutput[]): LineCrossingEvent[] => outs.flatMap((o) => o.crossings);

/** One car (id 1) whose anchor x follows `xs`, one frame per 100 ms, at y = 0.5. */
function* carPath(xs: number[], opts: { label?: string; id?: number } = {}): Generator<FrameTracks> {
  let pts = 0;
  for (const x of xs) {
    const tracks: TrackSpec[] = Number.isNaN(x) ? [] : [{ id: opts.id ?? 1, label: opts.label ?? 'car', at: [x, 0.5] }];
    yield frame(pts, tracks);
    pts += 100;
  }
}
const ramp = (from: number, to: number, steps: number) => Array.from({ length: steps + 1 }, (_, i) => from + ((to - from) * i) / steps);

t.test('right-to-left on screen is forward, left-to-right is backward (issue example)', async (t) => {
  const engine = new RuleEngine(parseRulesYaml(ISSUE_EXAMPLE, 'example.yaml'));
  const fwd = crossings(run(engine, carPath(ramp(0.8, 0.2, 12))));
  t.equal(fwd.length, 1);
  t.match(fwd[0], { ruleId: 'flow', line: 'L1', camera: 'cam1', trackId: 1, label: 'car', direction: 'forward' });
  t.ok(fwd[0].point[0] < 0.5, 'counted once past the line');
  const engine2 = new RuleEngine(parseRulesYaml(ISSUE_EXAMPLE, 'example.yaml'));
  t.match(crossings(run(engine2, carPath(ramp(0.2, 0.8, 12)))), [{ direction: 'backward' }]);
  t.match(engine.counts(), [{ ruleId: 'flow', line: 'L1', forward: 1, backward: 0, byLabel: { car: { forward: 1, backward: 0 } } }]);
});

t.test('labels filter what is counted; per-label breakdown', async (t) => {
  const engine = new RuleEngine(parseRulesYaml(ISSUE_EXAMPLE, 'example.yaml'));
  const xs = ramp(0.8, 0.2, 12);
  const frames = xs.map((x, i) => frame(i * 100, [
    { id: 1, label: 'car', at: [x, 0.5] }, { id: 2, label: 'bus', at: [x, 0.7] },
    { id: 3, label: 'person', at: [x, 0.9] }, { id: 4, label: 'truck', at: [1 - x, 0.3] },
  ]));
  t.equal(crossings(run(engine, frames)).length, 3, 'the person is not counted');
  t.same(engine.counts()[0].byLabel, { bus: { forward: 1, backward: 0 }, car: { forward: 1, backward: 0 }, truck: { forward: 0, backward: 1 } });
  t.match(engine.counts()[0], { forward: 2, backward: 1 });
});

t.test('jitter on the line counts once (hysteresis)', async (t) => {
  const engine = new RuleEngine(parseRulesYaml(ISSUE_EXAMPLE, 'example.yaml'));
  // Box 40x80 px -> size 56.6 px; margin 0.15 -> 8.5 px = 0.0085 of the 1000 px width.
  const wobble = Array.from({ length: 40 }, (_, i) => 0.5 + (i % 2 ? 0.006 : -0.006));
  const xs = [...ramp(0.8, 0.52, 7), ...wobble, ...ramp(0.49, 0.3, 5), 0.495, 0.505, 0.49, 0.3];
  const out = crossings(run(engine, carPath(xs)));
  t.equal(out.length, 1, 'one crossing for a track that wobbles across the line 40 times');
  t.equal(out[0].direction, 'forward');
});

t.test('without the margin the same wobble would count many times (the test can fail)', async (t) => {
  const cfg = validateRules({ lines: [{ id: 'L1', points: [[0.5, 0], [0.5, 1]] }], rules: [{ id: 'flow', type: 'line_crossing', line: 'L1', crossingMargin: 0 }] });
  const wobble = Array.from({ length: 10 }, (_, i) => 0.5 + (i % 2 ? 0.006 : -0.006));
  t.equal(crossings(run(new RuleEngine(cfg), carPath(wobble))).length, 9);
});

t.test('a track counts again only after going back fully', async (t) => {
  const engine = new RuleEngine(parseRulesYaml(ISSUE_EXAMPLE, 'example.yaml'));
  const xs = [...ramp(0.8, 0.3, 10), ...ramp(0.3, 0.7, 8), ...ramp(0.7, 0.2, 10)];
  t.same(crossings(run(engine, carPath(xs))).map((c) => c.direction), ['forward', 'backward', 'forward']);
  const engine2 = new RuleEngine(parseRulesYaml(ISSUE_EXAMPLE, 'example.yaml'));
  // Goes back only into the margin band (x = 0.505) and forward again: still one crossing.
  t.equal(crossings(run(engine2, carPath([...ramp(0.8, 0.3, 10), 0.505, 0.505, ...ramp(0.45, 0.2, 5)]))).length, 1);
});

t.test('lost and found: a track missing while it crosses is counted once when it reappears', async (t) => {
  const engine = new RuleEngine(parseRulesYaml(ISSUE_EXAMPLE, 'example.yaml'));
  const gap = Array.from({ length: 15 }, () => Number.NaN); // 1.5 s without the track
  const out = crossings(run(engine, carPath([0.9, 0.8, 0.7, ...gap, 0.3, 0.2, 0.1])));
  t.equal(out.length, 1);
  t.match(out[0], { direction: 'forward', ptsMs: 1800 });
  // Predicted boxes while lost (timeSinceUpdate > 0) do not move the track across the line.
  const engine2 = new RuleEngine(parseRulesYaml(ISSUE_EXAMPLE, 'example.yaml'));
  const frames = [0.8, 0.7, 0.3, 0.2].map((x, i) => frame(i * 100, [{ id: 1, label: 'car', at: [x, 0.5], timeSinceUpdate: i >= 2 ? i - 1 : 0, state: i >= 2 ? 'lost' : 'confirmed' }]));
  t.equal(crossings(run(engine2, frames)).length, 0, 'lost predictions are not counted');
});

t.test('a track forgotten (gone longer than forgetAfterMs) is not counted on return', async (t) => {
  const engine = new RuleEngine(parseRulesYaml(ISSUE_EXAMPLE, 'example.yaml'), { forgetAfterMs: 1000 });
  const gap = Array.from({ length: 15 }, () => Number.NaN);
  t.equal(crossings(run(engine, carPath([0.9, 0.8, 0.7, ...gap, 0.3, 0.2, 0.1]))).length, 0);
});

t.test('passing beyond the end of a segment is not a crossing', async (t) => {
  const cfg = validateRules({ lines: [{ id: 'half', points: [[0.5, 0], [0.5, 0.4]] }], rules: [{ id: 'h', type: 'line_crossing', line: 'half' }] });
  const engine = new RuleEngine(cfg);
  t.equal(crossings(run(engine, carPath(ramp(0.8, 0.2, 12)))).length, 0, 'y = 0.5 is below the segment');
});

t.test('counts per interval; intervals close as time moves on and at flush', async (t) => {
  const cfg = validateRules({ lines: [{ id: 'L1', points: [[0.5, 0], [0.5, 1]] }], rules: [{ id: 'flow', type: 'line_crossing', line: 'L1', intervalSeconds: 2 }] });
  const engine = new RuleEngine(cfg);
  const outs: RuleOutput[] = [];
  // Car 1 crosses forward in [0, 2 s), car 2 forward and car 3 backward in [2, 4 s).
  for (let pts = 0; pts < 3500; pts += 100) {
    const x = (start: number, dir: number) => Math.min(0.9, Math.max(0.1, 0.5 + dir * (0.4 - ((pts - start) / 1000) * 0.8)));
    outs.push(engine.update(frame(pts, [
      { id: 1, label: 'car', at: [x(0, 1), 0.2] }, { id: 2, label: 'car', at: [x(2000, 1), 0.5] }, { id: 3, label: 'bus', at: [x(2000, -1), 0.8] },
    ])));
  }
  const closed = outs.flatMap((o) => o.intervals);
  t.equal(closed.length, 1, 'first interval closed at 2 s');
  t.match(closed[0], { ruleId: 'flow', startPtsMs: 0, endPtsMs: 2000, forward: 1, backward: 0, byLabel: { car: { forward: 1, backward: 0 } } });
  t.match(engine.counts()[0].current, { startPtsMs: 2000, forward: 1, backward: 1 });
  const last = engine.flush(3500);
  t.match(last.intervals, [{ startPtsMs: 2000, endPtsMs: 4000, forward: 1, backward: 1, byLabel: { bus: { backward: 1 }, car: { forward: 1 } } }]);
  t.match(engine.counts()[0], { forward: 2, backward: 1, intervals: [{ startPtsMs: 0 }, { startPtsMs: 2000 }] });
});

t.test('alertOn raises one instant alert per crossing, with cooldown per track', async (t) => {
  const cfg = validateRules({ lines: [{ id: 'L1', points: [[0.5, 0], [0.5, 1]] }], rules: [{ id: 'wrongway', type: 'line_crossing', line: 'L1', alertOn: 'backward', cooldownSeconds: 60 }] });
  const engine = new RuleEngine(cfg);
  const xs = [...ramp(0.8, 0.2, 6), ...ramp(0.2, 0.8, 6), ...ramp(0.8, 0.2, 6), ...ramp(0.2, 0.8, 6)];
  const alerts = run(engine, carPath(xs)).flatMap((o) => o.alerts);
  t.same(alerts.map((a) => a.kind), ['started', 'ended'], 'second backward crossing is within the cooldown');
  t.match(alerts[0].alert, { ruleId: 'wrongway', type: 'line_crossing', line: 'L1', objects: [1], details: { direction: 'backward' }, severity: 'info' });
  t.equal(alerts[1].alert.endedPtsMs, alerts[0].alert.startedPtsMs);
  t.equal(engine.counts()[0].backward, 2, 'counting goes on during the cooldown');
});
