// The rules file: the issue's YAML example parses as written, defaults per rule type apply, and
// every problem is an E_CONFIG_INVALID whose message names the source and the path.
import t from 'tap';
import { parseRulesYaml, validateRules } from '../../analytics/index.js';
import { ISSUE_EXAMPLE } from './helpers/issue-example.js';


t.test('the issue example parses as written, with defaults applied', async (t) => {
  const cfg = parseRulesYaml(ISSUE_EXAMPLE, 'cam1.rules.yaml');
  t.equal(cfg.timezone, 'UTC');
  t.same(cfg.zones[0], { id: 'nopark', polygon: [[0.05, 0.6], [0.45, 0.6], [0.45, 0.95], [0.05, 0.95]] });
  t.same(cfg.lines[0], { id: 'L1', points: [[0.5, 0], [0.5, 1]] });
  t.match(cfg.rules[0], { id: 'flow', type: 'line_crossing', line: 'L1', labels: ['car', 'truck', 'bus', 'motorcycle'], severity: 'info', intervalSeconds: 60, crossingMargin: 0.15, alertOn: 'none', anchor: 'bottom_center', cooldownSeconds: 30 });
  t.match(cfg.rules[1], { id: 'park', type: 'illegal_parking', zone: 'nopark', labels: ['car', 'truck'], seconds: 60, severity: 'warning', stationaryTolerance: 0.15 });
  t.ok(Object.isFrozen(cfg.rules[1]), 'frozen');
});

t.test('defaults differ per rule type', async (t) => {
  const cfg = validateRules({
    zones: [{ id: 'z', polygon: [[0, 0], [1, 0], [1, 1]] }],
    rules: [
      { id: 'a', type: 'zone_intrusion', zone: 'z' },
      { id: 'b', type: 'heavy_vehicle' },
      { id: 'c', type: 'congestion', zone: 'z', busy: 3, congested: 6 },
      { id: 'd', type: 'street_occupation', zone: 'z', severity: 'critical' },
    ],
  });
  t.match(cfg.rules[0], { labels: ['person'], seconds: 0, severity: 'warning' });
  t.match(cfg.rules[1], { labels: ['truck', 'bus'], severity: 'warning' });
  t.equal((cfg.rules[1] as { zone?: string }).zone, undefined, 'heavy_vehicle without zone = whole frame');
  t.match(cfg.rules[2], { measure: 'count', windowSeconds: 60, alertLevel: 'congested', labels: ['car', 'truck', 'bus', 'motorcycle'] });
  t.match(cfg.rules[3], { seconds: 300, severity: 'critical' });
});

const zone = { id: 'z', polygon: [[0, 0], [1, 0], [1, 1]] };

t.test('errors name the source and the path', async (t) => {
  const cases: Array<[unknown, RegExp]> = [
    [{ zones: [zone], rules: [{ id: 'a', type: 'zone_intrusion', zone: 'z' }, { id: 'b', type: 'loitering', zone: 'nopak' }] },
      /^cam7\.yaml: rules\[1\]\.zone: rule 'b' references a zone this file does not define; known zones: z$/],
    [{ rules: [{ id: 'f', type: 'line_crossing', line: 'L9' }] }, /rules\[0\]\.line: rule 'f' references a line this file does not define; known lines: \(none\)/],
    [{ zones: [{ id: 'z', polygon: [[0, 0], [1.2, 0], [1, 1]] }] }, /zones\[0\]\.polygon\[1\]\[0\]: .*1\.2/],
    [{ zones: [{ id: 'z', polygon: [[0, 0], [1, 0]] }] }, /zones\[0\]\.polygon: /],
    [{ zones: [{ id: 'z', polygon: [[0, 0], [0.5, 0.5], [1, 1]] }] }, /zones\[0\]\.polygon: zone 'z' has zero area/],
    [{ lines: [{ id: 'l', points: [[0.1, 0.1], [0.1, 0.1]] }] }, /lines\[0\]\.points: line 'l' has two equal points/],
    [{ zones: [zone, { id: 'bowtie', polygon: [[0, 0], [1, 1], [1, 0], [0, 1]] }] }, /^cam7\.yaml: zones\[1\]\.polygon: zone 'bowtie' is self-intersecting: edge 0-1 crosses edge 2-3/],
    [{ zones: [{ id: 'lop', polygon: [[0.1, 0.1], [0.9, 0.6], [0.9, 0.1], [0.1, 0.9]] }] }, /zones\[0\]\.polygon: zone 'lop' is self-intersecting/],
    [{ zones: [{ id: 'rep', polygon: [[0, 0], [0.5, 0.5], [1, 0], [1, 1], [0.5, 0.5], [0, 1]] }] }, /zones\[0\]\.polygon: zone 'rep' repeats a point: vertices 1 and 4/],
    [{ zones: [{ id: 'two', polygon: [[0, 0], [1, 1], [0, 0]] }] }, /zones\[0\]\.polygon: zone 'two' has 2 distinct points/],
    [{ zones: [{ id: 'big', polygon: Array.from({ length: 1001 }, (_, i) => [i / 1001, (i % 2) / 2]) }] }, /zones\[0\]\.polygon: expected array length/],
    ['just a line of text', /^cam7\.yaml: \(document\): rules are a mapping .*got a single value/],
    [[zone], /^cam7\.yaml: \(document\): rules are a mapping .*got a list/],
    [JSON.parse('{"__proto__": {"zones": []}, "zones": []}'), /^cam7\.yaml: __proto__: the key '__proto__' is not allowed/],
    [{ zones: [{ id: 'z', polygon: [[0, 0], [1, 0], [1, 1]], constructor: 1 }] }, /zones\[0\]\.constructor: the key 'constructor' is not allowed/],
    [{ zones: [zone, zone] }, /zones\[1\]\.id: duplicate id 'z' \(also zones\[0\]\)/],
    [{ rules: [{ id: 'x', type: 'teleport' }] }, /rules\[0\]\.type: must be one of "zone_intrusion", .*got a string$/],
    [{ zones: [zone], rules: [{ id: 'c', type: 'crowding', zone: 'z' }] }, /rules\[0\]\.minCount: .*missing/],
    [{ zones: [zone], rules: [{ id: 'c', type: 'crowding', zone: 'z', minCount: 2, secnds: 5 }] }, /rules\[0\]: unknown key 'secnds' \(did you mean 'seconds'\?\)/],
    [{ zones: [zone], rules: [{ id: 'c', type: 'loitering', zone: 'z', seconds: -1 }] }, /rules\[0\]\.seconds: .*got -1/],
    [{ zones: [zone], rules: [{ id: 'c', type: 'loitering', zone: 'z', severity: 'high' }] }, /rules\[0\]\.severity: must be one of "info", "warning", "critical", got a string$/],
    [{ zones: [zone], rules: [{ id: 'c', type: 'loitering', zone: 'z', schedule: [{ from: '8:00', to: '10:00' }] }] }, /rules\[0\]\.schedule\[0\]\.from: /],
    [{ zones: [zone], rules: [{ id: 'c', type: 'loitering', zone: 'z', schedule: [{ days: ['mon', 'funday'], from: '08:00', to: '10:00' }] }] }, /rules\[0\]\.schedule\[0\]\.days\[1\]: must be one of "mon"/],
    [{ timezone: 'Mars/Olympus' }, /timezone: unknown time zone \(use an IANA name/],
    [{ zones: [zone], rules: [{ id: 'g', type: 'congestion', zone: 'z', busy: 8, congested: 4 }] }, /rules\[0\]\.busy: busy \(8\) must not exceed congested \(4\)/],
    [{ zones: [zone], rules: [{ id: 'g', type: 'congestion', zone: 'z', measure: 'occupancy', busy: 0.5, congested: 3 }] }, /rules\[0\]\.congested: occupancy thresholds/],
    [{ zonez: [] }, /^cam7\.yaml: \(document\): unknown key 'zonez' \(did you mean 'zones'\?\)/],
  ];
  for (const [doc, message] of cases) t.throws(() => validateRules(doc, 'cam7.yaml'), { code: 'E_CONFIG_INVALID', message });
});

t.test('several problems are reported at once', async (t) => {
  t.throws(() => validateRules({ zones: [zone], rules: [{ id: 'a', type: 'loitering', zone: 'q' }, { id: 'b', type: 'crowding', zone: 'r', minCount: 1 }] }, 'multi.yaml'),
    { message: /rules\[0\]\.zone: rule 'a' .*; rules\[1\]\.zone: rule 'b' / });
});

t.test('YAML syntax errors name the file and the line', async (t) => {
  t.throws(() => parseRulesYaml('zones:\n  - id: z\n    polygon: [[0, 0], [1, 0]\n', 'broken.yaml'), { code: 'E_CONFIG_INVALID', message: /^broken\.yaml: YAML syntax error at line \d+/ });
  t.throws(() => parseRulesYaml('rules: []\nrules: []\n', 'dup.yaml'), { code: 'E_CONFIG_INVALID', message: /^dup\.yaml: YAML syntax error/ });
  t.same(parseRulesYaml('', 'empty.yaml'), { timezone: 'UTC', zones: [], lines: [], rules: [] }, 'an empty file is no rules');
});
