// One way to validate configuration everywhere (YAML files, CLI, later the API): a TypeBox schema
// with defaults, bounds and descriptions; errors name the path (`cameras[2].url`) and the source.
//
// Messages never echo what a document holds beyond validated shape: a string value is described
// as "a string", an unknown key is named only when it is a near miss of a known one. A config can
// name files it should not (or be one), so its content must not come back through an error.
import type { Static, TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { ValueErrorType } from '@sinclair/typebox/errors';
import { SharpeyeError } from '../errors.js';
import { forbiddenKeyProblems } from './forbidden-keys.js';
import { oneLine } from './shown-name.js';

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
  // One line whatever a path or a name holds: the CLI prints this as the single error line.
  return new SharpeyeError('E_CONFIG_INVALID', oneLine(`${source}: ${lines.join('; ')}${more}`), { details: { source, problems: problems.slice(0, 50) } });
}

/**
 * Applies defaults, checks the value against the schema (no extra keys where the schema forbids
 * them) and returns a deep-frozen copy. `label` turns a path into something a person recognises,
 * e.g. `cameras[2].url` -> `camera 'gate-1' (cameras[2]).url`.
 */
export function validateConfig<S extends TSchema>(schema: S, value: unknown, source: string, label?: (path: string) => string): Static<S> {
  // Before any copy: cloning `{ "__proto__": {...} }` would turn the key into a prototype.
  const unsafe = forbiddenKeyProblems(value);
  if (unsafe.length > 0) throw configError(source, unsafe, label);
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
    if (e.type === ValueErrorType.ObjectAdditionalProperties) {
      problems.push(unknownKeyProblem(e.schema, e.path, prefix));
      continue;
    }
    problems.push({ path, message: describe(e.schema, e.message, e.value) });
  }
  return problems;
}

/**
 * An unknown key, reported on its object's path: named (with the fix) only when it is one or two
 * edits away from a known key, since a key is content too; otherwise the known keys are listed.
 */
function unknownKeyProblem(schema: TSchema, pointer: string, prefix: string): ConfigProblem {
  const cut = pointer.lastIndexOf('/');
  const path = configPath(pointer.slice(0, cut), prefix);
  const key = pointer.slice(cut + 1).replace(/~1/g, '/').replace(/~0/g, '~');
  const known = Object.keys((schema.properties ?? {}) as Record<string, unknown>);
  const near = key.length <= 64
    ? known.map((k) => [k, editDistance(k, key, 2)] as const).filter(([, d]) => d <= 2).sort((x, y) => x[1] - y[1])[0]?.[0]
    : undefined;
  return near !== undefined
    ? { path, message: `unknown key '${key}' (did you mean '${near}'?)` }
    : { path, message: known.length > 0 ? `unknown key; the keys allowed here are ${known.join(', ')}` : 'unknown key' };
}

/** Levenshtein distance, giving up (returning max + 1) once it exceeds `max`. */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    if (Math.min(...cur) > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
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
  const got = value === undefined ? 'missing' : `got ${shownValue(schema, value)}`;
  if (schema.anyOf && schema.anyOf.every((s: TSchema) => 'const' in s)) {
    return `must be one of ${schema.anyOf.map((s: TSchema) => JSON.stringify(s.const)).join(', ')}, ${got}`;
  }
  return `${message.toLowerCase()}${schema.description ? ` (${schema.description})` : ''}, ${got}`;
}

/**
 * What a message may say about a value: a number or a boolean where the schema wants one (a bound
 * was missed), otherwise only its kind. Strings are never echoed: they may be a password, or a
 * line of a file a config should not have named.
 */
function shownValue(schema: TSchema, value: unknown): string {
  const wants = schema.type as string | undefined;
  if (typeof value === 'number' && (wants === 'number' || wants === 'integer')) return String(value);
  if (typeof value === 'boolean' && wants === 'boolean') return String(value);
  if (value === null) return 'null (an empty value)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return typeof value === 'string' ? 'a string' : `a ${typeof value}`;
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
