// PacedFrameSource and the runtime's loop handling against scripted sources (the real decoders on
// a real clip are in file-camera.test.ts): frames leave at their pts, never early; a late decoder
// re-anchors instead of bursting; close ends a wait at once; a looping source's clean end is a
// loop, while its errors and an end without frames still go the reconnect way.
import t from 'tap';
import { SharpeyeError, type ErrorCode, type Frame, type FrameSource } from '../../../core/index.js';
import { CameraRuntime, PacedFrameSource } from '../../../ingest/camera/index.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const frame = (index: number, ptsMs: number): Frame => ({ sourceId: 'cam', index, ptsMs, receivedAtMs: 0, width: 2, height: 2, data: new Uint8Array(12) });

/** A decoder that yields frames at these pts as fast as asked (after `delays[i]` ms each), then ends or fails. */
function scripted(pts: number[], end: 'end' | ErrorCode = 'end', delays: number[] = []): FrameSource & { closed: boolean } {
  let closed = false;
  return {
    id: 'cam',
    get closed() { return closed; },
    async close() { closed = true; },
    async *[Symbol.asyncIterator]() {
      for (let i = 0; i < pts.length && !closed; i++) {
        if (delays[i]) await sleep(delays[i]);
        yield frame(i, pts[i]);
      }
      if (!closed && end !== 'end') throw new SharpeyeError(end, `scripted ${end}`);
    },
  };
}

const looping = (inner: FrameSource) => new PacedFrameSource(inner);

async function collect(source: FrameSource): Promise<Frame[]> {
  const out: Frame[] = [];
  for await (const f of source) out.push(f);
  return out;
}

t.test('frames leave at their pts on the wall clock, never early, stamped with that time', async (t) => {
  const pts = [40, 140, 240, 290, 490];
  const frames = await collect(new PacedFrameSource(scripted(pts)));
  t.same(frames.map((f) => f.ptsMs), pts, 'every frame, pts untouched');
  const wall = frames.map((f) => f.receivedAtMs - frames[0].receivedAtMs);
  wall.forEach((w, i) => t.ok(w >= pts[i] - pts[0] - 2, `frame ${i} left at +${w} ms, due at +${pts[i] - pts[0]} ms`));
});

t.test('frames without a pts leave at once; pts going backwards re-anchors the clock', async (t) => {
  const started = Date.now();
  const frames = await collect(new PacedFrameSource(scripted([NaN, 0, 100, 0, 100])));
  t.equal(frames.length, 5);
  const elapsed = frames[4].receivedAtMs - started;
  t.ok(elapsed >= 199, `two stretches of 100 ms, not one of 100 and one waiting for pts 0 again (${elapsed} ms)`);
});

t.test('a decoder later than maxLagMs re-anchors: the frames after it are paced again, not burst', async (t) => {
  // Frame 2 arrives 300 ms after it was due; with maxLagMs 100 the clock starts again at it.
  const frames = await collect(new PacedFrameSource(scripted([0, 50, 100, 150, 200], 'end', [0, 0, 350]), { maxLagMs: 100 }));
  // Measured from the late frame (the new anchor): each later frame waits for its own pts again.
  const after = frames.slice(3).map((f) => f.receivedAtMs - frames[2].receivedAtMs);
  t.ok(after[0] >= 48 && after[1] >= 98, `frames after the late one left +${after.join(', +')} ms after it (due +50, +100)`);
});

t.test('close during a wait ends the iteration at once and closes the decoder', async (t) => {
  const inner = scripted([0, 60_000]);
  const paced = new PacedFrameSource(inner);
  const seen: Frame[] = [];
  const done = (async () => { for await (const f of paced) seen.push(f); })();
  await sleep(50);
  const before = Date.now();
  await paced.close();
  await done;
  t.ok(Date.now() - before < 1000, 'did not wait for the frame due in a minute');
  t.equal(seen.length, 1);
  t.ok(inner.closed, 'the decoder was closed');
});

const fastReconnect = { initialDelayMs: 5, maxDelayMs: 20, multiplier: 2, jitter: 0 };
async function until(cond: () => boolean, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!cond()) { if (Date.now() > deadline) throw new Error('timed out'); await sleep(5); }
}

t.test('runtime: a looping source that ends cleanly plays again as a loop, a new epoch each pass', async (t) => {
  const rt = new CameraRuntime({ id: 'cam', openSource: () => looping(scripted([0, 20, 40])), reconnect: fastReconnect });
  const frames: Frame[] = [];
  rt.on('frame', () => frames.push(rt.takeLatest()!));
  rt.start();
  await until(() => rt.status.loops >= 3);
  await rt.stop();
  t.equal(rt.status.reconnects, 0);
  t.equal(rt.status.lastError, null);
  const epochs = frames.map((f) => f.epoch ?? 0);
  t.same(epochs.slice(0, 9), [0, 0, 0, 1, 1, 1, 2, 2, 2], 'each pass is the next epoch');
  t.same(frames.slice(0, 9).map((f) => f.ptsMs), [0, 20, 40, 0, 20, 40, 0, 20, 40], 'pts restart with each pass');
});

t.test('runtime: a looping source that fails, or ends without a frame, is a reconnect with its error', async (t) => {
  for (const [what, make, code] of [
    ['fails', () => looping(scripted([0, 20], 'E_INGEST_DECODE')), 'E_INGEST_DECODE'],
    ['ends without a frame', () => looping(scripted([])), 'E_INGEST_UNREACHABLE'],
  ] as const) {
    const rt = new CameraRuntime({ id: 'cam', openSource: make, reconnect: { ...fastReconnect, failedAfterAttempts: 1000 } });
    rt.start();
    await until(() => rt.status.reconnects >= 2);
    await rt.stop();
    t.equal(rt.status.loops, 0, `${what}: no loop counted`);
    t.equal(rt.status.lastError?.code, code, `${what}: ${code}`);
  }
});

t.test('runtime: a plain source (a stream) that ends is still a reconnect, never a loop', async (t) => {
  const rt = new CameraRuntime({ id: 'cam', openSource: () => scripted([0, 20]), reconnect: fastReconnect });
  rt.start();
  await until(() => rt.status.reconnects >= 1);
  await rt.stop();
  t.equal(rt.status.loops, 0);
  t.equal(rt.status.lastError?.code, 'E_INGEST_UNREACHABLE');
});
