// Loads a rules file: YAML text -> plain data -> schema (per rule type) -> cross-references ->
// a frozen RulesConfig. Every problem names its path (`rules[1].zone`) and the source, and all
// problems of a file are reported at once as one E_CONFIG_INVALID.
import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { parseDocument } from 'yaml';
import { SharpeyeError, type AlertRuleType } from '../../core/index.js';
import { polygonArea } from '../geometry/index.js';
import { RULE_SCHEMAS, RulesFileSchema, type RuleConfig, type RulesConfig } from './rules-schema.js';
import { isValidTimeZone } from './schedule.js';

export interface RulesProblem {
  /** e.g. `rules[1].zone`; '' for the document itself. */
  readonly path: string;
  readonly message: string;
}

/** Parses YAML text and validates it; `sourceName` (a file path, `camera 'gate-1'`) prefixes errors. */
export function parseRulesYaml(text: string, sourceName = 'rules'): RulesConfig {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const where = e.linePos ? ` at line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '';
    throw new SharpeyeError('E_CONFIG_INVALID', `${sourceName}: YAML syntax error${where}: ${e.message.split('\n')[0]}`, { details: { source: sourceName } });
  }
  return validateRules(doc.toJS() ?? {}, sourceName);
}

/** Validates plain data (from YAML, JSON or a serve config); throws E_CONFIG_INVALID naming each path. */
export function validateRules(value: unknown, sourceName = 'rules'): RulesConfig {
  const problems: RulesProblem[] = [];
  const doc = Value.Default(RulesFileSchema, Value.Clone(value ?? {}));
  schemaProblems(RulesFileSchema, doc, '', problems);
  if (problems.length > 0) throw rulesError(sourceName, problems);

  const file = doc as { timezone: string; zones: RulesConfig['zones']; lines: RulesConfig['lines']; rules: Array<{ type: AlertRuleType }> };
  const rules = file.rules.map((raw, i) => {
    const schema = RULE_SCHEMAS[raw.type];
    const rule = Value.Default(schema, raw);
    schemaProblems(schema, rule, `rules[${i}]`, problems);
    return rule as RuleConfig;
  });
  if (problems.length > 0) throw rulesError(sourceName, problems);

  const config: RulesConfig = { timezone: file.timezone, zones: file.zones, lines: file.lines, rules };
  referenceProblems(config, problems);
  if (problems.length > 0) throw rulesError(sourceName, problems);
  return deepFreeze(config);
}

function schemaProblems(schema: TSchema, value: unknown, prefix: string, out: RulesProblem[]): void {
  const seen = new Set<string>();
  for (const e of Value.Errors(schema, value)) {
    const path = joinPath(prefix, e.path);
    // A union reports every branch; the first message per path is the useful one.
    if (seen.has(path)) continue;
    seen.add(path);
    out.push({ path, message: describe(e.schema, e.message, e.value) });
  }
}

/** Semantic checks the schema cannot express: unique ids, known references, sane geometry. */
function referenceProblems(config: RulesConfig, out: RulesProblem[]): void {
  uniqueIds('zones', config.zones, out);
  uniqueIds('lines', config.lines, out);
  uniqueIds('rules', config.rules, out);
  if (!isValidTimeZone(config.timezone)) out.push({ path: 'timezone', message: `unknown time zone '${config.timezone}' (use an IANA name like 'Europe/Rome' or an offset like '+02:00')` });
  config.zones.forEach((z, i) => {
    if (Math.abs(polygonArea(z.polygon)) < 1e-12) out.push({ path: `zones[${i}].polygon`, message: `zone '${z.id}' has zero area; give at least 3 points that are not on one line` });
  });
  config.lines.forEach((l, i) => {
    if (l.points[0][0] === l.points[1][0] && l.points[0][1] === l.points[1][1]) out.push({ path: `lines[${i}].points`, message: `line '${l.id}' has two equal points; give two distinct points` });
  });
  const zones = config.zones.map((z) => z.id), lines = config.lines.map((l) => l.id);
  config.rules.forEach((rule, i) => {
    const at = `rules[${i}]`;
    if ('zone' in rule && rule.zone !== undefined && !zones.includes(rule.zone)) {
      out.push({ path: `${at}.zone`, message: `rule '${rule.id}' references unknown zone '${rule.zone}'; known zones: ${zones.join(', ') || '(none)'}` });
    }
    if (rule.type === 'line_crossing' && !lines.includes(rule.line)) {
      out.push({ path: `${at}.line`, message: `rule '${rule.id}' references unknown line '${rule.line}'; known lines: ${lines.join(', ') || '(none)'}` });
    }
    if (rule.timezone !== undefined && !isValidTimeZone(rule.timezone)) out.push({ path: `${at}.timezone`, message: `unknown time zone '${rule.timezone}'` });
    if (rule.type === 'congestion') {
      if (rule.busy > rule.congested) out.push({ path: `${at}.busy`, message: `busy (${rule.busy}) must not exceed congested (${rule.congested})` });
      if (rule.measure === 'occupancy' && rule.congested > 1) out.push({ path: `${at}.congested`, message: `occupancy thresholds are fractions of the zone area, 0..1; got ${rule.congested}` });
    }
  });
}

function uniqueIds(collection: string, items: readonly { id: string }[], out: RulesProblem[]): void {
  const first = new Map<string, number>();
  items.forEach((item, i) => {
    const j = first.get(item.id);
    if (j === undefined) first.set(item.id, i);
    else out.push({ path: `${collection}[${i}].id`, message: `duplicate id '${item.id}' (also ${collection}[${j}])` });
  });
}

function rulesError(source: string, problems: readonly RulesProblem[]): SharpeyeError {
  const lines = problems.slice(0, 10).map((p) => `${p.path || '(document)'}: ${p.message}`);
  const more = problems.length > 10 ? `; and ${problems.length - 10} more` : '';
  return new SharpeyeError('E_CONFIG_INVALID', `${source}: ${lines.join('; ')}${more}`, { details: { source, problems: problems.slice(0, 50) } });
}

/** `rules[1]` + `/zone` -> `rules[1].zone`; `/zones/0/polygon` -> `zones[0].polygon`. */
function joinPath(prefix: string, pointer: string): string {
  let out = prefix;
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(part) ? `[${part}]` : out === '' ? part : `.${part}`;
  }
  return out;
}

function describe(schema: TSchema, message: string, value: unknown): string {
  const got = value === undefined ? 'missing' : `got ${JSON.stringify(value)}`;
  if (schema.anyOf && schema.anyOf.every((s: TSchema) => 'const' in s)) {
    return `must be one of ${schema.anyOf.map((s: TSchema) => JSON.stringify(s.const)).join(', ')}, ${got}`;
  }
  return `${message.toLowerCase()}${schema.description ? ` (${schema.description})` : ''}, ${got}`;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
