// A decoder child killed by a signal from outside (the OOM killer's SIGKILL, an operator's SIGTERM)
// is E_INGEST_KILLED, not a decode error of the stream, and never pushes the camera to 'failed':
// real decoders on a real RTSP camera, the child found and killed by its PID.
import t from 'tap';
import { CameraRuntime, openLiveDecoder, type DecoderType } from '../../../ingest/index.js';
import { descendantProcesses, waitForNoDescendants } from '../../helpers/processes.js';
import { startRtspServer } from '../../helpers/rtsp-server.js';

const CHILD: Record<DecoderType, RegExp> = { ffmpeg: /^ffmpeg .*pipe:0/, gstreamer: /sharpeye-gst-launch/ };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

t.test('SIGKILL and SIGTERM from outside: E_INGEST_KILLED, reconnect, never failed', async (t) => {
  const server = await startRtspServer({ mounts: { cam: 'pattern' } });
  t.teardown(() => server.stop());
  for (const decoder of ['ffmpeg', 'gstreamer'] as DecoderType[]) {
    for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
      await t.test(`${decoder}, ${signal}`, async (t) => {
        const rt = new CameraRuntime({
          id: 'gate',
          openSource: () => openLiveDecoder({ decoder, id: 'gate', url: server.url('cam'), fps: 5, ioTimeoutMs: 5000 }),
          // One refusal would already park the camera in 'failed': a kill must not count as one.
          reconnect: { initialDelayMs: 10, maxDelayMs: 50, multiplier: 2, jitter: 0, failedAfterAttempts: 1 },
        });
        const states: string[] = [];
        rt.on('status', (s) => states.push(s.state));
        rt.start();
        t.teardown(() => rt.stop());
        await until(() => rt.status.framesDecoded >= 2, 'first frames');
        const [child] = descendantProcesses(CHILD[decoder]);
        t.ok(child, `the ${decoder} child is running`);
        process.kill(child.pid, signal);
        await until(() => rt.status.lastError !== null, 'the failure to be recorded');
        t.equal(rt.status.lastError?.code, 'E_INGEST_KILLED', rt.status.lastError?.message ?? 'no error');
        t.match(rt.status.lastError?.message, `killed by ${signal} from outside sharpeye`);
        const before = rt.status.framesDecoded;
        await until(() => rt.status.framesDecoded > before + 1, 'frames after the restart');
        t.notOk(states.includes('failed'), `never failed: ${states.join(' > ')}`);
        t.equal(rt.status.state, 'running');
        t.equal(rt.status.reconnects, 1);
        await rt.stop();
        t.same(await waitForNoDescendants(CHILD[decoder]), [], 'the new decoder is reaped on stop');
      });
    }
  }
});
