// Reading defaults and bounds back out of a TypeBox schema, so a CLI flag, a help text or a
// constructor that needs a config value's default or bounds takes them from the one schema that
// declares them instead of repeating the numbers.
import type { TSchema } from '@sinclair/typebox';
import { SharpeyeError } from '../errors.js';

/** A number schema's bounds: inclusive `minimum`/`maximum` (exclusive ones are reported as such). */
export interface NumberLimits {
  readonly integer: boolean;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly default?: number;
}

/**
 * The bounds and default of a `Type.Number`/`Type.Integer` schema (through `Type.Optional`).
 * Throws E_INTERNAL for any other schema: a caller asked for the limits of something that has none.
 */
export function numberLimits(schema: TSchema): NumberLimits {
  const type = schema.type as unknown;
  if (type !== 'number' && type !== 'integer') throw new SharpeyeError('E_INTERNAL', `numberLimits: not a number schema (${String(type)})`);
  const pick = (k: string) => (typeof schema[k] === 'number' ? { [k]: schema[k] as number } : {});
  return Object.freeze({
    integer: type === 'integer',
    ...pick('minimum'), ...pick('maximum'), ...pick('exclusiveMinimum'), ...pick('exclusiveMaximum'), ...pick('default'),
  });
}

/** The `default` a schema declares; E_INTERNAL when it declares none (the caller relied on one). */
export function schemaDefault<T = unknown>(schema: TSchema): T {
  if (!('default' in schema)) throw new SharpeyeError('E_INTERNAL', `schemaDefault: the schema (${schema.description ?? String(schema.type)}) declares no default`);
  return schema.default as T;
}

/** The allowed values of a union of literals (`'cpu' | 'cuda'`), in declaration order. */
export function literalValues(schema: TSchema): readonly (string | number | boolean)[] {
  const branches = (schema.anyOf ?? []) as TSchema[];
  if (branches.length === 0 || !branches.every((s) => 'const' in s)) throw new SharpeyeError('E_INTERNAL', 'literalValues: not a union of literals');
  return branches.map((s) => s.const as string | number | boolean);
}
