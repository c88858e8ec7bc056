// buildFfmpegDecodeArgs: the exact ffmpeg command line, for files and each kind of network input,
// on ffmpeg 4.x (older option names) and 5.1+.
import t from 'tap';
import { resolve } from 'node:path';
import { buildFfmpegDecodeArgs, buildFfmpegInputList } from '../../ingest/index.js';
import { ffconcatList } from '../../ingest/ffmpeg/ffmpeg-input-list.js';

const valueOf = (args: string[], flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
const V4 = { major: 4, minor: 4 };
const V5 = { major: 5, minor: 1 };

// Sampling is a drop-only `select` on frame time (never the fps filter, which repeats frames).
const select = (fps: number) => `select='isnan(t)+isnan(prev_selected_t)+lt(t,prev_selected_t)+gte(floor((t+0.0015)*${fps}),floor((prev_selected_t+0.0015)*${fps})+1)'`;
const scale = (w: number, h: number) => `scale=w='max(2,trunc(min(iw,min(${w},iw*${h}/ih))/2)*2)':h=-2:flags=area`;

t.test('file input: sampled, width-capped, raw RGB24 on stdout, one thread', async (t) => {
  const args = buildFfmpegDecodeArgs({ input: '/v/a.mp4', fps: 5, maxWidth: 640, ffmpegVersion: V5 });
  t.same(args.slice(0, 5), ['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'repeat+level+info']);
  t.equal(valueOf(args, '-i'), 'file:/v/a.mp4', 'local paths go as file: so they are never read as a protocol');
  t.equal(valueOf(args, '-vf'), `${select(5)},${scale(640, 2160)},showinfo=checksum=0`);
  t.notMatch(valueOf(args, '-vf')!, /(^|,)fps=/, 'no fps filter: it would invent frames');
  t.equal(valueOf(args, '-threads'), '1');
  t.equal(valueOf(args, '-filter_threads'), '1');
  t.ok(args.indexOf('-threads') < args.indexOf('-i'), 'decoder threads are an input option');
  t.same(args.slice(args.indexOf('-map'), args.indexOf('-map') + 5), ['-map', '0:v:0', '-an', '-sn', '-dn']);
  t.equal(valueOf(args, '-fps_mode'), 'passthrough', 'one output frame per showinfo line');
  t.same(args.slice(-5), ['-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1']);
  t.notOk(args.includes('-rtsp_transport') || args.includes('-rw_timeout') || args.includes('-timeout'), 'no network options for files');
});

t.test('defaults: native rate, frames fit 3840x2160, sources over 40 MP refused; relative paths are made absolute', async (t) => {
  const args = buildFfmpegDecodeArgs({ input: 'clips/a.mp4' });
  // Before issue 8 the default was no scaling at all: a 16000x16000 source reached Node at 768 MB a frame.
  t.equal(valueOf(args, '-vf'), `${scale(3840, 2160)},showinfo=checksum=0`);
  t.equal(valueOf(args, '-max_pixels'), '40000000');
  t.ok(args.indexOf('-max_pixels') < args.indexOf('-i'), 'a decoder (input) option');
  t.equal(valueOf(buildFfmpegDecodeArgs({ input: '/a.mp4', maxInputPixels: 1000 }), '-max_pixels'), '1000');
  t.equal(valueOf(buildFfmpegDecodeArgs({ input: '/a.mp4', maxWidth: 1280, maxHeight: 720, ffmpegVersion: V4 }), '-vf'), `${scale(1280, 720)},showinfo`);
  t.equal(valueOf(args, '-i'), `file:${resolve('clips/a.mp4')}`);
  t.equal(valueOf(buildFfmpegDecodeArgs({ input: '/a.mp4', threads: 0 }), '-threads'), '0', '0 lets ffmpeg decide');
});

/** The `option` lines of the ffconcat list ffmpeg reads on stdin, as a map. */
function listOptions(list: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of (list ?? '').matchAll(/^option (\S+) (\S+)$/gm)) out[m[1]] = m[2];
  return out;
}

t.test('network URLs never reach argv: ffmpeg reads a one-entry ffconcat list on stdin', async (t) => {
  const o = { input: 'rtsp://admin:s3cr3t@cam/s', ioTimeoutMs: 5000, ffmpegVersion: V5 };
  const args = buildFfmpegDecodeArgs(o);
  t.notMatch(args.join(' '), /s3cr3t|admin|cam\/s/, 'neither the URL nor its credentials are in argv');
  t.equal(valueOf(args, '-i'), 'pipe:0');
  t.equal(valueOf(args, '-protocol_whitelist'), 'pipe', 'the outer input may only read the pipe');
  t.equal(valueOf(args, '-f'), 'concat');
  t.equal(buildFfmpegInputList(o)?.split('\n').slice(0, 2).join('\n'), "ffconcat version 1.0\nfile 'rtsp://admin:s3cr3t@cam/s'");
  t.equal(buildFfmpegInputList({ input: '/v/a.mp4' }), undefined, 'files are named in argv and read nothing on stdin');
  t.throws(() => ffconcatList("rtsp://h/a'\nfile '/etc/passwd", []), { code: 'E_INTERNAL' }, 'a value that could break the list grammar is refused');
});

t.test('the pixel limit binds network inputs too: -max_pixels before -i, and the list entry probe decodes nothing', async (t) => {
  const o = { input: 'https://cam.example/live.m3u8', maxInputPixels: 1_000_000, ffmpegVersion: V5 };
  const args = buildFfmpegDecodeArgs(o);
  t.equal(valueOf(args, '-max_pixels'), '1000000');
  t.ok(args.indexOf('-max_pixels') < args.indexOf('-i'), 'an input option of the outer (concat) input: ffmpeg\'s decoder and its probe');
  // The concat demuxer probes its entry with no decoder options: with a decoder there, a 16000x16000
  // picture was decoded in full (800 MB) before -max_pixels could refuse it.
  t.equal(listOptions(buildFfmpegInputList(o)).codec_whitelist, 'none');
  t.equal(valueOf(buildFfmpegDecodeArgs({ ...o, ffmpegVersion: V4 }), '-max_pixels'), '1000000', 'ffmpeg 4 (URL in argv) too');
});

t.test('rtsp: tcp by default, socket timeout in microseconds, option name by ffmpeg version', async (t) => {
  const v5 = listOptions(buildFfmpegInputList({ input: 'rtsp://cam/s', ioTimeoutMs: 5000, ffmpegVersion: V5 }));
  t.equal(v5.rtsp_transport, 'tcp');
  t.equal(v5.analyzeduration, '500000', 'short probe: the SDP describes the stream');
  t.equal(v5.timeout, '5000000');
  t.equal(v5.protocol_whitelist, 'rtsp,rtp,udp,tcp');
  // ffmpeg 4 has no per-entry options in ffconcat: the URL goes in argv (see README "Security").
  const v4 = buildFfmpegDecodeArgs({ input: 'rtsps://cam/s', rtspTransport: 'udp', ffmpegVersion: V4 });
  t.equal(valueOf(v4, '-rtsp_transport'), 'udp');
  t.equal(valueOf(v4, '-stimeout'), '10000000', 'ffmpeg 4 read -timeout as a listen timeout');
  t.equal(valueOf(v4, '-protocol_whitelist'), 'rtsp,rtsps,rtp,udp,tcp,tls');
  t.equal(valueOf(v4, '-i'), 'rtsps://cam/s');
  t.ok(v4.indexOf('-stimeout') < v4.indexOf('-i'), 'input options come before -i');
  t.notOk(v4.includes('-timeout'));
});

t.test('other network inputs get the timeout option their protocol honours and only their protocols', async (t) => {
  for (const input of ['http://h/a.mp4', 'https://h/a.m3u8', 'tcp://h:9000', 'rtmp://h/live/x']) {
    const o = listOptions(buildFfmpegInputList({ input, ioTimeoutMs: 2500 }));
    t.equal(o.rw_timeout, '2500000', input);
    t.notOk('timeout' in o, `${input}: its -timeout would mean listen`);
  }
  for (const input of ['udp://0.0.0.0:5000', 'srt://h:9000']) t.equal(listOptions(buildFfmpegInputList({ input })).timeout, '10000000', input);
  const whitelist = (input: string) => listOptions(buildFfmpegInputList({ input })).protocol_whitelist;
  t.equal(whitelist('http://h/a.m3u8'), 'http,https,tcp,tls,crypto');
  t.equal(whitelist('https://h/a.m3u8'), 'http,https,tcp,tls,crypto');
  t.equal(whitelist('rtmp://h/x'), 'rtmp,tcp');
  t.equal(whitelist('udp://0.0.0.0:5000'), 'udp');
  for (const input of ['rtsp://h/x', 'rtsps://h/x', 'http://h/x', 'https://h/x', 'rtmp://h/x', 'srt://h:1', 'udp://h:1', 'tcp://h:1']) {
    t.notMatch(whitelist(input), /\b(file|pipe|concat|subfile|data|fd)\b/, `${input}: no local protocols`);
  }
});

t.test('files: only the file protocol and single-file containers', async (t) => {
  const args = buildFfmpegDecodeArgs({ input: '/v/-i.mp4' });
  t.equal(valueOf(args, '-protocol_whitelist'), 'file');
  t.equal(valueOf(args, '-i'), 'file:/v/-i.mp4', 'a leading - is part of a file: URL, never an option');
  const formats = valueOf(args, '-format_whitelist')!.split(',');
  t.ok(formats.includes('mov') && formats.includes('matroska') && formats.includes('mpegts'));
  for (const f of ['hls', 'concat', 'image2', 'sdp', 'rtp', 'rtsp', 'tee', 'dash']) t.notOk(formats.includes(f), `${f} is not allowed for files`);
});

t.test('ffmpeg before 5.1: -vsync instead of -fps_mode, showinfo without options', async (t) => {
  const args = buildFfmpegDecodeArgs({ input: '/a.mp4', fps: 2, ffmpegVersion: V4 });
  t.equal(valueOf(args, '-vsync'), 'passthrough');
  t.notOk(args.includes('-fps_mode'));
  t.equal(valueOf(args, '-vf'), `${select(2)},${scale(3840, 2160)},showinfo`);
  t.equal(valueOf(buildFfmpegDecodeArgs({ input: '/a.mp4', ffmpegVersion: { major: 5, minor: 0 } }), '-vsync'), 'passthrough');
});

t.test('out-of-bounds options are E_CONFIG_INVALID naming the option', async (t) => {
  t.throws(() => buildFfmpegDecodeArgs({ input: '/a.mp4', fps: 0 }), { code: 'E_CONFIG_INVALID', message: /^fps must be a number from 0.01 to 240, got 0$/ });
  t.throws(() => buildFfmpegDecodeArgs({ input: '/a.mp4', fps: Number.NaN }), { code: 'E_CONFIG_INVALID', message: /^fps must/ });
  t.throws(() => buildFfmpegDecodeArgs({ input: '/a.mp4', maxWidth: 640.5 }), { code: 'E_CONFIG_INVALID', message: /^maxWidth must be an integer >= 16/ });
  t.throws(() => buildFfmpegDecodeArgs({ input: '/a.mp4', maxWidth: 100_000 }), { code: 'E_CONFIG_INVALID', message: /^maxWidth must be an integer >= 16 and <= 16384/ });
  t.throws(() => buildFfmpegDecodeArgs({ input: '/a.mp4', maxHeight: 1 }), { code: 'E_CONFIG_INVALID', message: /^maxHeight must be an integer >= 16 and <= 16384/ });
  for (const maxInputPixels of [0, 1.5, 2 ** 31, Number.NaN]) {
    t.throws(() => buildFfmpegDecodeArgs({ input: '/a.mp4', maxInputPixels }), { code: 'E_CONFIG_INVALID', message: /^maxInputPixels must be a whole number of pixels/ }, String(maxInputPixels));
  }
  t.throws(() => buildFfmpegDecodeArgs({ input: '/a.mp4', threads: -1 }), { code: 'E_CONFIG_INVALID', message: /^threads must/ });
  t.throws(() => buildFfmpegDecodeArgs({ input: '/a.mp4', ioTimeoutMs: 0 }), { code: 'E_CONFIG_INVALID', message: /^ioTimeoutMs must/ });
});

t.test('hardware decode: -hwaccel cuda is an input option, absent by default', async (t) => {
  for (const input of ['rtsp://cam/s', '/v/a.mp4']) {
    const args = buildFfmpegDecodeArgs({ input, hwDecode: true, ffmpegVersion: V5 });
    t.equal(valueOf(args, '-hwaccel'), 'cuda');
    t.ok(args.indexOf('-hwaccel') < args.indexOf('-i'), 'before the input it applies to');
  }
  t.notOk(buildFfmpegDecodeArgs({ input: 'rtsp://cam/s' }).includes('-hwaccel'));
});
