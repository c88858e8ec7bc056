// The bounded hand-off from analytics to the indexer: capacity, the two overflow policies, the drop
// counter, one overflow report per burst, order kept, handler failures reported and survived, stats.
import t from 'tap';
import { setTimeout as sleep } from 'node:timers/promises';
import { IndexQueue } from '../../node/index.js';
import type { SharpeyeError } from '../../core/index.js';

/** A handler that holds every item until released, so the test controls how fast the queue drains. */
function gatedHandler() {
  const handled: number[] = [];
  let release: (() => void) | undefined;
  let gate = new Promise<void>((r) => { release = r; });
  return {
    handled,
    handle: async (n: number) => { await gate; handled.push(n); },
    open() { release!(); },
    close() { gate = new Promise<void>((r) => { release = r; }); },
  };
}

t.test('drop-oldest: a full queue drops its oldest items, counts them, reports once per burst', async (t) => {
  const h = gatedHandler();
  const overflows: SharpeyeError[] = [];
  const dropped: number[] = [];
  const q = new IndexQueue<number>({ capacity: 3, handle: h.handle, onOverflow: (e) => overflows.push(e), onDrop: (n) => dropped.push(n) });
  for (let i = 0; i < 8; i++) await q.push(i, 'drop-oldest');
  // Item 0 went straight to the (held) handler; 1..7 competed for 3 places.
  t.equal(q.depth, 3);
  t.equal(q.dropped, 4);
  t.same(dropped, [1, 2, 3, 4], 'the oldest waiting items went');
  t.equal(overflows.length, 1, 'one report for the burst');
  t.equal(overflows[0].code, 'E_INDEX_QUEUE_OVERFLOW');
  h.open();
  await q.drain();
  t.same(h.handled, [0, 5, 6, 7], 'the newest were kept, in order');
  // The queue ran empty: the next burst is reported again.
  h.close();
  for (let i = 10; i < 16; i++) await q.push(i, 'drop-oldest');
  t.equal(overflows.length, 2, 'a new burst, a new report');
  h.open();
  await q.close();
  t.equal(q.depth, 0);
});

t.test('block: the producer waits for room and nothing is lost', async (t) => {
  const h = gatedHandler();
  const q = new IndexQueue<number>({ capacity: 2, handle: h.handle });
  await q.push(0, 'block'); // taken by the handler at once
  await q.push(1, 'block');
  await q.push(2, 'block');
  t.ok(q.full, 'full at capacity');
  let third = false;
  const pending = q.push(3, 'block').then(() => { third = true; });
  await new Promise((r) => setTimeout(r, 50));
  t.notOk(third, 'the push waits while the queue is full');
  h.open();
  await pending;
  t.ok(third, 'and goes on once there is room');
  await q.drain();
  t.same(h.handled, [0, 1, 2, 3]);
  t.equal(q.dropped, 0);
  await q.close();
});

t.test('live items are dropped before file items wait; a live item facing only file items is itself dropped', async (t) => {
  const h = gatedHandler();
  const q = new IndexQueue<string>({ capacity: 2, handle: async (s) => { await h.handle(0); h.handled.pop(); order.push(s); } });
  const order: string[] = [];
  await q.push('first', 'block');
  await q.push('file-a', 'block');
  await q.push('live-a', 'drop-oldest');
  await q.push('live-b', 'drop-oldest'); // full: drops live-a, never file-a
  t.equal(q.dropped, 1);
  const fileWait = q.push('file-b', 'block'); // waits for room
  await q.push('live-c', 'drop-oldest'); // full: drops live-b
  t.equal(q.dropped, 2);
  h.open();
  await fileWait;
  await q.drain();
  t.same(order, ['first', 'file-a', 'live-c', 'file-b'], 'order kept');
  t.ok(order.includes('file-a') && order.includes('file-b'), 'file items never dropped');
  t.notOk(order.includes('live-a') || order.includes('live-b'));
  // Only blocking items queued: a live item is dropped itself.
  h.close();
  const q2 = new IndexQueue<string>({ capacity: 1, handle: async () => { await h.handle(0); } });
  await q2.push('x', 'block');
  await q2.push('file', 'block');
  await q2.push('live', 'drop-oldest');
  t.equal(q2.dropped, 1, 'the incoming live item went');
  h.open();
  await q2.close();
  await q.close();
});

t.test('a failing handler is reported and the queue goes on; close refuses new items', async (t) => {
  const errors: string[] = [];
  const done: number[] = [];
  const q = new IndexQueue<number>({ handle: async (n) => { if (n === 1) throw new Error('store down'); done.push(n); }, onError: (e) => errors.push(`${e.code}: ${e.message}`) });
  t.equal(q.capacity, 64, 'documented default capacity');
  for (const n of [0, 1, 2]) await q.push(n, 'drop-oldest');
  await q.close();
  t.same(done, [0, 2]);
  t.same(errors, ['E_INTERNAL: store down']);
  t.equal(q.handled, 3);
  await t.rejects(q.push(3, 'block'), { code: 'E_NODE_CLOSED' });
  await q.close(); // idempotent
});

t.test("block: a fast producer and a slow handler lose nothing, stay within capacity, and the stats say so", async (t) => {
  const got: number[] = [];
  const q = new IndexQueue<number>({ capacity: 3, handle: async (n) => { got.push(n); await sleep(2); } });
  let blockedPushes = 0;
  for (let i = 0; i < 100; i++) {
    if (q.full) blockedPushes++;
    await q.push(i, 'block');
    t.ok(q.depth <= 3, 'depth never above capacity');
  }
  await q.close();
  t.same(got, Array.from({ length: 100 }, (_, i) => i), 'every item, in order');
  t.match(q.stats, { capacity: 3, dropped: 0, accepted: 100, maxDepth: 3, depth: 0, handled: 100 });
  t.ok(blockedPushes > 50, `the producer waited for room (${blockedPushes} pushes found the queue full)`);
});

t.test('stats: an idle queue hands an item straight to the handler (depth 0); drops are not accepted twice', async (t) => {
  const q = new IndexQueue<number>({ capacity: 1, handle: async () => { await sleep(20); } });
  await q.push(0, 'drop-oldest');
  t.match(q.stats, { depth: 0, maxDepth: 0, accepted: 1 }, 'taken at once');
  await q.push(1, 'drop-oldest');
  await q.push(2, 'drop-oldest'); // drops 1
  t.match(q.stats, { depth: 1, maxDepth: 1, accepted: 3, dropped: 1 });
  await q.close();
  t.match(q.stats, { depth: 0, handled: 2 });
});
