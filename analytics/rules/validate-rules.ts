// Loads a rules file: YAML text -> plain data -> schema (per rule type) -> cross-references ->
// a frozen RulesConfig. Every problem names its path (`rules[1].zone`) and the source, and all
// problems of a file are reported at once as one E_CONFIG_INVALID. Messages name ids the schema
// has validated, never other text of the file (a rules file may be a file it should not be).
import { Value } from '@sinclair/typebox/value';
import { configError, deepFreeze, duplicateIdProblems, forbiddenKeyProblems, parseYamlText, schemaProblems, type AlertRuleType, type ConfigProblem } from '../../core/index.js';
import { simplePolygonProblem } from '../geometry/index.js';
import { RULE_SCHEMAS, RulesFileSchema, type RuleConfig, type RulesConfig } from './rules-schema.js';
import { isValidTimeZone } from './schedule.js';

/** A problem in a rules file: its path (e.g. `rules[1].zone`; '' for the document) and what is wrong. */
export type RulesProblem = ConfigProblem;

/** Parses YAML text and validates it; `sourceName` (a file path, `camera 'gate-1'`) prefixes errors. */
export function parseRulesYaml(text: string, sourceName = 'rules'): RulesConfig {
  return validateRules(parseYamlText(text, sourceName) ?? {}, sourceName);
}

/** Validates plain data (from YAML, JSON or a serve config); throws E_CONFIG_INVALID naming each path. */
export function validateRules(value: unknown, sourceName = 'rules'): RulesConfig {
  // Before any copy: a cloned `__proto__` key would become the document's prototype.
  const unsafe = forbiddenKeyProblems(value);
  if (unsafe.length > 0) throw configError(sourceName, unsafe);
  if (value !== null && value !== undefined && (typeof value !== 'object' || Array.isArray(value))) {
    throw configError(sourceName, [{ path: '', message: `rules are a mapping with timezone, zones, lines and rules; got ${Array.isArray(value) ? 'a list' : 'a single value (a text file?)'}` }]);
  }
  const doc = Value.Default(RulesFileSchema, Value.Clone(value ?? {}));
  const problems: RulesProblem[] = schemaProblems(RulesFileSchema, doc);
  if (problems.length > 0) throw configError(sourceName, problems);

  const file = doc as { timezone: string; zones: RulesConfig['zones']; lines: RulesConfig['lines']; rules: Array<{ type: AlertRuleType }> };
  const rules = file.rules.map((raw, i) => {
    const schema = RULE_SCHEMAS[raw.type];
    const rule = Value.Default(schema, raw);
    problems.push(...schemaProblems(schema, rule, `rules[${i}]`));
    return rule as RuleConfig;
  });
  if (problems.length > 0) throw configError(sourceName, problems);

  const config: RulesConfig = { timezone: file.timezone, zones: file.zones, lines: file.lines, rules };
  referenceProblems(config, problems);
  if (problems.length > 0) throw configError(sourceName, problems);
  return deepFreeze(config);
}

/** Semantic checks the schema cannot express: unique ids, known references, sane geometry. */
function referenceProblems(config: RulesConfig, out: RulesProblem[]): void {
  out.push(...duplicateIdProblems('zones', config.zones), ...duplicateIdProblems('lines', config.lines), ...duplicateIdProblems('rules', config.rules));
  if (!isValidTimeZone(config.timezone)) out.push({ path: 'timezone', message: "unknown time zone (use an IANA name like 'Europe/Rome' or an offset like '+02:00')" });
  config.zones.forEach((z, i) => {
    const problem = simplePolygonProblem(z.polygon);
    if (problem) out.push({ path: `zones[${i}].polygon`, message: `zone '${z.id}' ${problem.message}` });
  });
  config.lines.forEach((l, i) => {
    if (l.points[0][0] === l.points[1][0] && l.points[0][1] === l.points[1][1]) out.push({ path: `lines[${i}].points`, message: `line '${l.id}' has two equal points; give two distinct points` });
  });
  const zones = config.zones.map((z) => z.id), lines = config.lines.map((l) => l.id);
  config.rules.forEach((rule, i) => {
    const at = `rules[${i}]`;
    if ('zone' in rule && rule.zone !== undefined && !zones.includes(rule.zone)) {
      out.push({ path: `${at}.zone`, message: `rule '${rule.id}' references a zone this file does not define; known zones: ${zones.join(', ') || '(none)'}` });
    }
    if (rule.type === 'line_crossing' && !lines.includes(rule.line)) {
      out.push({ path: `${at}.line`, message: `rule '${rule.id}' references a line this file does not define; known lines: ${lines.join(', ') || '(none)'}` });
    }
    if (rule.timezone !== undefined && !isValidTimeZone(rule.timezone)) out.push({ path: `${at}.timezone`, message: "unknown time zone (use an IANA name like 'Europe/Rome' or an offset like '+02:00')" });
    if (rule.type === 'congestion') {
      if (rule.busy > rule.congested) out.push({ path: `${at}.busy`, message: `busy (${rule.busy}) must not exceed congested (${rule.congested})` });
      if (rule.measure === 'occupancy' && rule.congested > 1) out.push({ path: `${at}.congested`, message: `occupancy thresholds are fractions of the zone area, 0..1; got ${rule.congested}` });
    }
  });
}
