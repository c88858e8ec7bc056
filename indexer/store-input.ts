// Checks on what callers hand an EventStore: embeddings (length, finite values), records and filters.
// Backend-neutral, so every backend rejects the same input with the same code and message:
// E_STORE_RECORD_INVALID for records to write, E_STORE_QUERY_INVALID for queries (and
// E_STORE_PLATE_PATTERN for a plate filter that is not a pattern, see plate-match.ts).
import { CARRIED_ITEMS, RIDDEN_VEHICLES, SharpeyeError, VEHICLE_TYPES, type ErrorCode } from '../core/index.js';
import type { EventFilter, EventRecord } from './event-store.js';
import { compilePlatePattern } from './plate-match.js';

type InputCode = Extract<ErrorCode, 'E_STORE_RECORD_INVALID' | 'E_STORE_QUERY_INVALID'>;

function invalid(message: string, details: Record<string, unknown>, code: InputCode = 'E_STORE_RECORD_INVALID'): SharpeyeError {
  return new SharpeyeError(code, message, { details });
}

/** A vector must be a Float32Array of the store's dimension with finite values. */
export function checkEmbedding(vector: unknown, dimension: number, what: string, code: InputCode = 'E_STORE_RECORD_INVALID'): Float32Array {
  if (!(vector instanceof Float32Array)) throw invalid(`${what} must be a Float32Array`, { what }, code);
  if (vector.length !== dimension) {
    throw invalid(`${what} has ${vector.length} values but this store holds ${dimension}-dimensional embeddings; embed with the store's model or open a store of that dimension`, { what, length: vector.length, dimension }, code);
  }
  for (let i = 0; i < vector.length; i++) {
    if (!Number.isFinite(vector[i])) throw invalid(`${what} holds a non-finite value (${vector[i]}) at index ${i}`, { what, index: i }, code);
  }
  return vector;
}

export function checkRecord(record: EventRecord, dimension: number, index: number): void {
  const e = record?.event;
  const what = `records[${index}]`;
  if (!e || typeof e.id !== 'string' || e.id.length === 0) throw invalid(`${what}.event.id must be a non-empty string`, { index });
  if (typeof e.camera !== 'string' || typeof e.label !== 'string') throw invalid(`${what}.event needs string camera and label`, { index, id: e.id });
  if (!Number.isFinite(e.firstSeen?.wallMs) || !Number.isFinite(e.lastSeen?.wallMs) || !Number.isFinite(e.durationSeconds)) {
    throw invalid(`${what}.event needs finite firstSeen.wallMs, lastSeen.wallMs and durationSeconds`, { index, id: e.id });
  }
  if (!Array.isArray(e.zones) || !Array.isArray(e.rules)) throw invalid(`${what}.event needs zones and rules arrays`, { index, id: e.id });
  if (record.embedding !== undefined) checkEmbedding(record.embedding, dimension, `${what}.embedding (event ${e.id})`);
}

/**
 * Bounds on filter lists, shared by every caller (CLI flags, the API's query schema) and checked by
 * every backend, so a huge list is a bad request (E_STORE_QUERY_INVALID, or E_CONFIG_INVALID at the
 * CLI) rather than a statement or expression the backend chokes on. 1000 values covers a city's
 * cameras in one query; 256 characters is well past the longest camera, zone or rule id a config
 * allows (64) and what the Milvus store keeps per field (256 bytes).
 */
export const FILTER_LIMITS = Object.freeze({
  valuesPerList: 1000,
  valueLength: 256,
  /** Largest minSpeedPxPerSecond: a 10k-pixel frame crossed in 10 ms; beyond it nothing can match. */
  speedPxPerSecond: 1_000_000,
  /** Largest minSpeedMetresPerSecond: 1000 m/s (3600 km/h), past any road or rail vehicle. */
  speedMetresPerSecond: 1000,
});

const LISTS = ['cameras', 'labels', 'colors', 'zones', 'rules', 'vehicleTypes', 'upperColors', 'lowerColors', 'carrying', 'riding'] as const;
const NUMBERS = ['from', 'to', 'minDurationSeconds'] as const;
/** Lists whose values come from a closed set: a value outside it is a mistake (`lorry`, `Car`), not an empty result. */
const CLOSED_LISTS: ReadonlyArray<readonly ['vehicleTypes' | 'carrying' | 'riding', readonly string[]]> = [
  ['vehicleTypes', VEHICLE_TYPES], ['carrying', CARRIED_ITEMS], ['riding', RIDDEN_VEHICLES],
];

export function checkFilter(f: EventFilter): void {
  for (const key of LISTS) {
    const v = f[key];
    if (v === undefined) continue;
    if (!Array.isArray(v)) throw invalid(`filter ${key} must be a list of strings`, { [key]: typeof v }, 'E_STORE_QUERY_INVALID');
    if (v.length > FILTER_LIMITS.valuesPerList) {
      throw invalid(`filter ${key} has ${v.length} values, more than the ${FILTER_LIMITS.valuesPerList} a query takes; narrow the filter or split the query`, { [key]: v.length }, 'E_STORE_QUERY_INVALID');
    }
    const bad = v.findIndex((s) => typeof s !== 'string' || s.length > FILTER_LIMITS.valueLength);
    if (bad >= 0) {
      const why = typeof v[bad] !== 'string' ? 'must be a list of strings' : `values are at most ${FILTER_LIMITS.valueLength} characters`;
      throw invalid(`filter ${key} ${why} (${key}[${bad}])`, { index: bad }, 'E_STORE_QUERY_INVALID');
    }
  }
  for (const [key, allowed] of CLOSED_LISTS) {
    const wrong = f[key]?.find((x) => !allowed.includes(x));
    if (wrong !== undefined) {
      throw invalid(`filter ${key}: ${JSON.stringify(wrong).slice(0, 40)} is not one of ${allowed.join(', ')}`, { [key]: wrong.slice(0, 40) }, 'E_STORE_QUERY_INVALID');
    }
  }
  for (const key of NUMBERS) {
    const v = f[key];
    if (v !== undefined && !Number.isFinite(v)) throw invalid(`filter ${key} must be a finite number, got ${String(v)}`, { [key]: v }, 'E_STORE_QUERY_INVALID');
  }
  for (const [key, max] of [['minSpeedPxPerSecond', FILTER_LIMITS.speedPxPerSecond], ['minSpeedMetresPerSecond', FILTER_LIMITS.speedMetresPerSecond]] as const) {
    const v = f[key];
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > max)) {
      throw invalid(`filter ${key} must be a number from 0 to ${max}, got ${String(v)}`, { [key]: v }, 'E_STORE_QUERY_INVALID');
    }
  }
  checkPlateFilter(f);
}

/** `plate` must compile (E_STORE_PLATE_PATTERN); `plateTolerant` is a boolean and, when true, needs `plate`. */
function checkPlateFilter(f: EventFilter): void {
  if (f.plateTolerant !== undefined && typeof f.plateTolerant !== 'boolean') {
    throw invalid(`filter plateTolerant must be true or false, got ${String(JSON.stringify(f.plateTolerant)).slice(0, 40)}`, { plateTolerant: typeof f.plateTolerant }, 'E_STORE_QUERY_INVALID');
  }
  if (f.plate === undefined) {
    if (f.plateTolerant === true) throw invalid('filter plateTolerant needs a plate to match; give plate too', { plateTolerant: true }, 'E_STORE_QUERY_INVALID');
    return;
  }
  compilePlatePattern(f.plate, f.plateTolerant === true);
}
