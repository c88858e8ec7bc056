// Webhook delivery against a real local HTTP server: signed requests the receiver can verify (and
// a captured one replayed under a new id it refuses), retries on 500 and timeouts with the same
// delivery id, no retry on 404, Retry-After honoured, rule filters, and credentials masked in
// errors and logs.
import t, { type Test } from 'tap';
import { once } from 'node:events';
import { request } from 'node:http';
import type { LookupFunction } from 'node:net';
import { EventBus, type AlertEvent, type Logger } from '../../../core/index.js';
import { BlockedAddressError, WebhookSender, guardedLookup, resolveWebhookTargets, verifyWebhookSignature, type WebhookLogger, type WebhookSenderOptions } from '../../../worker/index.js';
import { alertEvent, startReceiver, type Receiver, type Reply } from '../../helpers/webhook-receiver.js';

// Fast, deterministic retry policy: 10 ms then 20 ms..., no jitter.
const FAST = { initialDelayMs: 10, maxDelayMs: 200, jitter: 0, timeoutMs: 2000 };
const SECRET = 'whsec_' + Buffer.alloc(32, 0x5a).toString('base64');
const verify = (secret: string, r: { headers: Record<string, unknown>; rawBody: Buffer }) =>
  verifyWebhookSignature(secret, { id: r.headers['webhook-id'] as string, timestamp: r.headers['webhook-timestamp'] as string, body: r.rawBody }, r.headers['webhook-signature'] as string);

async function setup(t: Test, replies: Reply[], options: Partial<WebhookSenderOptions> & { target?: object; fallback?: Reply; receiverSecret?: string } = {}): Promise<{ receiver: Receiver; sender: WebhookSender }> {
  const receiver = await startReceiver(replies, options.fallback, { secret: options.receiverSecret });
  const sender = new WebhookSender({ targets: [{ id: 'ops', url: receiver.url, ...FAST, ...options.target }], ...options });
  t.teardown(async () => { await sender.close({ drainMs: 0 }); await receiver.close(); });
  return { receiver, sender };
}

t.test('delivers the event as JSON with Standard Webhooks headers and a signature the receiver verifies', async (t) => {
  const { receiver, sender } = await setup(t, [], { target: { secret: SECRET, headers: { 'x-team': 'ops' } }, receiverSecret: SECRET });
  const event = alertEvent('r1', 'ended');
  t.equal(sender.send(event), 1);
  const [delivered] = await once(sender, 'delivered');
  const [req] = receiver.requests;
  t.equal(req.method, 'POST');
  t.equal(req.path, '/hook');
  t.equal(req.headers['content-type'], 'application/json');
  t.equal(req.headers['x-sharpeye-event'], 'alert.ended');
  t.equal(req.headers['x-team'], 'ops');
  t.match(req.headers['webhook-id'], /^[0-9a-f-]{36}$/);
  t.ok(Math.abs(Number(req.headers['webhook-timestamp']) - Date.now() / 1000) < 60, 'timestamp is unix seconds');
  t.match(req.headers['webhook-signature'], /^v1,[A-Za-z0-9+/]{43}=$/);
  t.same(req.json, event);
  t.equal(req.verified, true, 'the reference receiver (its own HMAC code) accepts it');
  t.ok(verify(SECRET, req), 'verifyWebhookSignature accepts it');
  t.notOk(verify('whsec_' + Buffer.alloc(32, 1).toString('base64'), req), 'not with another secret');
  t.match(delivered, { targetId: 'ops', deliveryId: req.headers['webhook-id'], eventType: 'alert.ended', alertId: event.alert.id, attempts: 1, status: 200 });
  t.match(sender.stats, { delivered: 1, failed: 0, retries: 0, dropped: 0, pending: 0 });
});

t.test('a captured delivery replayed under a new id fails verification; altered ones too', async (t) => {
  const { receiver, sender } = await setup(t, [], { target: { secret: SECRET }, receiverSecret: SECRET });
  sender.send(alertEvent());
  await once(sender, 'delivered');
  const [captured] = receiver.requests;
  t.equal(captured.verified, true);
  // An attacker who captured it re-sends it at once (timestamp still fresh) with a new webhook-id,
  // hoping the receiver's dedupe on the id lets a second alert through.
  const status = await receiver.replay(captured, { 'webhook-id': '9d7a8c2e-1111-4222-8333-444455556666' });
  t.equal(status, 401, 'the receiver refuses it');
  t.equal(receiver.requests[1].verified, false);
  t.notOk(verify(SECRET, receiver.requests[1]), 'verifyWebhookSignature refuses it too');
  const altered: Array<Record<string, string>> = [{ 'webhook-timestamp': String(Number(captured.headers['webhook-timestamp']) + 1) }, { 'webhook-signature': 'v1,' + Buffer.alloc(32).toString('base64') }];
  for (const headers of altered) {
    t.equal(await receiver.replay(captured, headers), 401, `refused with ${Object.keys(headers)[0]} changed`);
  }
  t.equal(await receiver.replay(captured, {}), 200, 'the exact copy verifies: receivers dedupe on webhook-id');
  t.equal(receiver.requests.at(-1)!.headers['webhook-id'], captured.headers['webhook-id']);
});

t.test('unsigned without a secret', async (t) => {
  const { receiver, sender } = await setup(t, []);
  sender.send(alertEvent());
  await once(sender, 'delivered');
  t.equal(receiver.requests[0].headers['webhook-signature'], undefined);
});

t.test('500 then 200: retried once with the same delivery id, a fresh signature, and counted', async (t) => {
  const { receiver, sender } = await setup(t, [{ status: 500 }], { target: { secret: 'a plain secret, long enough: 32b' }, receiverSecret: 'a plain secret, long enough: 32b' });
  const retries: unknown[] = [];
  sender.on('retry', (r) => retries.push(r));
  sender.send(alertEvent());
  const [delivered] = await once(sender, 'delivered');
  t.equal(receiver.requests.length, 2);
  const [a, b] = receiver.requests;
  t.equal(a.headers['webhook-id'], b.headers['webhook-id'], 'same delivery id: receivers dedupe');
  t.same(a.rawBody, b.rawBody);
  for (const r of [a, b]) t.ok(r.verified && verify('a plain secret, long enough: 32b', r), 'each attempt verifies');
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
  t.equal(receiver.requests[0].headers['webhook-id'], receiver.requests[1].headers['webhook-id']);
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
  t.equal(dated.requests[0].headers['webhook-timestamp'], String(nowMs / 1000), 'timestamp from the injected clock');
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

t.test('connect-time check: names are resolved by the guarded lookup and refused addresses never connected', async (t) => {
  // A name (not an IP literal) goes through the guarded lookup: localhost is fine.
  const receiver = await startReceiver();
  t.teardown(() => receiver.close());
  const sender = new WebhookSender({ targets: [{ url: `http://localhost:${receiver.port}/hook`, ...FAST }] });
  sender.send(alertEvent());
  await once(sender, 'delivered');
  await sender.close();
  t.equal(receiver.requests.length, 1, 'delivered through the resolver');

  // The system resolver (getaddrinfo) reads these spellings as 169.254.169.254 / fe80::1, just as
  // a hostile DNS answer could; the guard refuses them before any connection is made.
  const resolve = (lookup: LookupFunction, host: string) => new Promise<{ err: Error | null; addresses: unknown }>((done) => {
    lookup(host, { all: true }, (err, addresses) => done({ err, addresses }));
  });
  for (const host of ['2852039166', '169.254.169.254', '0xa9fea9fe', 'fe80::1', '::ffff:169.254.169.254']) {
    const { err } = await resolve(guardedLookup(false), host);
    t.ok(err instanceof BlockedAddressError, `${host}: refused`);
    t.match(err?.message, /resolved to .*(link-local|metadata)/);
    t.equal((await resolve(guardedLookup(true), host)).err, null, `${host}: allowed with allowLinkLocal`);
  }
  t.ok((await resolve(guardedLookup(true), '0.0.0.0')).err instanceof BlockedAddressError, '0.0.0.0 never');
  t.same((await resolve(guardedLookup(false), 'localhost')).err, null);

  // Through a real request: no connection, E_WEBHOOK_BLOCKED, not retried.
  const target = resolveWebhookTargets([{ id: 'meta', url: `http://hooks.invalid:${receiver.port}/hook`, ...FAST }])[0];
  const err = await new Promise<unknown>((done) => {
    const req = request({ host: '2852039166', port: 80, path: '/', method: 'POST', lookup: target.lookup, agent: false }, () => done(undefined));
    req.on('error', done);
    req.end();
  });
  t.ok(err instanceof BlockedAddressError, 'http.request with the target lookup refuses the resolved address');
});
