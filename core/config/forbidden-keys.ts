// Keys that are never data: `__proto__`, `constructor` and `prototype`. A parser or a JSON body
// keeps them as own keys, but the first plain copy (`Value.Clone`, `Object.assign`, `obj[k] = v`)
// turns `__proto__` into the object's prototype, where schema checks do not look and reads do.

/** A problem by path (the shape of validate-config's ConfigProblem, kept here to avoid an import cycle). */
interface KeyProblem { path: string; message: string }

/** Keys refused at any depth of any config document. */
export const FORBIDDEN_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** Deepest nesting a config document may have (a rules file needs about 6). */
export const MAX_CONFIG_DEPTH = 64;

/**
 * One problem per forbidden key, and one for nesting deeper than MAX_CONFIG_DEPTH, with paths like
 * `cameras[0].__proto__`. Walks with an explicit stack, so a hostile depth cannot overflow it.
 */
export function forbiddenKeyProblems(value: unknown, prefix = ''): KeyProblem[] {
  const problems: KeyProblem[] = [];
  const stack: Array<[unknown, string, number]> = [[value, prefix, 0]];
  const seen = new Set<object>();
  while (stack.length > 0 && problems.length < 20) {
    const [v, path, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object' || seen.has(v)) continue;
    seen.add(v);
    if (depth >= MAX_CONFIG_DEPTH) {
      problems.push({ path, message: `nested deeper than ${MAX_CONFIG_DEPTH} levels` });
      continue;
    }
    if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push([item, `${path}[${i}]`, depth + 1]));
      continue;
    }
    for (const key of Object.getOwnPropertyNames(v)) {
      const at = path === '' ? key : `${path}.${key}`;
      if (FORBIDDEN_KEYS.includes(key)) problems.push({ path: at, message: `the key '${key}' is not allowed in a config (it would reach object prototypes)` });
      else stack.push([(v as Record<string, unknown>)[key], at, depth + 1]);
    }
  }
  return problems;
}
