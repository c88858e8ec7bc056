// One way to validate configuration everywhere (YAML files, CLI, later the API): a TypeBox schema
// with defaults, bounds and descriptions; errors name the path (`cameras[2].url`) and the source.
import type { Static, TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { SharpeyeError } from '../errors.js';

export interface ConfigProblem {
  /** Dotted path with indexes, e.g. `cameras[2].fps`; '' for the document itself. */
  path: string;
  message: string;
}

/** `/cameras/2/url` -> `cameras[2].url`; with a prefix, `rules[1]` + `/zone` -> `rules[1].zone`. */
export function configPath(pointer: string, prefix = ''): string {
  let out = prefix;
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(part) ? `[${part}]` : out === '' ? part : `.${part}`;
  }
  return out;
}

/** Error for problems found in a config; the message names the source, each path and the fix. */
export function configError(source: string, problems: readonly ConfigProblem[], label?: (path: string) => string): SharpeyeError {
  const lines = problems.slice(0, 10).map((p) => `${label?.(p.path) ?? (p.path || '(document)')}: ${p.message}`);
  const more = problems.length > 10 ? `; and ${problems.length - 10} more` : '';
  return new SharpeyeError('E_CONFIG_INVALID', `${source}: ${lines.join('; ')}${more}`, { details: { source, problems: problems.slice(0, 50) } });
}

/**
 * Applies defaults, checks the value against the schema (no extra keys where the schema forbids
 * them) and returns a deep-frozen copy. `label` turns a path into something a person recognises,
 * e.g. `cameras[2].url` -> `camera 'gate-1' (cameras[2]).url`.
 */
export function validateConfig<S extends TSchema>(schema: S, value: unknown, source: string, label?: (path: string) => string): Static<S> {
  const copy = Value.Default(schema, Value.Clone(value));
  const problems = schemaProblems(schema, copy);
  if (problems.length > 0) throw configError(source, problems, label);
  return deepFreeze(copy as Static<S>);
}

/** Where `value` (defaults already applied) breaks `schema`, one problem per path, paths under `prefix`. */
export function schemaProblems(schema: TSchema, value: unknown, prefix = ''): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const seen = new Set<string>();
  for (const e of Value.Errors(schema, value)) {
    const path = configPath(e.path, prefix);
    // A union reports every branch; the first message per path is the useful one.
    if (seen.has(path)) continue;
    seen.add(path);
    problems.push({ path, message: describe(e.schema, e.message, e.value) });
  }
  return problems;
}

/** `duplicate <what> 'x' (also cameras[0])` for every item whose id an earlier item already has. */
export function duplicateIdProblems(collection: string, items: readonly { readonly id: string }[], what = 'id'): ConfigProblem[] {
  const first = new Map<string, number>();
  const problems: ConfigProblem[] = [];
  items.forEach((item, i) => {
    const j = first.get(item.id);
    if (j === undefined) first.set(item.id, i);
    else problems.push({ path: `${collection}[${i}].id`, message: `duplicate ${what} '${item.id}' (also ${collection}[${j}])` });
  });
  return problems;
}

function describe(schema: TSchema, message: string, value: unknown): string {
  const got = value === undefined ? 'missing' : `got ${JSON.stringify(value)}`;
  if (schema.anyOf && schema.anyOf.every((s: TSchema) => 'const' in s)) {
    return `must be one of ${schema.anyOf.map((s: TSchema) => JSON.stringify(s.const)).join(', ')}, ${got}`;
  }
  return `${message.toLowerCase()}${schema.description ? ` (${schema.description})` : ''}, ${got}`;
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
