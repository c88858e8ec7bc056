// The API's own Prometheus metrics, registered once per prom-client registry (the node's, so one
// scrape of /metrics shows node and API together): HTTP requests by route and status, their
// latency, and the SSE alert streams (clients connected, events sent and dropped).
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface ApiMetrics {
  /** Labels method, route (the route's pattern, or 'unmatched'), status. */
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly sseClients: Gauge;
  readonly sseEventsSent: Counter;
  readonly sseEventsDropped: Counter;
}

/**
 * Seconds; from 1 ms to 10 s: covers a cached page (~1 ms) up to a 1M-vector search (issue 14 asks
 * p99 < 150 ms there) and a slow multipart upload.
 */
export const HTTP_DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10];

const byRegistry = new WeakMap<Registry, ApiMetrics>();

/** The API metrics in `registry`, created on first use (the route plugins share them). */
export function apiMetrics(registry: Registry): ApiMetrics {
  let m = byRegistry.get(registry);
  if (m) return m;
  const registers = [registry];
  const labelNames = ['method', 'route', 'status'] as const;
  m = {
    httpRequests: new Counter({ name: 'sharpeye_api_http_requests_total', help: 'HTTP requests answered, by method, route pattern and status', labelNames, registers }),
    httpDuration: new Histogram({ name: 'sharpeye_api_http_request_duration_seconds', help: 'HTTP request latency from arrival to the end of the answer, seconds', labelNames, buckets: HTTP_DURATION_BUCKETS, registers }),
    sseClients: new Gauge({ name: 'sharpeye_api_sse_clients', help: 'SSE alert streams open now', registers }),
    sseEventsSent: new Counter({ name: 'sharpeye_api_sse_events_sent_total', help: 'alert events written to SSE clients', registers }),
    sseEventsDropped: new Counter({ name: 'sharpeye_api_sse_events_dropped_total', help: 'alert events dropped for SSE clients that fell behind their buffer', registers }),
  };
  byRegistry.set(registry, m);
  return m;
}
