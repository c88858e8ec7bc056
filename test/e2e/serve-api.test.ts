// End to end, the way a user runs it: `sharpeye serve` on the sample config (config/sharpeye.example.yaml)
// with its camera pointed at a fixture clip served over RTSP by the real GStreamer RTSP server, the
// embedded store in a temp folder and the API on a free port. Through HTTP only: the camera runs,
// object events appear in /api/events, an alert arrives on the SSE stream, similar search by an
// event returns that event first, its snapshot is a JPEG, metrics parse; SIGTERM stops everything.
import t from 'tap';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { REPO_ROOT, video } from '../helpers/fixtures.js';
import { startSharpeye } from '../helpers/cli.js';
import { processesWithTag } from '../helpers/processes.js';
import { startRtspServer } from '../helpers/rtsp-server.js';

const server = await startRtspServer({ mounts: { street: `file:${video('intersection.mp4')}` } });
t.teardown(() => server.stop());

// The sample config as shipped, with three changes a site would make: the camera URL, where the
// store lives, and one more rule (a vehicle anywhere in the picture) so an alert comes quickly.
const sample = parse(readFileSync(join(REPO_ROOT, 'config', 'sharpeye.example.yaml'), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'sharpeye-e2e-'));
sample.allowFiles = false;
sample.store.spec = 'sqlite:data/e2e.db';
sample.cameras[0].url = server.url('street');
sample.cameras[0].rules.zones.push({ id: 'whole', polygon: [[0, 0], [1, 0], [1, 1], [0, 1]] });
sample.cameras[0].rules.rules.push({ id: 'vehicle-seen', type: 'zone_intrusion', zone: 'whole', labels: ['car', 'truck', 'bus'] });
const cameraId: string = sample.cameras[0].id;
writeFileSync(join(dir, 'sharpeye.yaml'), stringify(sample));

const serve = startSharpeye(['serve', '--config', join(dir, 'sharpeye.yaml'), '--port', '0']);
t.teardown(async () => { await serve.stop('SIGKILL'); });
const first = await serve.waitFor((l) => typeof l.raw === 'string' && /API on http/.test(l.raw), 120_000, 'the API line');
const base = /API on (http:\/\/[0-9.]+:\d+)/.exec(first.raw as string)![1];

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${serve.stderr().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
const getJson = async (path: string) => { const r = await fetch(base + path); return { status: r.status, body: await r.json() as any }; };

t.test('the camera runs and the node is healthy', async (t) => {
  const cams = await until('camera running', async () => {
    const { body } = await getJson('/api/cameras');
    return body.cameras?.find((c: any) => c.id === cameraId && c.status.state === 'running' && c.status.framesDecoded > 0);
  });
  t.equal(cams.config.url, server.url('street'), 'the URL as configured');
  const health = await getJson('/api/health');
  t.equal(health.status, 200);
  t.equal(health.body.store.kind, 'sqlite');
  const frame = await until('latest frame', async () => { const r = await fetch(`${base}/api/cameras/${cameraId}/snapshot.jpg`); return r.status === 200 && Buffer.from(await r.arrayBuffer()); });
  t.same([...frame.subarray(0, 3)], [0xff, 0xd8, 0xff], 'latest frame is a JPEG');
});

t.test('an alert arrives on the SSE stream', async (t) => {
  const ac = new AbortController();
  const res = await fetch(`${base}/api/alerts/stream`, { signal: ac.signal, headers: { accept: 'text/event-stream' } });
  t.equal(res.headers.get('content-type')?.split(';')[0], 'text/event-stream');
  const reader = res.body!.getReader();
  let text = '';
  const deadline = Date.now() + 120_000;
  while (!/event: alert\ndata: .*\n\n/.test(text) && Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    text += Buffer.from(value).toString('utf8');
  }
  ac.abort();
  const m = /id: (\d+)\nevent: alert\ndata: (.*)\n\n/.exec(text);
  t.ok(m, 'an alert frame with an id');
  const alert = JSON.parse(m![2]);
  t.equal(alert.alert.camera, cameraId);
  t.ok(['vehicle-seen', 'wait'].includes(alert.alert.ruleId), `rule ${alert.alert.ruleId}`);
  const listed = await getJson('/api/alerts?limit=1000');
  t.ok(listed.body.alerts.some((a: any) => a.seq === Number(m![1])), 'the same alert is in the paged list');
});

t.test('object events are searchable, similar search returns the query first', async (t) => {
  const withView = await until('a stored car with a snapshot', async () => {
    const { body } = await getJson('/api/events?label=car&limit=50');
    return body.events?.find((e: any) => e.final && e.snapshot);
  });
  const one = await getJson(`/api/events/${withView.id}`);
  t.equal(one.body.id, withView.id);
  const snap = await fetch(`${base}/api/events/${withView.id}/snapshot.jpg`);
  t.equal(snap.status, 200);
  t.same([...Buffer.from(await snap.arrayBuffer()).subarray(0, 2)], [0xff, 0xd8]);
  const r = await fetch(`${base}/api/search/similar`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ eventId: withView.id, k: 5 }) });
  const body = await r.json() as any;
  t.equal(r.status, 200, JSON.stringify(body).slice(0, 300));
  t.equal(body.hits[0].event.id, withView.id, 'the query event first');
  t.ok(body.hits[0].score > 0.999);
  const bad = await getJson('/api/events?limit=5000');
  t.equal(bad.status, 400);
  t.equal(bad.body.error.code, 'E_API_BAD_REQUEST');
  const metrics = await (await fetch(`${base}/metrics`)).text();
  t.match(metrics, /sharpeye_camera_input_fps\{camera="intersection"\}/);
});

t.test('SIGTERM stops serve and everything it started', async (t) => {
  const r = await serve.stop('SIGTERM');
  t.equal(r.code, 0, r.stderr.slice(-1000));
  t.same(processesWithTag(serve.tag), [], 'no process left behind');
  const after = await fetch(`${base}/api/health`).then(() => 'answered', () => 'refused');
  t.equal(after, 'refused', 'the API is gone');
});
