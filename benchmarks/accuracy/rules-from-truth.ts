// The rules file the accuracy benchmark runs a clip with, made from its truth: one line_crossing
// rule per counting line (the truth's labels), one illegal_parking rule per parking zone (vehicles,
// the truth's `seconds`) and one heavy_vehicle rule over the whole picture (its default labels).
// Rule ids are `line.<line id>`, `park.<zone id>` and `heavy`, which score.ts reads back.
import type { ClipTruth } from './truth.js';

/** Labels the parking rule watches: every road vehicle. */
export const VEHICLE_LABELS = ['car', 'truck', 'bus', 'motorcycle'];

const pt = (p: readonly number[]): string => `[${p[0]}, ${p[1]}]`;

/** YAML text for `sharpeye analyze --rules`. */
export function rulesYamlFor(t: ClipTruth): string {
  const out = ['# made by benchmarks/accuracy/rules-from-truth.ts from test/fixtures-truth/accuracy/' + t.clip.replace(/\.[^.]+$/, '.json'), 'lines:'];
  for (const l of t.lines) out.push(`  - { id: ${l.id}, points: [${l.points.map(pt).join(', ')}] }`);
  out.push(t.parking.zones.length ? 'zones:' : 'zones: []');
  for (const z of t.parking.zones) out.push(`  - { id: ${z.id}, polygon: [${z.polygon.map(pt).join(', ')}] }`);
  out.push('rules:');
  for (const l of t.lines) out.push(`  - { id: line.${l.id}, type: line_crossing, line: ${l.id}, labels: [${l.labels.join(', ')}] }`);
  for (const z of t.parking.zones) out.push(`  - { id: park.${z.id}, type: illegal_parking, zone: ${z.id}, labels: [${VEHICLE_LABELS.join(', ')}], seconds: ${t.parking.seconds} }`);
  out.push('  - { id: heavy, type: heavy_vehicle }');
  return out.join('\n') + '\n';
}
