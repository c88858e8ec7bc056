// The bounded hand-off between analytics and the writer/indexer: under 'block' a fast producer
// waits for a slow consumer (nothing dropped, order kept, never more than `capacity` waiting);
// under 'drop-oldest' it never waits and counts what it dropped; discard releases a waiting producer.
import t from 'tap';
import { setTimeout as sleep } from 'node:timers/promises';
import { HandoffQueue } from '../../node/index.js';

t.test("'block': a fast producer and a slow consumer lose nothing and stay within capacity", async (t) => {
  const q = new HandoffQueue<number>({ capacity: 3, overflow: 'block' });
  const got: number[] = [];
  let blockedPuts = 0;
  const consumer = (async () => {
    for (let v = await q.next(); v !== undefined; v = await q.next()) {
      got.push(v);
      await sleep(2);
    }
  })();
  for (let i = 0; i < 100; i++) {
    const before = q.stats.depth;
    await q.put(i);
    if (before >= 3) blockedPuts++;
    t.ok(q.stats.depth <= 3, 'depth never above capacity');
  }
  q.end();
  await consumer;
  t.same(got, Array.from({ length: 100 }, (_, i) => i), 'every item, in order');
  t.match(q.stats, { capacity: 3, overflow: 'block', dropped: 0, accepted: 100, maxDepth: 3, depth: 0 });
  t.ok(blockedPuts > 50, `the producer waited for room (${blockedPuts} puts found the queue full)`);
});

t.test("'block': put waits while full and resumes when the consumer takes one", async (t) => {
  const q = new HandoffQueue<string>({ capacity: 1 });
  await q.put('a');
  let done = false;
  const waiting = q.put('b').then(() => { done = true; });
  await sleep(20);
  t.equal(done, false, 'still waiting: the queue is full');
  t.equal(await q.next(), 'a');
  await waiting;
  t.equal(done, true);
  t.equal(await q.next(), 'b');
  q.end();
  t.equal(await q.next(), undefined, 'ended and empty');
});

t.test("'drop-oldest': never waits, keeps the newest, counts the drops", async (t) => {
  const q = new HandoffQueue<number>({ capacity: 2, overflow: 'drop-oldest' });
  for (let i = 0; i < 10; i++) await q.put(i);
  t.match(q.stats, { dropped: 8, depth: 2, accepted: 10 });
  t.equal(await q.next(), 8);
  t.equal(await q.next(), 9);
});

t.test('discard releases a waiting producer and drops what is queued', async (t) => {
  const q = new HandoffQueue<number>({ capacity: 1 });
  await q.put(1);
  const waiting = q.put(2);
  q.discard();
  await waiting;
  t.equal(q.ended, true);
  t.equal(await q.next(), undefined);
  await q.put(3);
  t.equal(q.stats.depth, 0, 'nothing accepted after the end');
});

t.test('a consumer waiting on an empty queue gets the next item or the end', async (t) => {
  const q = new HandoffQueue<number>({ capacity: 4 });
  const first = q.next();
  await q.put(7);
  t.equal(await first, 7);
  const second = q.next();
  q.end();
  t.equal(await second, undefined);
});

t.test('capacity must be an integer >= 1', async (t) => {
  for (const capacity of [0, -1, 1.5, Number.NaN]) t.throws(() => new HandoffQueue({ capacity }), { code: 'E_CONFIG_INVALID' });
});
