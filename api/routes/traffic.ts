// `GET /api/stats/traffic`: line counts of one camera per interval, direction and label, and its
// congestion level over the same time, from the node's TrafficStats port. The route reads and
// bounds the request (interval `5m`, `1h`, `300`; at most MAX_BUCKETS buckets per answer).
import type { FastifyPluginAsync } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { SharpeyeError } from '../../core/index.js';
import type { NodePorts, TrafficSeries } from '../../node/index.js';
import { errorResponses } from '../schemas/error-schema.js';
import { parseRange, timeParam } from '../schemas/event-filter-query.js';

export interface TrafficRoutesOptions {
  readonly ports: NodePorts;
}

/** Bounds of the bucket width, seconds (the TrafficQuery port's). */
export const MIN_INTERVAL_SECONDS = 60;
export const MAX_INTERVAL_SECONDS = 86_400;
/** Most buckets one answer may hold (a year of hours is 8760). */
export const MAX_BUCKETS = 10_000;
const DAY_MS = 86_400_000;

const INTERVAL = /^(\d{1,6})([smhd]?)$/;
const UNIT_SECONDS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86_400 };

const Query = Type.Object({
  camera: Type.String({ minLength: 1, maxLength: 256, description: 'camera id' }),
  line: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: "a line id of the camera's rules (default: every counted line)" })),
  from: timeParam('start of the range (default: a day before `to`)'),
  to: timeParam('end of the range (default: now)'),
  interval: Type.Optional(Type.String({ pattern: INTERVAL.source, default: '1h', description: `bucket width: seconds, or with a unit (5m, 1h, 1d); ${MIN_INTERVAL_SECONDS} s to ${MAX_INTERVAL_SECONDS / 3600} h` })),
}, { additionalProperties: false });

const Counts = Type.Object({ forward: Type.Integer({ minimum: 0 }), backward: Type.Integer({ minimum: 0 }) });

const Series = Type.Object({
  camera: Type.String(),
  intervalSeconds: Type.Integer(),
  from: Type.Number({ description: 'wall-clock ms since epoch' }),
  to: Type.Number({ description: 'wall-clock ms since epoch' }),
  buckets: Type.Array(Type.Object({
    startMs: Type.Number({ description: 'wall-clock ms since epoch at the start of the bucket' }),
    line: Type.String(),
    forward: Type.Integer({ minimum: 0, description: "crossings in the line's forward direction" }),
    backward: Type.Integer({ minimum: 0 }),
    byLabel: Type.Record(Type.String(), Counts, { description: 'the same counts per label' }),
  })),
  congestion: Type.Array(Type.Object({
    atMs: Type.Number({ description: 'wall-clock ms since epoch of the level change' }),
    ruleId: Type.String(),
    zone: Type.Optional(Type.String()),
    level: Type.String(),
  }), { description: 'congestion level changes in the range, from the congestion rules' }),
});

export const trafficRoutes: FastifyPluginAsync<TrafficRoutesOptions> = async (fastify, opts) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { ports } = opts;

  app.get('/api/stats/traffic', {
    schema: {
      summary: 'Line counts per interval, direction and label, and the congestion level over time, for one camera',
      tags: ['traffic'],
      querystring: Query,
      response: { 200: Series, ...errorResponses(400, 404) },
    },
  }, async (request) => {
    const q = request.query;
    const intervalSeconds = parseInterval(q.interval ?? '1h');
    const range = parseRange(q);
    const to = range.to ?? Date.now();
    const from = range.from ?? to - DAY_MS;
    if (from >= to) throw new SharpeyeError('E_API_BAD_REQUEST', "query parameter 'from' must be before 'to'");
    const buckets = Math.ceil((to - from) / (intervalSeconds * 1000));
    if (buckets > MAX_BUCKETS) {
      throw new SharpeyeError('E_API_BAD_REQUEST', `the range holds ${buckets} intervals of ${intervalSeconds} s; at most ${MAX_BUCKETS} are answered: use a wider interval or a shorter range`);
    }
    const series: TrafficSeries = await ports.traffic.traffic({ camera: q.camera, line: q.line, from, to, intervalSeconds });
    return {
      camera: series.camera, intervalSeconds: series.intervalSeconds, from, to,
      buckets: series.buckets.map((b) => ({ ...b, byLabel: { ...b.byLabel } })),
      congestion: [...series.congestion],
    };
  });
};

/** Seconds from `300`, `300s`, `5m`, `1h`, `1d`; E_API_BAD_REQUEST outside MIN..MAX_INTERVAL_SECONDS. */
export function parseInterval(raw: string): number {
  const m = INTERVAL.exec(raw.trim());
  const seconds = m ? Number(m[1]) * UNIT_SECONDS[m[2]] : Number.NaN;
  if (!(seconds >= MIN_INTERVAL_SECONDS && seconds <= MAX_INTERVAL_SECONDS)) {
    throw new SharpeyeError('E_API_BAD_REQUEST', `query parameter 'interval' must be from ${MIN_INTERVAL_SECONDS} s to ${MAX_INTERVAL_SECONDS / 3600} h (e.g. 300, 5m, 1h, 1d), got '${raw.slice(0, 20)}'`);
  }
  return seconds;
}
