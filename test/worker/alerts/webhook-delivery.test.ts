// Webhook delivery against a real local HTTP server: signed requests the receiver can verify,
// retries on 500 and timeouts with the same delivery id, no retry on 404, Retry-After honoured,
// rule filters, and credentials masked in errors and logs.
import t, { type Test } from 'tap';
import { once } from 'node:events';
import { EventBus, type AlertEvent, type Logger } from '../../../core/index.js';
import { WebhookSender, verifyWebhookSignature, type WebhookLogger, type WebhookSenderOptions } from '../../../worker/index.js';
import { alertEvent, startReceiver, type Receiver, type Reply } from '../../helpers/webhook-receiver.js';

// Fast, deterministic retry policy: 10 ms then 20 ms..., no jitter.
const FAST = { initialDelayMs: 10, maxDelayMs: 200, jitter: 0, timeoutMs: 2000 };

async function setup(t: Test, replies: Reply[], options: Partial<WebhookSenderOptions> & { target?: object; fallback?: Reply } = {}): Promise<{ receiver: Receiver; sender: WebhookSender }> {
  const receiver = await startReceiver(replies, options.fallback);
  const sender = new WebhookSender({ targets: [{ id: 'ops', url: receiver.url, ...FAST, ...options.target }], ...options });
  t.teardown(async () => { await sender.close({ drainMs: 0 }); await receiver.close(); });
  return { receiver, sender };
}

t.test('delivers the event as JSON with headers and a signature the receiver verifies', async (t) => {
  const { receiver, sender } = await setup(t, [], { target: { secret: 'whsec_test', headers: { 'x-team': 'ops', 'X-Sharpeye-Event': 'forged' } } });
  const event = alertEvent('r1', 'ended');
  t.equal(sender.send(event), 1);
  const [delivered] = await once(sender, 'delivered');
  const [req] = receiver.requests;
  t.equal(req.method, 'POST');
  t.equal(req.path, '/hook');
  t.equal(req.headers['content-type'], 'application/json');
  t.equal(req.headers['x-sharpeye-event'], 'alert.ended', 'configured headers cannot replace ours');
  t.equal(req.headers['x-team'], 'ops');
  t.match(req.headers['x-sharpeye-delivery'], /^[0-9a-f-]{36}$/);
  t.ok(Math.abs(Number(req.headers['x-sharpeye-timestamp']) - Date.now() / 1000) < 60, 'timestamp is unix seconds');
  t.same(req.json, event);
  t.ok(verifyWebhookSignature('whsec_test', req.headers['x-sharpeye-timestamp'] as string, req.rawBody, req.headers['x-sharpeye-signature'] as string));
  t.notOk(verifyWebhookSignature('wrong', req.headers['x-sharpeye-timestamp'] as string, req.rawBody, req.headers['x-sharpeye-signature'] as string));
  t.match(delivered, { targetId: 'ops', deliveryId: req.headers['x-sharpeye-delivery'], eventType: 'alert.ended', alertId: event.alert.id, attempts: 1, status: 200 });
  t.match(sender.stats, { delivered: 1, failed: 0, retries: 0, dropped: 0, pending: 0 });
});

t.test('unsigned without a secret', async (t) => {
  const { receiver, sender } = await setup(t, []);
  sender.send(alertEvent());
  await once(sender, 'delivered');
  t.equal(receiver.requests[0].headers['x-sharpeye-signature'], undefined);
});

t.test('500 then 200: retried once with the same delivery id, a fresh signature, and counted', async (t) => {
  const { receiver, sender } = await setup(t, [{ status: 500 }], { target: { secret: 's3cret-key' } });
  const retries: unknown[] = [];
  sender.on('retry', (r) => retries.push(r));
  sender.send(alertEvent());
  const [delivered] = await once(sender, 'delivered');
  t.equal(receiver.requests.length, 2);
  const [a, b] = receiver.requests;
  t.equal(a.headers['x-sharpeye-delivery'], b.headers['x-sharpeye-delivery'], 'same delivery id: receivers dedupe');
  t.same(a.rawBody, b.rawBody);
  for (const r of [a, b]) t.ok(verifyWebhookSignature('s3cret-key', r.headers['x-sharpeye-timestamp'] as string, r.rawBody, r.headers['x-sharpeye-signature'] as string));
  t.match(retries, [{ attempts: 1, delayMs: 10, error: { code: 'E_WEBHOOK_DELIVERY', details: { status: 500 } } }]);
  t.match(delivered, { attempts: 2, status: 200 });
  t.match(sender.stats, { delivered: 1, failed: 0, retries: 1, pending: 0 });
});

t.test('backoff doubles up to maxDelayMs, then gives up after maxAttempts', async (t) => {
  const { receiver, sender } = await setup(t, [], { fallback: { status: 503 }, target: { maxAttempts: 5, initialDelayMs: 10, maxDelayMs: 30 } });
  const delays: number[] = [];
  sender.on('retry', (r) => delays.push(r.delayMs));
  sender.on('delivered', () => t.fail('503 every time cannot deliver'));
  sender.send(alertEvent());
  const [failed] = await once(sender, 'failed');
  t.same(delays, [10, 20, 30, 30]);
  t.equal(receiver.requests.length, 5);
  t.match(failed, { attempts: 5, error: { code: 'E_WEBHOOK_DELIVERY', message: /gave up after 5 attempt\(s\); last: .*answered 503/ } });
  t.match(sender.stats, { delivered: 0, failed: 1, retries: 4, pending: 0 });
});

t.test('jitter spreads the backoff by the injected random source', async (t) => {
  const { sender } = await setup(t, [{ status: 500 }, { status: 500 }], { random: () => 1, target: { jitter: 0.5, initialDelayMs: 20, maxDelayMs: 1000 } });
  const delays: number[] = [];
  sender.on('retry', (r) => delays.push(r.delayMs));
  sender.send(alertEvent());
  await once(sender, 'delivered');
  t.same(delays, [30, 60], 'random 1 with jitter 0.5 scales each delay by 1.5');
});

t.test('404 is not retried: failed with E_WEBHOOK_REJECTED', async (t) => {
  const { receiver, sender } = await setup(t, [{ status: 404 }]);
  sender.on('retry', () => t.fail('must not retry a 404'));
  sender.send(alertEvent());
  const [failed] = await once(sender, 'failed');
  t.equal(receiver.requests.length, 1);
  t.match(failed, { attempts: 1, error: { code: 'E_WEBHOOK_REJECTED', retryable: false, details: { status: 404 }, message: /answered 404; not retried/ } });
  t.match(sender.stats, { delivered: 0, failed: 1, retries: 0, pending: 0 });
});

t.test('408 and 429 are retried; a redirect is refused, not followed', async (t) => {
  const { receiver, sender } = await setup(t, [{ status: 408 }, { status: 429 }, { status: 302, headers: { location: 'http://127.0.0.1:1/elsewhere' } }]);
  sender.send(alertEvent());
  const [failed] = await once(sender, 'failed');
  t.equal(receiver.requests.length, 3);
  t.match(failed, { attempts: 3, error: { code: 'E_WEBHOOK_REJECTED', message: /answered 302.*redirects are not followed/ } });
  t.equal(sender.stats.retries, 2);
});

t.test('a receiver that does not answer within timeoutMs is retried', async (t) => {
  const { receiver, sender } = await setup(t, ['hang'], { target: { timeoutMs: 50 } });
  const retries: Array<{ error: Error }> = [];
  sender.on('retry', (r) => retries.push(r));
  sender.send(alertEvent());
  const [delivered] = await once(sender, 'delivered');
  t.equal(receiver.requests.length, 2);
  t.equal(receiver.requests[0].headers['x-sharpeye-delivery'], receiver.requests[1].headers['x-sharpeye-delivery']);
  t.match(retries, [{ error: { code: 'E_WEBHOOK_DELIVERY', message: /did not answer within 50 ms/ } }]);
  t.match(delivered, { attempts: 2 });
  t.match(sender.stats, { delivered: 1, retries: 1 });
});

t.test('Retry-After: seconds are honoured (over the backoff), capped at maxDelayMs; an HTTP date too', async (t) => {
  const { receiver, sender } = await setup(t, [{ status: 503, headers: { 'retry-after': '1' } }, { status: 429, headers: { 'retry-after': '120' } }], { target: { maxDelayMs: 1500 } });
  const delays: number[] = [];
  sender.on('retry', (r) => delays.push(r.delayMs));
  sender.send(alertEvent());
  await once(sender, 'delivered');
  t.same(delays, [1000, 1500], 'Retry-After: 1 waits 1000 ms instead of 10; 120 s is capped');
  const [a, b] = receiver.requests;
  t.ok(b.atMs - a.atMs >= 990, `the second attempt came ${Math.round(b.atMs - a.atMs)} ms after the first`);

  const nowMs = Date.parse('2030-01-01T00:00:00Z');
  const dated = await startReceiver([{ status: 503, headers: { 'retry-after': 'Tue, 01 Jan 2030 00:00:02 GMT' } }]);
  t.teardown(() => dated.close());
  const s2 = new WebhookSender({ targets: [{ url: dated.url, ...FAST, maxDelayMs: 60_000 }], now: () => nowMs });
  s2.send(alertEvent());
  const [retry] = await once(s2, 'retry');
  t.equal(retry.delayMs, 2000, 'date measured against the injected clock');
  t.equal(dated.requests[0].headers['x-sharpeye-timestamp'], String(nowMs / 1000), 'timestamp from the injected clock');
  await s2.close({ drainMs: 0 });
  t.match(s2.stats, { abandoned: 1, pending: 0 });
});

t.test('rule filter: a target with ruleIds gets only those rules; an empty list gets all', async (t) => {
  const all = await startReceiver();
  const gate = await startReceiver();
  const sender = new WebhookSender({ targets: [{ id: 'all', url: all.url, ...FAST }, { id: 'gate', url: gate.url, ruleIds: ['gate-intrusion'], ...FAST }] });
  t.teardown(async () => { await sender.close(); await all.close(); await gate.close(); });
  t.equal(sender.send(alertEvent('gate-intrusion')), 2);
  t.equal(sender.send(alertEvent('loitering')), 1);
  t.equal(sender.send(alertEvent('gate-intrusion', 'ended')), 2);
  await sender.close({ drainMs: 2000 });
  t.same(all.requests.map((r) => r.json.alert.ruleId), ['gate-intrusion', 'loitering', 'gate-intrusion']);
  t.same(gate.requests.map((r) => [r.json.alert.ruleId, r.headers['x-sharpeye-event']]), [['gate-intrusion', 'alert.started'], ['gate-intrusion', 'alert.ended']]);
  t.match(sender.stats.targets, { all: { delivered: 3 }, gate: { delivered: 2 } });
});

t.test('credentials in the target URL go as basic auth and never reach errors or logs', async (t) => {
  const receiver = await startReceiver([{ status: 403 }]);
  t.teardown(() => receiver.close());
  const lines: Array<[object, string]> = [];
  const logger: WebhookLogger = { warn: (o, m) => lines.push([o, m]), debug: (o, m) => lines.push([o, m]) };
  const url = `http://alice:hunter22@127.0.0.1:${receiver.port}/hook?token=tok-987&x=1`;
  const sender = new WebhookSender({ targets: [{ url, ...FAST }], logger });
  sender.send(alertEvent());
  const [failed] = await once(sender, 'failed');
  await sender.close();
  const req = receiver.requests[0];
  t.equal(req.headers.authorization, `Basic ${Buffer.from('alice:hunter22').toString('base64')}`);
  t.equal(req.path, '/hook?token=tok-987&x=1', 'the query is sent as configured');
  t.match(failed.error.message, `http://***@127.0.0.1:${receiver.port}/hook?token=***&x=1`);
  const seen = JSON.stringify([failed.error.message, failed.error.details, lines]);
  t.notMatch(seen, /hunter22|tok-987|alice/);
  t.ok(lines.length > 0, 'the failure was logged');

  // Unreachable: the network error message is masked too.
  const closedPort = receiver.port;
  await receiver.close();
  const s2 = new WebhookSender({ targets: [{ url: `http://alice:hunter22@127.0.0.1:${closedPort}/?token=tok-987`, ...FAST, maxAttempts: 2 }], logger });
  s2.send(alertEvent());
  const [unreachable] = await once(s2, 'failed');
  await s2.close();
  t.match(unreachable.error, { code: 'E_WEBHOOK_DELIVERY', message: /could not be reached \(ECONNREFUSED\)/ });
  t.notMatch(JSON.stringify([unreachable.error.message, lines]), /hunter22|tok-987/);
});

t.test('a pino Logger fits WebhookLogger', async (t) => {
  const fits = (l: Logger): WebhookLogger => l;
  t.type(fits, 'function');
});

t.test('wired to the event bus: published alert events reach the receiver', async (t) => {
  const { receiver, sender } = await setup(t, []);
  const bus = new EventBus<AlertEvent>();
  bus.subscribe((e) => sender.send(e));
  const events = [alertEvent(), alertEvent('r1', 'updated')];
  for (const e of events) bus.publish(e);
  await sender.close({ drainMs: 2000 });
  bus.close();
  t.same(receiver.requests.map((r) => r.json).sort((a, b) => a.frameIndex - b.frameIndex), events);
});
