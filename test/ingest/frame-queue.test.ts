// FrameQueue: the bounded hand-off, its two overflow policies and how it ends.
import t from 'tap';
import { FrameQueue } from '../../ingest/index.js';

t.test("'block' asks the producer to pause when full and to resume when there is room", async (t) => {
  const calls: string[] = [];
  const q = new FrameQueue<number>({ capacity: 2, overflow: 'block', onFull: () => calls.push('full'), onSpace: () => calls.push('space') });
  q.push(1);
  t.same(calls, []);
  q.push(2);
  t.same(calls, ['full']);
  q.push(3); // the rest of a pipe chunk still arrives after pausing: kept, not dropped
  t.equal(q.length, 3);
  t.equal(await q.next(), 1);
  t.same(calls, ['full'], 'still at capacity');
  t.equal(await q.next(), 2);
  t.same(calls, ['full', 'space']);
  t.equal(q.dropped, 0);
});

t.test("'drop-oldest' keeps the newest items and counts the drops", async (t) => {
  const q = new FrameQueue<number>({ capacity: 2, overflow: 'drop-oldest', onFull: () => t.fail('never pauses') });
  for (let i = 0; i < 5; i++) q.push(i);
  t.equal(q.dropped, 3);
  t.same([await q.next(), await q.next()], [3, 4]);
});

t.test('a waiting consumer gets the next item directly', async (t) => {
  const q = new FrameQueue<number>({ capacity: 1, overflow: 'drop-oldest' });
  const pending = q.next();
  q.push(7);
  t.equal(await pending, 7);
  t.equal(q.dropped, 0);
});

t.test('end(): queued items first, then the error or the end; the first end wins', async (t) => {
  const q = new FrameQueue<number>({ capacity: 4, overflow: 'block' });
  q.push(1);
  q.end(new Error('decode failed'));
  q.end(new Error('ignored'));
  q.push(2);
  t.equal(await q.next(), 1);
  await t.rejects(q.next(), { message: 'decode failed' });
  const clean = new FrameQueue<number>({ capacity: 4, overflow: 'block' });
  const waiting = clean.next();
  clean.end();
  t.equal(await waiting, undefined);
});

t.test('discard(): drops what is queued; a cancellation error replaces a pending end error', async (t) => {
  const q = new FrameQueue<number>({ capacity: 4, overflow: 'block' });
  q.push(1);
  q.end(new Error('decode failed'));
  q.discard(new Error('cancelled'));
  q.discard();
  await t.rejects(q.next(), { message: 'cancelled' });
  const closed = new FrameQueue<number>({ capacity: 4, overflow: 'block' });
  closed.push(1);
  const next = closed.next();
  closed.discard();
  t.equal(await next, 1, 'an item already handed out stays handed out');
  t.equal(await closed.next(), undefined);
});
