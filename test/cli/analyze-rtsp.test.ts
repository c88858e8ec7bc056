// `sharpeye analyze` on a live RTSP camera (GStreamer's RTSP server): frames arrive and are
// detected, --max-frames ends the run, and each broken camera gets its own clear error with the
// credentials never printed.
import t from 'tap';
import { runSharpeye } from '../helpers/cli.js';
import { video } from '../helpers/fixtures.js';
import { processesWithTag } from '../helpers/processes.js';
import { startRtspServer } from '../helpers/rtsp-server.js';
import { freePort } from '../helpers/server-process.js';

const server = await startRtspServer({
  mounts: { cam: `file:${video('intersection.mp4')}`, mic: 'audio' },
  user: 'operator',
  password: 'Tr0ub4dor&3',
});
t.teardown(() => server.stop());
const good = { user: 'operator', password: 'Tr0ub4dor&3' };

t.test('a live camera: frames at the sampled rate until --max-frames', async (t) => {
  const r = await runSharpeye(['analyze', server.url('cam', good), '--fps', '5', '--max-frames', '6', '--model', 'yolox-nano']);
  t.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  t.equal(lines.length, 6);
  t.ok(lines.every((l, i) => i === 0 || l.pts > lines[i - 1].pts), 'pts increasing');
  t.ok(lines.some((l) => l.detections.some((d: { label: string }) => d.label === 'car')), 'cars seen on the live intersection');
  t.notMatch(r.stdout + r.stderr, /Tr0ub4dor|operator:/, 'credentials never printed');
  t.match(lines[0].source, /^rtsp:\/\/\*\*\*@127\.0\.0\.1:\d+\/cam$/, 'the source is printed with credentials masked');
  t.same(processesWithTag(r.tag), []);
});

t.test('broken cameras: wrong credentials, wrong path, not video, closed port', async (t) => {
  const closed = await freePort();
  const cases: Array<[string, RegExp]> = [
    [server.url('cam', { user: 'operator', password: 'wrong-pass' }), /E_INGEST_UNAUTHORIZED: rtsp:\/\/\*\*\*@127\.0\.0\.1:\d+\/cam: .*401/],
    [server.url('nope', good), /E_INGEST_NOT_FOUND: rtsp:\/\/\*\*\*@127\.0\.0\.1:\d+\/nope: .*404/],
    [server.url('mic', good), /E_INGEST_DECODE: .*no video stream/],
    [`rtsp://operator:Tr0ub4dor%263@127.0.0.1:${closed}/cam`, /E_INGEST_UNREACHABLE: .*Connection refused/],
  ];
  for (const [url, pattern] of cases) {
    const r = await runSharpeye(['analyze', url, '--model', 'yolox-nano']);
    t.equal(r.code, 1, url.replace(/\/\/.*@/, '//***@'));
    t.match(r.stderr, pattern);
    t.notMatch(r.stderr, /Tr0ub4dor|wrong-pass|operator:/, 'credentials never printed');
    t.same(processesWithTag(r.tag), [], 'no ffmpeg left');
  }
});
