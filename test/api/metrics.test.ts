// GET /metrics: the node's registry and the API's own metrics in one scrape, parsed with a
// Prometheus text parser: requests and latency per route pattern and status, SSE clients, events
// sent.
import t from 'tap';
import parsePrometheusTextFormat, { type PromFamily } from 'parse-prometheus-text-format';
import { openLivePorts } from '../helpers/api-live-ports.js';
import { makeAlertEvent } from '../helpers/api-alerts.js';
import { startLiveApp } from '../helpers/api-live-app.js';
import { alertIds, openSse } from '../helpers/sse-client.js';

const lp = await openLivePorts({ events: 20 });
t.teardown(() => lp.close());
const live = await startLiveApp(lp.ports);
t.teardown(() => live.close());

let lastText = '';

async function scrape(): Promise<Map<string, PromFamily>> {
  const res = await fetch(`${live.url}/metrics`);
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  if (!/^text\/plain; version=0\.0\.4/.test(res.headers.get('content-type') ?? '')) throw new Error(`content-type ${res.headers.get('content-type')}`);
  lastText = await res.text();
  return new Map(parsePrometheusTextFormat(lastText).map((f) => [f.name, f]));
}

/**
 * One labelled series of a histogram from the last scrape. The parser folds every series of a
 * histogram family into one (it reads only unlabelled histograms), so the series' lines are taken
 * out, their other labels removed, and parsed on their own.
 */
function histogramSeries(name: string, labels: string): PromFamily['metrics'][number] | undefined {
  const lines = lastText.split('\n').filter((l) => l.startsWith(`${name}_`) && l.includes(labels))
    .map((l) => l.replace(labels, '').replace('{,', '{').replace(',}', '}').replace('{}', ''));
  return parsePrometheusTextFormat(`# TYPE ${name} histogram\n${lines.join('\n')}\n`)[0]?.metrics[0];
}
const sample = (f: PromFamily | undefined, labels: Record<string, string> = {}) =>
  f?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));

t.test('HTTP requests and latency by route pattern and status, node metrics alongside', async (t) => {
  for (let i = 0; i < 3; i++) await (await fetch(`${live.url}/api/alerts`)).arrayBuffer();
  await (await fetch(`${live.url}/api/alerts?limit=0`)).arrayBuffer();
  await (await fetch(`${live.url}/api/stats/traffic?camera=cam-gate`)).arrayBuffer();
  await (await fetch(`${live.url}/api/no/such/route/12345`)).arrayBuffer();
  lp.alerts.publish(makeAlertEvent());
  const m = await scrape();
  const requests = m.get('sharpeye_api_http_requests_total');
  t.equal(requests?.type, 'COUNTER');
  t.equal(sample(requests, { method: 'GET', route: '/api/alerts', status: '200' })?.value, '3');
  t.equal(sample(requests, { method: 'GET', route: '/api/alerts', status: '400' })?.value, '1');
  t.equal(sample(requests, { route: '/api/stats/traffic', status: '200' })?.value, '1');
  t.equal(sample(requests, { route: 'unmatched', status: '404' })?.value, '1', 'unknown paths share one series');
  t.notOk(requests?.metrics.some((s) => s.labels?.route?.includes('12345')), 'no raw URL in a label');
  t.equal(m.get('sharpeye_api_http_request_duration_seconds')?.type, 'HISTOGRAM');
  const latency = histogramSeries('sharpeye_api_http_request_duration_seconds', 'method="GET",route="/api/alerts",status="200"');
  t.equal(latency?.count, '3');
  t.ok(Number(latency?.sum) > 0, 'latency observed');
  t.equal(latency?.buckets?.['+Inf'], '3');
  t.equal(Object.keys(latency?.buckets ?? {}).length, 15, 'the 14 bounds and +Inf');
  t.equal(sample(m.get('sharpeye_alerts_total'))?.value, '1', "the node's own metric in the same scrape");
});

t.test('SSE clients connected and events sent', async (t) => {
  const before = await scrape();
  const sentBefore = Number(sample(before.get('sharpeye_api_sse_events_sent_total'))?.value ?? 0);
  const a = await openSse(`${live.url}/api/alerts/stream`);
  const b = await openSse(`${live.url}/api/alerts/stream`);
  for (let i = 0; i < 3; i++) lp.alerts.publish(makeAlertEvent());
  await a.waitFor((c) => alertIds(c).length === 3, 5000, 'three alerts');
  await b.waitFor((c) => alertIds(c).length === 3, 5000, 'three alerts');
  let m = await scrape();
  t.equal(sample(m.get('sharpeye_api_sse_clients'))?.value, '2');
  t.equal(m.get('sharpeye_api_sse_clients')?.type, 'GAUGE');
  t.equal(Number(sample(m.get('sharpeye_api_sse_events_sent_total'))?.value) - sentBefore, 6, 'three alerts to each of two clients');
  t.equal(sample(m.get('sharpeye_api_sse_events_dropped_total'))?.value, '0');
  a.close();
  b.close();
  for (let i = 0; i < 200; i++) {
    m = await scrape();
    if (sample(m.get('sharpeye_api_sse_clients'))?.value === '0') break;
    await new Promise((r) => setTimeout(r, 10));
  }
  t.equal(sample(m.get('sharpeye_api_sse_clients'))?.value, '0', 'back to 0 once the clients left');
});
