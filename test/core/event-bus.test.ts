// EventBus: fan-out to listeners and streams, filters, a slow stream that drops its oldest events
// and counts them, close() ending every stream, and a throwing listener that harms no one else.
import t from 'tap';
import { EventBus, type SharpeyeError } from '../../core/index.js';

interface Ev { camera: string; n: number }
const ev = (n: number, camera = 'cam-1'): Ev => ({ camera, n });

t.test('publish fans out to every listener; unsubscribe stops one', async (t) => {
  const bus = new EventBus<Ev>();
  const a: number[] = [];
  const b: number[] = [];
  const offA = bus.subscribe((e) => { a.push(e.n); });
  bus.subscribe((e) => { b.push(e.n); });
  t.equal(bus.publish(ev(1)), 2);
  offA();
  offA();
  t.equal(bus.publish(ev(2)), 1);
  t.same(a, [1]);
  t.same(b, [1, 2]);
  t.match(bus.stats, { published: 2, subscribers: 1 });
});

t.test('filters select events per subscriber and per stream', async (t) => {
  const bus = new EventBus<Ev>();
  const gate: number[] = [];
  bus.subscribe((e) => { gate.push(e.n); }, { filter: (e) => e.camera === 'gate' });
  const stream = bus.stream({ filter: (e) => e.n % 2 === 0 });
  for (let n = 1; n <= 4; n++) bus.publish(ev(n, n <= 2 ? 'gate' : 'street'));
  bus.close();
  const got: number[] = [];
  for await (const e of stream) got.push(e.n);
  t.same(gate, [1, 2]);
  t.same(got, [2, 4]);
});

t.test('a stream delivers in order to a waiting reader', async (t) => {
  const bus = new EventBus<Ev>();
  const stream = bus.stream();
  const first = stream.next();
  bus.publish(ev(1));
  bus.publish(ev(2));
  t.same(await first, { value: ev(1), done: false });
  t.same(await stream.next(), { value: ev(2), done: false });
  stream.close();
  t.same(await stream.next(), { value: undefined, done: true });
  t.equal(bus.stats.subscribers, 0, 'a closed stream unsubscribes');
});

t.test('a slow stream keeps the newest `capacity` events, drops the oldest and counts them', async (t) => {
  const bus = new EventBus<Ev>({ streamCapacity: 100 });
  const slow = bus.stream({ capacity: 3 });
  const fast: number[] = [];
  bus.subscribe((e) => { fast.push(e.n); });
  for (let n = 1; n <= 10; n++) bus.publish(ev(n));
  t.equal(fast.length, 10, 'publishing never waited on the slow reader');
  t.equal(slow.dropped, 7);
  t.equal(slow.buffered, 3, 'memory stays bounded');
  t.equal(bus.stats.dropped, 7);
  bus.close();
  const got: number[] = [];
  for await (const e of slow) got.push(e.n);
  t.same(got, [8, 9, 10]);
});

t.test('close() ends every stream (after its buffer) and ignores later publishes', async (t) => {
  const bus = new EventBus<Ev>();
  const waiting = bus.stream();
  const holding = bus.stream();
  bus.publish(ev(1));
  t.same(await waiting.next(), { value: ev(1), done: false });
  const pending = waiting.next();
  bus.close();
  bus.close();
  t.same(await pending, { value: undefined, done: true }, 'a waiting reader is released');
  t.same(await holding.next(), { value: ev(1), done: false }, 'buffered events are still read');
  t.same(await holding.next(), { value: undefined, done: true });
  t.equal(bus.publish(ev(2)), 0);
  t.ok(bus.closed);
  const late = bus.stream();
  t.same(await late.next(), { value: undefined, done: true }, 'a stream opened after close is already ended');
  const off = bus.subscribe(() => { t.fail('closed bus delivers nothing'); });
  bus.publish(ev(3));
  off();
  t.equal(bus.stats.subscribers, 0);
});

t.test('aborting a stream signal ends it and discards its buffer; breaking out of for-await unsubscribes', async (t) => {
  const bus = new EventBus<Ev>();
  const ac = new AbortController();
  const stream = bus.stream({ signal: ac.signal });
  bus.publish(ev(1));
  ac.abort();
  t.same(await stream.next(), { value: undefined, done: true });
  t.equal(bus.stats.subscribers, 0);
  t.same(await bus.stream({ signal: AbortSignal.abort() }).next(), { value: undefined, done: true }, 'an aborted signal ends it at once');

  const loop = bus.stream();
  bus.publish(ev(2));
  bus.publish(ev(3));
  for await (const e of loop) { t.equal(e.n, 2); break; }
  t.equal(bus.stats.subscribers, 0);
});

t.test('a throwing listener, filter or rejecting async listener does not stop the others', async (t) => {
  const errors: Array<[SharpeyeError, Ev]> = [];
  const bus = new EventBus<Ev>({ onError: (err, e) => errors.push([err, e]) });
  const got: number[] = [];
  bus.subscribe(() => { throw new Error('listener bug'); });
  bus.subscribe(() => {}, { filter: () => { throw new Error('filter bug'); } });
  bus.subscribe(async () => { throw new Error('async bug'); });
  const stream = bus.stream();
  bus.subscribe((e) => { got.push(e.n); });
  t.doesNotThrow(() => bus.publish(ev(1)));
  await new Promise((resolve) => setImmediate(resolve));
  t.same(got, [1]);
  t.same(await stream.next(), { value: ev(1), done: false });
  t.equal(errors.length, 3);
  t.same(errors.map(([err]) => (err.cause as Error).message).sort(), ['async bug', 'filter bug', 'listener bug']);
  t.match(errors[0], [{ code: 'E_INTERNAL', message: /subscriber failed: listener bug/ }, { n: 1 }]);
  t.equal(bus.stats.listenerErrors, 3);

  const quiet = new EventBus<Ev>({ onError: () => { throw new Error('hook bug'); } });
  quiet.subscribe(() => { throw new Error('x'); });
  t.doesNotThrow(() => quiet.publish(ev(1)), 'even a failing error hook cannot break publish');
});

t.test('a listener may unsubscribe another during a publish', async (t) => {
  const bus = new EventBus<Ev>();
  const got: string[] = [];
  let offB = () => {};
  bus.subscribe(() => { got.push('a'); offB(); });
  offB = bus.subscribe(() => { got.push('b'); });
  bus.publish(ev(1));
  bus.publish(ev(2));
  t.same(got, ['a', 'a']);
});
