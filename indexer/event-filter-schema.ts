// The EventFilter as a TypeBox schema, for edges that validate requests by schema (the coming HTTP
// API's query strings and bodies): the same bounds as `checkFilter` (FILTER_LIMITS), so a request
// the schema accepts is never refused by a store for its size, and one over them is a 400 up front.
import { Type, type Static } from '@sinclair/typebox';
import { numberLimits } from '../core/index.js';
import { FILTER_LIMITS } from './store-input.js';
import { PLATE_PATTERN_MAX_LENGTH } from './plate-match.js';

/**
 * Characters a plate filter may hold before normalisation (plate-match.ts): Latin letters and digits
 * (also full-width), Chinese characters (CJK unified ideographs and extension A), `*`, `?`, and the
 * separators space, `·`, `•`, `・`, `.` and `-` (ignored). The stores check the normalised pattern
 * again (E_STORE_PLATE_PATTERN), including the at-most-32-symbols bound.
 */
export const PLATE_FILTER_PATTERN = '^[A-Za-z0-9*?\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uFF10-\\uFF19\\uFF21-\\uFF3A\\uFF41-\\uFF5A ·•・.\\-]+$';

/** The plate filter's schema: what EventFilter.plate accepts (see PLATE_FILTER_PATTERN). */
export const PlateFilterSchema = Type.String({
  minLength: 1,
  maxLength: PLATE_PATTERN_MAX_LENGTH * 2,
  pattern: PLATE_FILTER_PATTERN,
  description: `plate text, exact (皖K66666) or a pattern with * (any run of symbols) and ? (one symbol), e.g. 皖K*; Latin case and separators (space, ·, -) ignored; at most ${PLATE_PATTERN_MAX_LENGTH} symbols`,
});

/** Events per page of a query (`events --limit`, GET /api/events `limit`, every store's query). */
export const EventLimitSchema = Type.Integer({ description: 'events per page', default: 50, minimum: 1, maximum: 1000 });
/** Hits of a similar search (`similar --k`, POST /api/search/similar `k`, every store's similar). */
export const SimilarKSchema = Type.Integer({ description: 'most similar events returned', default: 10, minimum: 1, maximum: 1000 });
/** The two as numbers, for the stores' checks. */
export const QUERY_LIMITS = Object.freeze({ limit: numberLimits(EventLimitSchema), k: numberLimits(SimilarKSchema) });

const list = (what: string) => Type.Optional(Type.Array(Type.String({ maxLength: FILTER_LIMITS.valueLength }), {
  maxItems: FILTER_LIMITS.valuesPerList,
  description: `${what} (any of them; at most ${FILTER_LIMITS.valuesPerList} values of at most ${FILTER_LIMITS.valueLength} characters)`,
}));

export const EventFilterSchema = Type.Object({
  from: Type.Optional(Type.Number({ description: 'wall-clock ms since epoch: objects last seen at or after this' })),
  to: Type.Optional(Type.Number({ description: 'wall-clock ms since epoch: objects first seen at or before this' })),
  cameras: list('camera ids'),
  labels: list('labels'),
  colors: list('colours'),
  zones: list('zones the object entered'),
  rules: list('rules the object was involved in'),
  minDurationSeconds: Type.Optional(Type.Number({ minimum: 0, description: 'seen for at least this many seconds' })),
  minSpeedPxPerSecond: Type.Optional(Type.Number({ minimum: 0, maximum: FILTER_LIMITS.speedPxPerSecond, description: 'mean image speed at least this many pixels per second' })),
  minSpeedMetresPerSecond: Type.Optional(Type.Number({
    minimum: 0, maximum: FILTER_LIMITS.speedMetresPerSecond, description: 'ground speed at least this many metres per second (only events from calibrated cameras have one)',
  })),
  plate: Type.Optional(PlateFilterSchema),
  plateTolerant: Type.Optional(Type.Boolean({ default: false, description: 'also match plates one OCR confusion away (0/D/Q, 8/B, 1/7/I, 2/Z, 5/S, 6/G); needs plate' })),
  vehicleTypes: list('vehicle types (car, suv_van, bus, light_goods, heavy_goods, motorcycle, bicycle)'),
  upperColors: list('upper-body clothing colours of people'),
  lowerColors: list('lower-body clothing colours of people'),
  carrying: list('bags people carry (handbag, backpack, suitcase)'),
  riding: list('what people ride (bicycle, motorcycle)'),
}, { additionalProperties: false });

export type EventFilterInput = Static<typeof EventFilterSchema>;
