// CameraRuntime against scripted decoders: state machine, newest-frame-wins, stall restarts,
// backoff, 'failed' after repeated refusals, and stop.
import t from 'tap';
import { SharpeyeError, type ErrorCode, type Frame, type FrameSource } from '../../../core/index.js';
import { backoffDelayMs, CameraRuntime, DEFAULT_BACKOFF, type CameraState } from '../../../ingest/camera/index.js';

const frame = (index: number): Frame => ({ sourceId: 'cam', index, ptsMs: index * 200, receivedAtMs: Date.now(), width: 2, height: 2, data: new Uint8Array(12) });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A decoder that yields `frames` frames `gapMs` apart, then fails with `code` (or hangs when 'hang'). */
function scripted(frames: number, end: ErrorCode | 'hang' | 'end', gapMs = 5): FrameSource & { closed: boolean } {
  let closed = false;
  let release: (() => void) | undefined;
  return {
    id: 'cam',
    get closed() { return closed; },
    async close() { closed = true; release?.(); },
    async *[Symbol.asyncIterator]() {
      for (let i = 0; i < frames && !closed; i++) { await sleep(gapMs); yield frame(i); }
      if (closed || end === 'end') return;
      if (end === 'hang') { await new Promise<void>((r) => { release = r; }); return; }
      throw new SharpeyeError(end, `scripted ${end}`);
    },
  };
}

const fastReconnect = { initialDelayMs: 5, maxDelayMs: 20, multiplier: 2, jitter: 0 };

function record(rt: CameraRuntime): CameraState[] {
  const states: CameraState[] = [];
  rt.on('status', (s) => states.push(s.state));
  return states;
}

async function until(cond: () => boolean, ms = 3000) {
  const deadline = Date.now() + ms;
  while (!cond()) { if (Date.now() > deadline) throw new Error('timed out'); await sleep(5); }
}

t.test('backoff grows, is capped and jittered', async (t) => {
  t.same([1, 2, 3, 4].map((a) => backoffDelayMs(a, { ...DEFAULT_BACKOFF, jitter: 0 })), [500, 1000, 2000, 4000]);
  t.equal(backoffDelayMs(20, { ...DEFAULT_BACKOFF, jitter: 0 }), 30_000);
  t.equal(backoffDelayMs(1, DEFAULT_BACKOFF, () => 0), 400);
  t.equal(backoffDelayMs(1, DEFAULT_BACKOFF, () => 1), 600);
});

t.test('a network failure reconnects, frames resume and the reconnect is counted', async (t) => {
  const sources = [scripted(3, 'E_INGEST_UNREACHABLE'), scripted(3, 'hang')];
  const rt = new CameraRuntime({ id: 'cam', openSource: () => sources.shift() ?? scripted(0, 'hang'), reconnect: fastReconnect });
  const states = record(rt);
  rt.start();
  await until(() => rt.status.framesDecoded === 6);
  t.same(states.slice(0, 5), ['starting', 'running', 'reconnecting', 'starting', 'running']);
  t.equal(rt.status.reconnects, 1);
  t.equal(rt.status.lastError?.code, 'E_INGEST_UNREACHABLE');
  await rt.stop();
  t.equal(rt.status.state, 'stopped');
});

t.test('newest frame wins: untaken frames are replaced and counted as dropped', async (t) => {
  const rt = new CameraRuntime({ id: 'cam', openSource: () => scripted(5, 'hang', 2) });
  rt.start();
  await until(() => rt.status.framesDecoded === 5);
  t.equal(rt.takeLatest()?.index, 4, 'the newest frame');
  t.equal(rt.takeLatest(), undefined, 'taken once');
  t.equal(rt.status.framesDropped, 4);
  await rt.stop();
});

t.test('no frame within the stall timeout restarts the decoder', async (t) => {
  const first = scripted(2, 'hang');
  const sources = [first, scripted(2, 'hang')];
  const rt = new CameraRuntime({ id: 'cam', openSource: () => sources.shift() ?? scripted(0, 'hang'), stallTimeoutMs: 100, reconnect: fastReconnect });
  const states = record(rt);
  rt.start();
  await until(() => rt.status.framesDecoded === 4);
  t.ok(first.closed, 'the stalled decoder was closed');
  t.same(states.slice(0, 4), ['starting', 'running', 'stalled', 'reconnecting']);
  t.equal(rt.status.lastError?.code, 'E_INGEST_STALLED');
  await rt.stop();
});

t.test('repeated refusals park the camera in failed; a good stretch resets the count', async (t) => {
  const rt = new CameraRuntime({ id: 'cam', openSource: () => scripted(0, 'E_INGEST_UNAUTHORIZED'), reconnect: { ...fastReconnect, failedAfterAttempts: 3, failedRetryMs: 60_000 } });
  const states = record(rt);
  rt.start();
  await until(() => rt.status.state === 'failed');
  t.equal(states.filter((s) => s === 'reconnecting').length, 2, 'two quick retries first');
  t.equal(rt.status.lastError?.code, 'E_INGEST_UNAUTHORIZED');
  await rt.stop(); // stops promptly even during the long failed wait
  t.equal(rt.status.state, 'stopped');
});

t.test('a decoder killed from outside neither counts towards failed nor clears the refusals seen', async (t) => {
  const killedOnly = new CameraRuntime({ id: 'cam', openSource: () => scripted(0, 'E_INGEST_KILLED'), reconnect: { ...fastReconnect, failedAfterAttempts: 1 } });
  const states = record(killedOnly);
  killedOnly.start();
  await until(() => killedOnly.status.reconnects >= 5);
  await killedOnly.stop();
  t.notOk(states.includes('failed'), 'five kills in a row: still reconnecting, never failed');
  const codes: ErrorCode[] = ['E_INGEST_UNAUTHORIZED', 'E_INGEST_KILLED', 'E_INGEST_UNAUTHORIZED'];
  const mixed = new CameraRuntime({ id: 'cam', openSource: () => scripted(0, codes.shift() ?? 'hang'), reconnect: { ...fastReconnect, failedAfterAttempts: 2, failedRetryMs: 60_000 } });
  mixed.start();
  await until(() => mixed.status.state === 'failed');
  t.equal(mixed.status.reconnects, 2, 'failed on the second refusal, the kill between them ignored');
  await mixed.stop();
});

t.test('stop during running closes the decoder and is idempotent', async (t) => {
  const source = scripted(1000, 'hang', 10);
  const rt = new CameraRuntime({ id: 'cam', openSource: () => source });
  rt.start();
  await until(() => rt.status.state === 'running');
  await rt.stop();
  await rt.stop();
  t.ok(source.closed);
  t.equal(rt.status.state, 'stopped');
});
