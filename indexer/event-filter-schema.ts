// The EventFilter as a TypeBox schema, for edges that validate requests by schema (the coming HTTP
// API's query strings and bodies): the same bounds as `checkFilter` (FILTER_LIMITS), so a request
// the schema accepts is never refused by a store for its size, and one over them is a 400 up front.
import { Type, type Static } from '@sinclair/typebox';
import { numberLimits } from '../core/index.js';
import { FILTER_LIMITS } from './store-input.js';

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
}, { additionalProperties: false });

export type EventFilterInput = Static<typeof EventFilterSchema>;
