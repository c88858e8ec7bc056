// Thin wrapper over node:util parseArgs that turns its errors into E_CONFIG_INVALID and parses
// numbers with bounds, so every command rejects bad options the same way.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { SharpeyeError } from '../core/index.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseOptions<O extends Options>(argv: string[], options: O, allowPositionals = true) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (err) {
    throw new SharpeyeError('E_CONFIG_INVALID', (err as Error).message, { cause: err });
  }
}

export function parseNumberOption(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
    throw new SharpeyeError('E_CONFIG_INVALID', `--${name} must be a number between ${min} and ${max}, got '${raw}'`);
  }
  return value;
}

export function parseIntegerOption(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  const value = parseNumberOption(name, raw, fallback, min, max);
  if (!Number.isInteger(value)) throw new SharpeyeError('E_CONFIG_INVALID', `--${name} must be a whole number between ${min} and ${max}, got '${raw}'`);
  return value;
}

export function parseListOption(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
  return items.length > 0 ? items : undefined;
}
