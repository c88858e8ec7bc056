// classifyFfmpegFailure and truncationFailure on stderr lines captured from ffmpeg 5.1.
import t from 'tap';
import { classifyFfmpegFailure, truncationFailure, type FfmpegRunFailure } from '../../ingest/ffmpeg/ffmpeg-errors.js';
import type { FfmpegLogLine } from '../../ingest/ffmpeg/ffmpeg-stderr.js';

const err = (text: string, component?: string): FfmpegLogLine => ({ level: 'error', component, text });
const warn = (text: string, component?: string): FfmpegLogLine => ({ level: 'warning', component, text });
const run = (problems: FfmpegLogLine[], more: Partial<FfmpegRunFailure> = {}): FfmpegRunFailure =>
  ({ display: 'rtsp://***@10.0.0.5/s', ffmpegInput: 'rtsp://admin:hunter22@10.0.0.5/s', problems, exitCode: 1, network: true, secrets: ['admin', 'hunter22'], ...more });

t.test('each kind of failure gets its code, ffmpeg words kept, echo of the input cut', async (t) => {
  const cases: Array<[FfmpegLogLine[], string, string]> = [
    [[err('method OPTIONS failed: 401 Unauthorized', 'rtsp'), err('rtsp://admin:hunter22@10.0.0.5/s: Server returned 401 Unauthorized (authorization failed)')],
      'E_INGEST_UNAUTHORIZED', 'refused the credentials; check the user name and password in the URL (ffmpeg: method OPTIONS failed: 401 Unauthorized; Server returned 401 Unauthorized (authorization failed))'],
    [[warn('HTTP error 403 Forbidden', 'http'), err('rtsp://admin:hunter22@10.0.0.5/s: Server returned 403 Forbidden (access denied)')],
      'E_INGEST_UNAUTHORIZED', '(ffmpeg: HTTP error 403 Forbidden; Server returned 403 Forbidden (access denied))'],
    [[err('method DESCRIBE failed: 404 Not Found', 'rtsp'), err('rtsp://admin:hunter22@10.0.0.5/s: Server returned 404 Not Found')],
      'E_INGEST_NOT_FOUND', 'the stream or file was not found; check the path in the URL (ffmpeg: method DESCRIBE failed: 404 Not Found; Server returned 404 Not Found)'],
    [[err('Connection to tcp://10.0.0.5:554?timeout=10000000 failed: Connection refused', 'tcp'), err('rtsp://admin:hunter22@10.0.0.5/s: Connection refused')],
      'E_INGEST_UNREACHABLE', 'the stream could not be reached; check the host, the port and that the camera is online (ffmpeg: Connection to tcp://10.0.0.5:554?timeout=10000000 failed: Connection refused; Connection refused)'],
    [[err('rtsp://admin:hunter22@10.0.0.5/s: Connection timed out')], 'E_INGEST_UNREACHABLE', '(ffmpeg: Connection timed out)'],
    [[err('Failed to resolve hostname cam.invalid: Name or service not known', 'tcp'), err('rtsp://admin:hunter22@10.0.0.5/s: Input/output error')],
      'E_INGEST_UNREACHABLE', '(ffmpeg: Failed to resolve hostname cam.invalid: Name or service not known; Input/output error)'],
    [[err('rtsp://admin:hunter22@10.0.0.5/s: Input/output error')], 'E_INGEST_UNREACHABLE', 'the stream closed or stopped answering (ffmpeg: Input/output error)'],
    [[err('rtsp://admin:hunter22@10.0.0.5/s: Protocol not found')], 'E_INPUT_UNSUPPORTED_URL', 'this ffmpeg build does not read this kind of URL'],
    [[err("Stream map '0:v:0' matches no streams.")], 'E_INGEST_DECODE', 'the input has no video stream'],
    [[err('moov atom not found', 'mov,mp4,m4a,3gp,3g2,mj2'), err('rtsp://admin:hunter22@10.0.0.5/s: Invalid data found when processing input')],
      'E_INGEST_DECODE', 'the input is corrupt, truncated or not a video (ffmpeg: moov atom not found; Invalid data found when processing input)'],
    [[err('something odd happened')], 'E_INGEST_DECODE', 'ffmpeg failed (exit code 1) (ffmpeg: something odd happened)'],
    [[], 'E_INGEST_DECODE', 'ffmpeg failed (exit code 1) (ffmpeg: no error message)'],
  ];
  for (const [problems, code, text] of cases) {
    const e = classifyFfmpegFailure(run(problems));
    t.equal(e.code, code, problems[0]?.text ?? 'no lines');
    t.equal(e.message.startsWith('rtsp://***@10.0.0.5/s: '), true, 'names the input');
    t.match(e.message, text);
    t.notMatch(JSON.stringify([e.message, e.details]), /hunter22|admin/, 'credentials masked in message and details');
  }
});

t.test('priority: credentials beat not-found beat unreachable beat decode, whatever the order printed', async (t) => {
  const e = classifyFfmpegFailure(run([err('Invalid data found when processing input'), err('Connection refused'), err('method DESCRIBE failed: 401 Unauthorized')]));
  t.equal(e.code, 'E_INGEST_UNAUTHORIZED');
  t.equal(classifyFfmpegFailure(run([warn('Packet corrupt (stream = 0, dts = 404)'), err('moov atom not found')])).code, 'E_INGEST_DECODE', 'a dts of 404 is not a 404');
});

t.test('retryable: network per the catalogue; decode errors on a live stream may pass, on a file never', async (t) => {
  t.equal(classifyFfmpegFailure(run([err('Connection refused')])).retryable, true);
  t.equal(classifyFfmpegFailure(run([err('401 Unauthorized')])).retryable, false);
  t.equal(classifyFfmpegFailure(run([err('Invalid data found when processing input')])).retryable, true);
  t.equal(classifyFfmpegFailure(run([err('Invalid data found when processing input')], { network: false })).retryable, false);
  t.equal(classifyFfmpegFailure(run([err('Input/output error')], { network: false })).code, 'E_INGEST_DECODE', 'an I/O error on a file is not the network');
});

t.test('details carry the quoted lines, exit status and signal', async (t) => {
  const e = classifyFfmpegFailure(run([err('x failed')], { exitCode: null, signal: 'SIGSEGV' }));
  t.same(e.details, { input: 'rtsp://***@10.0.0.5/s', ffmpeg: ['x failed'], exitCode: null, signal: 'SIGSEGV' });
  t.match(e.message, 'ffmpeg failed (killed by SIGSEGV)', 'a crash may be the stream\'s doing: a decode error');
});

t.test('a signal from outside (OOM killer, operator) is E_INGEST_KILLED, whatever ffmpeg printed before', async (t) => {
  for (const signal of ['SIGKILL', 'SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    const e = classifyFfmpegFailure(run([err('401 Unauthorized')], { exitCode: null, signal }));
    t.equal(e.code, 'E_INGEST_KILLED', signal);
    t.equal(e.retryable, true);
    t.match(e.message, `killed by ${signal} from outside sharpeye`);
  }
  // ffmpeg catches SIGTERM itself, says so and exits 255.
  const caught = classifyFfmpegFailure(run([err('Invalid data found when processing input')], { exitCode: 255, receivedSignal: 15 }));
  t.equal(caught.code, 'E_INGEST_KILLED');
  t.match(caught.message, 'SIGTERM');
});

t.test('truncation: errors plus frames stopping short of the duration; a glitch that decodes to the end is fine', async (t) => {
  const file = { display: '/v/cut.mp4', ffmpegInput: 'file:/v/cut.mp4', exitCode: 0, network: false };
  const damaged = [warn('Packet corrupt (stream = 0, dts = 111111).'), err('Invalid NAL unit size (3879 > 60).', 'h264'), err('stream 0, offset 0x16f24b: partial file', 'mov,mp4')];
  const cut = truncationFailure({ ...file, problems: damaged }, { lastPtsMs: 3600, frameIntervalMs: 200, durationMs: 10_480 });
  t.equal(cut?.code, 'E_INGEST_DECODE');
  t.equal(cut?.message, '/v/cut.mp4: the file is truncated or corrupt: decoding stopped at 3.80 s of 10.48 s (ffmpeg: stream 0, offset 0x16f24b: partial file; Invalid NAL unit size (3879 > 60).)');
  t.same([cut?.details.coveredMs, cut?.details.durationMs], [3800, 10_480]);
  t.equal(truncationFailure({ ...file, problems: damaged }, { lastPtsMs: undefined, frameIntervalMs: 0, durationMs: 10_480 })?.message.includes('stopped at 0.00 s'), true, 'no frame at all');
  t.equal(truncationFailure({ ...file, problems: damaged }, { lastPtsMs: 10_200, frameIntervalMs: 200, durationMs: 10_480 }), undefined, 'decoded to the end');
  t.equal(truncationFailure({ ...file, problems: [damaged[0]] }, { lastPtsMs: 3600, frameIntervalMs: 200, durationMs: 10_480 }), undefined, 'warnings alone: video shorter than audio is not damage');
  t.equal(truncationFailure({ ...file, problems: damaged }, { lastPtsMs: 3600, frameIntervalMs: 200, durationMs: undefined }), undefined, 'live: no duration to compare with');
});
