// FfmpegStderrParser on stderr captured from ffmpeg 5.1 (`-loglevel repeat+level+info`).
import t from 'tap';
import { FfmpegStderrParser, MAX_STDERR_LINE, type ShowinfoFrame } from '../../ingest/ffmpeg/ffmpeg-stderr.js';

const DECODE = `[info] Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'file:/v/pedestrian_street.mp4':
[info]   Metadata:
[info]     major_brand     : isom
[info]   Duration: 00:00:10.48, start: 0.000000, bitrate: 2826 kb/s
[info]   Stream #0:0[0x1](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(tv, bt709, progressive), 1280x720 [SAR 1:1 DAR 16:9], 2823 kb/s, 29.97 fps, 29.97 tbr, 30k tbn (default)
[info] Stream mapping:
[info]   Stream #0:0 -> #0:0 (h264 (native) -> rawvideo (native))
[Parsed_showinfo_0 @ 0x55bb07f14080] [info] config in time_base: 1/30000, frame_rate: 30000/1001
[Parsed_showinfo_0 @ 0x55bb07f14080] [info] config out time_base: 0/0, frame_rate: 0/0
[Parsed_showinfo_0 @ 0x55bb07f14080] [info] n:   0 pts:      0 pts_time:0       pos:     4717 fmt:yuv420p sar:1/1 s:1280x720 i:P iskey:1 type:I
[Parsed_showinfo_0 @ 0x55bb07f14080] [info]   side data - User Data Unregistered:
[Parsed_showinfo_0 @ 0x55bb07f14080] [info] UUID=dc45e9bd-e6d9-48b7-962c-d820d923eeef
[Parsed_showinfo_0 @ 0x55bb07f14080] [info] color_range:tv color_space:bt709 color_primaries:bt709 color_trc:bt709
[info] Output #0, rawvideo, to 'pipe:1':
[info]   Metadata:
[info]     encoder         : Lavf59.27.100
[info]   Stream #0:0(und): Video: rawvideo (RGB[24] / 0x18424752), rgb24(pc, gbr/bt709/bt709, progressive), 1280x720 [SAR 1:1 DAR 16:9], q=2-31, 662889 kb/s, 29.97 fps, 29.97 tbn (default)
[Parsed_showinfo_0 @ 0x55bb07f14080] [info] n:   1 pts:   1001 pts_time:0.0333667 pos:    97401 fmt:yuv420p sar:1/1 s:1280x720 i:P iskey:0 type:B
[Parsed_showinfo_0 @ 0x55bb07f14080] [info] n:   2 pts:NOPTS pts_time:NOPTS pos:    91142 fmt:yuv420p sar:1/1 s:1280x720 i:P iskey:0 type:B
[info] video:5400kB audio:0kB subtitle:0kB other streams:0kB global headers:0kB muxing overhead: 0.000000%
`;

function parse(text: string, chunkSize = text.length) {
  const sizes: Array<[number, number]> = [];
  const frames: ShowinfoFrame[] = [];
  const parser = new FfmpegStderrParser({ onOutputSize: (w, h) => sizes.push([w, h]), onFrame: (f) => frames.push(f) });
  for (let i = 0; i < text.length; i += chunkSize) parser.push(text.slice(i, i + chunkSize));
  parser.end();
  return { parser, sizes, frames };
}

t.test('output size, duration and one event per frame, whatever the chunking', async (t) => {
  for (const chunk of [DECODE.length, 1, 7, 100]) {
    const { parser, sizes, frames } = parse(DECODE, chunk);
    t.same(sizes, [[1280, 720]], `size once (chunks of ${chunk})`);
    t.equal(parser.durationMs, 10480);
    t.ok(parser.inputOpened);
    t.same(frames, [
      { n: 0, ptsMs: 0, width: 1280, height: 720 },
      { n: 1, ptsMs: 1001 * 1000 / 30000, width: 1280, height: 720 },
      { n: 2, ptsMs: undefined, width: 1280, height: 720 },
    ]);
    t.same(parser.problems, [], 'a clean decode has no problem lines');
  }
});

t.test('pts comes from the integer pts and time base, not the 6-digit pts_time', async (t) => {
  const late = `[Parsed_showinfo_1 @ 0x1] [info] config in time_base: 1/90000, frame_rate: 30/1
[Parsed_showinfo_1 @ 0x1] [info] n:324000 pts:1166403000 pts_time:12960 pos: -1 fmt:rgb24 sar:1/1 s:640x480 i:P iskey:0 type:P
[Parsed_showinfo_1 @ 0x1] [info] n:324001 pts:1166406000 pts_time:12960 pos: -1 fmt:rgb24 sar:1/1 s:640x480 i:P iskey:0 type:P
`;
  const { frames } = parse(late);
  t.same(frames.map((f) => f.ptsMs), [12960033.333333334, 12960066.666666666]);
  const noTimeBase = parse('[Parsed_showinfo_1 @ 0x1] [info] n:   3 pts:      3 pts_time:0.6     pos: 1 fmt:rgb24 sar:1/1 s:640x480 i:P\n');
  t.same(noTimeBase.frames.map((f) => f.ptsMs), [600], 'falls back to pts_time');
});

t.test('warning and error lines are kept with their level and component; live streams have no duration', async (t) => {
  const text = `[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55d2f0873a00] [warning] Packet corrupt (stream = 0, dts = 111111).
[h264 @ 0x55d2f0892ec0] [error] Invalid NAL unit size (3879 > 60).
[info]   Duration: N/A, start: 1.2, bitrate: N/A
[error] Error while decoding stream #0:0: Invalid data found when processing input
`;
  const { parser } = parse(text);
  t.same(parser.problems, [
    { component: 'mov,mp4,m4a,3gp,3g2,mj2', level: 'warning', text: 'Packet corrupt (stream = 0, dts = 111111).' },
    { component: 'h264', level: 'error', text: 'Invalid NAL unit size (3879 > 60).' },
    { component: undefined, level: 'error', text: 'Error while decoding stream #0:0: Invalid data found when processing input' },
  ]);
  t.ok(parser.sawErrors);
  t.equal(parser.durationMs, undefined);
});

t.test('the list entry probe refusing every decoder (codec_whitelist none) is expected, not a problem', async (t) => {
  // Captured from an RTSP camera read through the ffconcat list on stdin.
  const expected = `[h264 @ 0x56258cfb6100] [error] Codec (h264) not on whitelist 'none'
[rtsp @ 0x56258cfb17c0] [warning] Failed to open codec in avformat_find_stream_info
[h264 @ 0x56258cfb6100] [error] Codec (h264) not on whitelist 'none'
[rtsp @ 0x56258cfb17c0] [warning] Could not find codec parameters for stream 0 (Video: h264 (Constrained Baseline), none(progressive)): unspecified size
Consider increasing the value for the 'analyzeduration' (500000) and 'probesize' (5000000) options
[info] Input #0, concat, from 'pipe:0':
[info]   Stream #0:0: Video: h264 (Constrained Baseline), yuv420p(tv, smpte170m, progressive), 320x240 [SAR 1:1 DAR 4:3], 10 fps, 20 tbr, 90k tbn
`;
  const { parser } = parse(expected);
  t.same(parser.problems, []);
  t.equal(parser.sawErrors, false);
  const real = `[concat @ 0x1] [warning] Could not find codec parameters for stream 0 (Video: png, rgb24(pc)): unspecified size
[h264 @ 0x2] [error] Codec (h264) not on whitelist 'h264_cuvid'
[mov,mp4,m4a,3gp,3g2,mj2 @ 0x3] [warning] Failed to open codec in avformat_find_stream_info
`;
  t.equal(parse(real).parser.problems.length, 3, 'without our refusal, or from the concat input itself, they are kept');
  t.same(parse(expected + real).parser.problems.map((l) => l.component), ['concat', 'h264'], 'after our refusal: the concat input\'s own warning and any other refusal are kept');
});

t.test('untagged lines (builds without level tags) count as problems only when they read like one', async (t) => {
  const { parser } = parse('[tcp @ 0x1] Connection to tcp://h:554 failed: Connection refused\nStream mapping:\n');
  t.same(parser.problems.map((l) => l.text), ['Connection to tcp://h:554 failed: Connection refused']);
});

t.test('a long failure keeps its first and latest problem lines', async (t) => {
  const lines = Array.from({ length: 500 }, (_, i) => `[h264 @ 0x1] [error] error ${i}\n`).join('');
  const { parser } = parse(lines);
  t.equal(parser.problems.length, 80);
  t.equal(parser.problems[0].text, 'error 0');
  t.equal(parser.problems.at(-1)!.text, 'error 499');
});

t.test('the input size from the stream header, once; overlong lines are cut, not kept whole', async (t) => {
  const sizes: Array<[string, number, number]> = [];
  const p = new FfmpegStderrParser({ onInputSize: (w, h) => sizes.push(['in', w, h]), onOutputSize: (w, h) => sizes.push(['out', w, h]), onFrame: () => undefined });
  p.push([
    "[info] Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'file:/tmp/big.mp4':",
    '[info]   Stream #0:0[0x1](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(progressive), 16000x16000, 3 kb/s, 5 fps (default)',
    '[info]   Stream #0:1[0x2](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(progressive), 320x240, 3 kb/s, 5 fps (default)',
    "[info] Output #0, rawvideo, to 'pipe:1':",
    '[info]   Stream #0:0(und): Video: rawvideo (RGB[24] / 0x18424752), rgb24(pc, progressive), 2160x2160, q=2-31, 5 fps (default)',
    '',
  ].join('\n'));
  t.same(sizes, [['in', 16000, 16000], ['out', 2160, 2160]], 'the first video stream of the input, then the output');

  const q = new FfmpegStderrParser({ onOutputSize: () => undefined, onFrame: () => undefined });
  const huge = '[warning] ' + 'x'.repeat(1000);
  for (let i = 0; i < 200; i++) q.push(huge); // 200 KB without a newline, as a hostile metadata tag would print
  q.push('\n');
  t.equal(q.problems.length, 1);
  t.equal(q.problems[0].text.length, MAX_STDERR_LINE - '[warning] '.length, `a line is kept to ${MAX_STDERR_LINE} characters`);
});
