import t from 'tap';
import { buildFfmpegDecodeArgs, classifyFfmpegFailure } from '../../ingest/index.js';

t.test('file input: sampling, width cap, raw RGB on stdout', async (t) => {
  const args = buildFfmpegDecodeArgs({ input: '/v/a.mp4', scheme: 'file', fps: 5, maxWidth: 640 });
  t.same(args.slice(args.indexOf('-i'), args.indexOf('-i') + 2), ['-i', '/v/a.mp4']);
  t.equal(args[args.indexOf('-vf') + 1], "fps=5,scale=w='min(iw,640)':h=-2:flags=area,showinfo");
  t.same(args.slice(-5), ['-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1']);
  t.notOk(args.includes('-rtsp_transport'));
});

t.test('rtsp input: tcp by default, socket timeout in microseconds', async (t) => {
  const args = buildFfmpegDecodeArgs({ input: 'rtsp://cam/s', scheme: 'rtsp', ioTimeoutMs: 5000 });
  t.equal(args[args.indexOf('-rtsp_transport') + 1], 'tcp');
  t.equal(args[args.indexOf('-timeout') + 1], '5000000');
  t.ok(args.indexOf('-timeout') < args.indexOf('-i'), 'input options come before -i');
  t.equal(buildFfmpegDecodeArgs({ input: 'rtsp://cam/s', scheme: 'rtsp', rtspTransport: 'udp' }).includes('udp'), true);
});

t.test('stderr lines map to error codes with ffmpeg words kept', async (t) => {
  const cases: Array<[string, string]> = [
    ['[rtsp @ 0x1] method DESCRIBE failed: 401 Unauthorized', 'E_INGEST_UNAUTHORIZED'],
    ['[rtsp @ 0x1] method DESCRIBE failed: 404 Not Found', 'E_INGEST_NOT_FOUND'],
    ['[tcp @ 0x1] Connection to tcp://10.0.0.5:554?timeout=0 failed: Connection refused', 'E_INGEST_UNREACHABLE'],
    ['[mov,mp4 @ 0x1] moov atom not found', 'E_INGEST_DECODE'],
    ["Stream map '0:v:0' matches no streams.", 'E_INGEST_DECODE'],
    ['something odd happened', 'E_INGEST_DECODE'],
  ];
  for (const [line, code] of cases) {
    const err = classifyFfmpegFailure('rtsp://u:p@cam/s', ['Input #0 ...', line], 1);
    t.equal(err.code, code, line);
    t.notMatch(err.message, /u:p@/);
  }
  t.match(classifyFfmpegFailure('x', ["Stream map '0:v:0' matches no streams."], 1).message, /has no video stream/);
});
