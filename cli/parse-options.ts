// Thin wrapper over node:util parseArgs that turns its errors into one-line E_CONFIG_INVALID and
// parses numbers with bounds, so every command rejects bad options the same way. A negative
// number after a flag (`--limit -3`) is read as that flag's value, so it meets the bounds check
// with its one-line message instead of parseArgs' "ambiguous argument" lecture.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { TSchema } from '@sinclair/typebox';
import { numberLimits, SharpeyeError } from '../core/index.js';

type Options = NonNullable<ParseArgsConfig['options']>;
type OptionScalar<O> = O extends { type: 'boolean' } ? boolean : string;
type OptionValue<O> = O extends { multiple: true } ? OptionScalar<O>[] : OptionScalar<O>;

/** What `parseOptions` returns: each option's value (absent when not given) and the positionals. */
export interface ParsedOptions<O extends Options> {
  values: { [K in keyof O]?: OptionValue<O[K]> };
  positionals: string[];
}

/** A value that reads as a number with a leading minus (`-3`, `-0.5`, `-.5`, `-1e3`). */
const NEGATIVE_NUMBER = /^-(\d|\.\d)/;

/**
 * Parses `argv` strictly against `options` (unknown flags, missing values and stray positionals are
 * errors). Throws E_CONFIG_INVALID with a one-line message.
 */
export function parseOptions<O extends Options>(argv: string[], options: O, allowPositionals = true): ParsedOptions<O> {
  try {
    const parsed = parseArgs({ args: joinNegativeValues(argv, options), options, allowPositionals, strict: true });
    return { values: parsed.values as ParsedOptions<O>['values'], positionals: parsed.positionals };
  } catch (err) {
    throw new SharpeyeError('E_CONFIG_INVALID', oneLine((err as Error).message), { cause: err });
  }
}

/** `--limit -3` -> `--limit=-3` for string options, so the value reaches the bounds check. */
function joinNegativeValues(argv: readonly string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') { out.push(...argv.slice(i)); break; }
    const name = optionName(arg, options);
    const next = argv[i + 1];
    if (name !== undefined && options[name].type === 'string' && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      out.push(`--${name}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

function optionName(arg: string, options: Options): string | undefined {
  if (arg.startsWith('--') && !arg.includes('=')) return Object.hasOwn(options, arg.slice(2)) ? arg.slice(2) : undefined;
  if (/^-[^-]$/.test(arg)) return Object.keys(options).find((k) => options[k].short === arg[1]);
  return undefined;
}

/** parseArgs explains itself over several lines; the CLI prints one. */
function oneLine(message: string): string {
  return message.split(/\r?\n/).map((s) => s.trim()).filter(Boolean).join(' ');
}

/** How a raw option value is echoed in errors: in single quotes, control characters escaped, at most 40 characters. */
export function quoteValue(raw: string): string {
  const shown = raw.length > 40 ? `${raw.slice(0, 40)}...` : raw;
  return `'${JSON.stringify(shown).slice(1, -1)}'`;
}

/** A plain decimal: optional sign, digits with an optional fraction, optional exponent. No hex, no `Infinity`. */
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * `raw` as a number in [min, max], or `fallback` when the option was not given. Only plain
 * decimals are accepted (`0x10`, `1_000`, `Infinity`, `12abc` and blanks are refused), with a
 * one-line E_CONFIG_INVALID naming the flag, the bounds and the value.
 */
export function parseNumberOption(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!DECIMAL.test(raw) || !Number.isFinite(value) || value < min || value > max) {
    throw new SharpeyeError('E_CONFIG_INVALID', `--${name} must be a number between ${min} and ${max}, got ${quoteValue(raw)}`);
  }
  return value;
}

/** Like {@link parseNumberOption}, for whole numbers. */
export function parseIntegerOption(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  const value = parseNumberOption(name, raw, fallback, min, max);
  if (!Number.isInteger(value)) throw new SharpeyeError('E_CONFIG_INVALID', `--${name} must be a whole number between ${min} and ${max}, got ${quoteValue(raw ?? '')}`);
  return value;
}

/** `a, b,,c` -> ['a', 'b', 'c']; undefined when the option was not given or lists nothing. */
export function parseListOption(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
  return items.length > 0 ? items : undefined;
}

/**
 * A number flag validated by the config schema that owns the value (bounds, whole numbers,
 * multiples), so a flag and its config key accept exactly the same values. Returns the schema's
 * default (undefined when it has none) when the flag was not given. Throws E_CONFIG_INVALID with
 * the same one-line messages as {@link parseNumberOption}.
 */
export function parseSchemaOption(name: string, raw: string | undefined, schema: TSchema): number | undefined {
  const l = numberLimits(schema);
  if (raw === undefined) return l.default;
  const min = l.minimum ?? l.exclusiveMinimum ?? -Number.MAX_VALUE;
  const max = l.maximum ?? l.exclusiveMaximum ?? Number.MAX_VALUE;
  const value = l.integer ? parseIntegerOption(name, raw, 0, min, max) : parseNumberOption(name, raw, 0, min, max);
  if ((l.exclusiveMinimum !== undefined && value <= l.exclusiveMinimum) || (l.exclusiveMaximum !== undefined && value >= l.exclusiveMaximum)) {
    throw new SharpeyeError('E_CONFIG_INVALID', `--${name} must be a number above ${l.exclusiveMinimum ?? -Infinity} and below ${l.exclusiveMaximum ?? Infinity}, got ${quoteValue(raw)}`);
  }
  const step = schema.multipleOf as number | undefined;
  if (step !== undefined && value % step !== 0) throw new SharpeyeError('E_CONFIG_INVALID', `--${name} must be a multiple of ${step} between ${min} and ${max}, got ${quoteValue(raw)}`);
  return value;
}
