// Frame size is bounded by configuration (issue 8, item 5): both decoders scale frames into
// maxWidth x maxHeight before they reach Node, ffmpeg refuses sources over maxInputPixels from the
// stream header, and a decoder that announces absurd sizes or packet lengths is stopped before Node
// allocates for them (a stand-in decoder writes such a GDP stream on a real pipe).
import t from 'tap';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FfmpegFrameSource, GstFrameSource } from '../../ingest/index.js';
import type { Frame, FrameSource } from '../../core/index.js';
import { video } from '../helpers/fixtures.js';
import { waitForNoDescendants } from '../helpers/processes.js';

const dir = mkdtempSync(join(tmpdir(), 'sharpeye-size-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

async function first(source: FrameSource): Promise<Frame | undefined> {
  for await (const f of source) return f;
  return undefined;
}

t.test('maxHeight caps the frame on both decoders, aspect kept', async (t) => {
  const url = video('highway.mp4'); // 1280x720
  const ff = await first(new FfmpegFrameSource({ url, fps: 1, maxHeight: 300 }));
  t.same([ff?.width, ff?.height], [532, 300], 'ffmpeg: width even, height from the aspect');
  const gst = await first(new GstFrameSource({ url, fps: 1, maxHeight: 300 }));
  t.same([gst?.width, gst?.height], [533, 300], 'gstreamer');
  t.same(await waitForNoDescendants(/ffmpeg|gst-launch/), []);
});

t.test('ffmpeg: a source over maxInputPixels is refused from its stream header with its size', async (t) => {
  const url = video('highway.mp4');
  const err = await first(new FfmpegFrameSource({ url, maxInputPixels: 500_000 })).then(() => undefined, (e) => e);
  t.equal(err?.code, 'E_INPUT_TOO_LARGE');
  t.equal(err?.message, `video ${url} is too large: 1280x720 = 0.9 MP, over the limit of 0.5 MP (500000 pixels); use a smaller picture or raise maxInputPixels (--max-input-pixels)`);
  t.same(err?.details, { width: 1280, height: 720, pixels: 921600, limit: 500_000 });
  t.same(await waitForNoDescendants(/ffmpeg/), []);
});

/** A stand-in for the GStreamer decoder child (run as `<path> -I <script>`, arguments ignored) that writes the given GDP packets on stdout and then waits. */
function fakeGstLaunch(name: string, packets: Array<{ type: number; length: number; payload: string }>): string {
  const path = join(dir, name);
  const lines = packets.map((p) => `  { const h = Buffer.alloc(62); h.writeUInt16BE(${p.type}, 4); h.writeUInt32BE(${p.length}, 6); process.stdout.write(Buffer.concat([h, Buffer.from(${JSON.stringify(p.payload)})])); }`);
  writeFileSync(path, [`#!${process.execPath}`, ...lines, 'setTimeout(() => {}, 30000);', ''].join('\n'));
  chmodSync(path, 0o755);
  return path;
}

t.test('gstreamer: absurd caps or packet lengths stop the source before Node allocates for them', async (t) => {
  const caps = (w: number, h: number) => `video/x-raw, format=(string)RGB, width=(int)${w}, height=(int)${h}, framerate=(fraction)5/1\0`;
  const cases = [
    { name: 'huge-caps', packets: [{ type: 2, length: 200, payload: caps(60000, 60000).padEnd(200, '\0') }], code: 'E_INPUT_TOO_LARGE', message: /negotiated 60000x60000 frames, over the \d+ bytes one frame may take/ },
    { name: 'huge-length', packets: [{ type: 2, length: 200, payload: caps(320, 240).padEnd(200, '\0') }, { type: 1, length: 0xfffffff0, payload: 'x' }], code: 'E_INGEST_DECODE', message: /a 4294967280-byte packet, over the \d+-byte limit/ },
    { name: 'wrong-length', packets: [{ type: 2, length: 200, payload: caps(320, 240).padEnd(200, '\0') }, { type: 1, length: 10, payload: '0123456789' }], code: 'E_INGEST_DECODE', message: /a 10-byte frame does not match its 320x240 RGB caps/ },
  ];
  for (const c of cases) {
    const source = new GstFrameSource({ url: video('highway.mp4'), pythonPath: fakeGstLaunch(c.name, c.packets) });
    const started = Date.now();
    const err = await first(source).then(() => undefined, (e) => e);
    t.equal(err?.code, c.code, c.name);
    t.match(err?.message, c.message, c.name);
    t.ok(Date.now() - started < 10_000, `${c.name}: failed at once, not after the stand-in's 30 s`);
  }
  t.same(await waitForNoDescendants(/sharpeye-size-/), [], 'the stand-in decoders were stopped');
});
