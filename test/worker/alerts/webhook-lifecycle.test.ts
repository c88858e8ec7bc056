// Webhook queues and shutdown: a receiver that stops answering costs a bounded queue (oldest
// dropped and counted), concurrency is capped per target, and close() drains what it can, abandons
// the rest and leaves no timer behind.
import t from 'tap';
import { once } from 'node:events';
import { WebhookSender } from '../../../worker/index.js';
import { alertEvent, startReceiver } from '../../helpers/webhook-receiver.js';

const FAST = { initialDelayMs: 10, maxDelayMs: 50, jitter: 0, timeoutMs: 5000 };
const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

t.test('a full queue drops the oldest delivery and counts it', async (t) => {
  const receiver = await startReceiver([], 'hang');
  const sender = new WebhookSender({ targets: [{ id: 'slow', url: receiver.url, ...FAST, capacity: 2, concurrency: 1 }] });
  t.teardown(async () => { await sender.close({ drainMs: 0 }); await receiver.close(); });
  const dropped: string[] = [];
  sender.on('dropped', (d) => { t.equal(d.reason, 'overflow'); dropped.push(d.alertId); });
  const events = [1, 2, 3, 4, 5].map(() => alertEvent());
  for (const e of events) sender.send(e);
  await receiver.waitFor(1);
  t.same(dropped, [events[1].alert.id, events[2].alert.id], 'the oldest queued ones went');
  t.match(sender.stats, { dropped: 2, pending: 3, delivered: 0 });
  t.match(sender.stats.targets.slow, { dropped: 2, pending: 3 });

  receiver.release();
  for (let n = 2; n <= 3; n++) { await receiver.waitFor(n); receiver.release(); }
  await sender.close({ drainMs: 2000 });
  t.same(receiver.requests.map((r) => r.json.alert.id), [events[0], events[3], events[4]].map((e) => e.alert.id));
  t.match(sender.stats, { delivered: 3, dropped: 2, pending: 0, abandoned: 0 });
});

t.test('no more than `concurrency` requests in flight per target', async (t) => {
  const receiver = await startReceiver([], 'hang');
  const sender = new WebhookSender({ targets: [{ url: receiver.url, ...FAST, concurrency: 2 }] });
  t.teardown(async () => { await sender.close({ drainMs: 0 }); await receiver.close(); });
  for (let i = 0; i < 5; i++) sender.send(alertEvent());
  await receiver.waitFor(2);
  // Give a third request every chance to arrive if the limit were broken.
  await new Promise((resolve) => setTimeout(resolve, 50));
  t.equal(receiver.requests.length, 2);
  t.equal(sender.stats.pending, 5);
  receiver.release();
  await receiver.waitFor(4);
  t.equal(receiver.requests.length, 4);
});

t.test('close() drains queued and in-flight deliveries, then refuses new ones; idempotent', async (t) => {
  const before = timers();
  const receiver = await startReceiver([{ status: 500 }]);
  t.teardown(() => receiver.close());
  const sender = new WebhookSender({ targets: [{ url: receiver.url, ...FAST, concurrency: 1 }] });
  for (let i = 0; i < 3; i++) sender.send(alertEvent());
  const closing = sender.close({ drainMs: 5000 });
  t.equal(sender.close(), closing, 'a second close returns the same promise');
  t.equal(sender.send(alertEvent()), 0, 'refused once closing');
  await closing;
  t.equal(receiver.requests.length, 4, 'three deliveries, one retried');
  t.match(sender.stats, { delivered: 3, retries: 1, pending: 0, abandoned: 0 });
  t.equal(sender.pendingTimers, 0);
  t.equal(timers(), before, 'no timer left running');
});

t.test('close() against a dead receiver abandons after drainMs, aborting requests and retry waits', async (t) => {
  const before = timers();
  const hung = await startReceiver([], 'hang');
  const failing = await startReceiver([], { status: 503 });
  t.teardown(async () => { await hung.close(); await failing.close(); });
  const sender = new WebhookSender({ targets: [
    { id: 'hung', url: hung.url, ...FAST, timeoutMs: 60_000, concurrency: 1, capacity: 10 },
    { id: 'failing', url: failing.url, ...FAST, initialDelayMs: 60_000, maxDelayMs: 60_000, concurrency: 1, capacity: 10 },
  ] });
  const abandoned: string[] = [];
  sender.on('dropped', (d) => { t.equal(d.reason, 'closed'); abandoned.push(d.targetId); });
  for (let i = 0; i < 3; i++) sender.send(alertEvent());
  await hung.waitFor(1);
  await once(sender, 'retry');
  t.equal(sender.pendingTimers, 1, 'one retry waiting');
  const started = performance.now();
  await sender.close({ drainMs: 100 });
  t.ok(performance.now() - started < 5000, 'close did not wait out the 60 s timeout or backoff');
  t.match(sender.stats, { delivered: 0, pending: 0, abandoned: 6 });
  t.match(sender.stats.targets, { hung: { abandoned: 3 }, failing: { abandoned: 3 } });
  t.equal(abandoned.length, 6);
  t.equal(sender.pendingTimers, 0);
  t.equal(timers(), before, 'no timer left running');
  t.equal(hung.requests.length, 1, 'nothing new was started while closing');
});

t.test('close() on an idle sender resolves at once', async (t) => {
  const sender = new WebhookSender({ targets: [{ url: 'http://127.0.0.1:9/never', ...FAST }] });
  await sender.close();
  await sender.close({ drainMs: 10 });
  t.match(sender.stats, { pending: 0, delivered: 0 });
});
