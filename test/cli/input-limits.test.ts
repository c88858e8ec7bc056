// Memory is bounded by configuration, not by the input (issue 8, item 5). Generated pixel bombs
// (a 775 KB PNG and a video that declare 16000x16000 = 256 MP) are refused before they are decoded
// with E_INPUT_TOO_LARGE; images are decoded one at a time; large video is scaled down inside
// ffmpeg. Peak resident memory of the CLI (and of its ffmpeg) is measured from /proc and bounded.
// Before: `detect` on three bombs peaked at 2.5 GB, `analyze` on a 16000x16000 video at 3.8-4.2 GB.
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { image } from '../helpers/fixtures.js';
import { runSharpeyeMeasured } from '../helpers/peak-rss.js';
import { copies, h264Clip, pngBomb, pngVideo } from '../helpers/pixel-bombs.js';

const dir = mkdtempSync(join(tmpdir(), 'sharpeye-limits-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const bomb = await pngBomb(dir); // 16000x16000, ~775 KB

/** Stated bounds, MiB. A loaded detector and onnxruntime take ~120-250 MB of them. */
const REFUSED_CLI_MB = 400;
const DECODED_CLI_MB = 550;

t.test('detect: three 16000x16000 PNGs are refused from their headers, memory stays small', async (t) => {
  const images = copies(bomb, dir, 3);
  const r = await runSharpeyeMeasured(['detect', ...images]);
  t.equal(r.code, 1, r.stderr);
  t.equal(r.stderr.trim().split('\n').length, 1, 'one line');
  t.match(r.stderr, `sharpeye detect: E_INPUT_TOO_LARGE: image ${images[0]} is too large: 16000x16000 = 256.0 MP, over the limit of 40.0 MP (40000000 pixels); use a smaller picture or raise --max-input-pixels`);
  t.notMatch(r.stderr, /not a readable image|use a PNG/, 'a valid PNG is not called unreadable');
  t.ok(r.peakRssMb < REFUSED_CLI_MB, `peak RSS ${r.peakRssMb} MB < ${REFUSED_CLI_MB} MB (was 2500 MB)`);
});

t.test('detect: --max-input-pixels sets the limit, both ways', async (t) => {
  const low = await runSharpeyeMeasured(['detect', image('bus.jpg'), '--max-input-pixels', '100000']);
  t.equal(low.code, 1);
  t.match(low.stderr, /E_INPUT_TOO_LARGE: image .*bus\.jpg is too large: 810x1080 = 0\.9 MP, over the limit of 0\.1 MP \(100000 pixels\)/);
  for (const bad of ['0', '1.5']) {
    const r = await runSharpeyeMeasured(['detect', image('bus.jpg'), '--max-input-pixels', bad]);
    t.equal(r.code, 2, `--max-input-pixels ${bad}`);
    t.match(r.stderr, /E_CONFIG_INVALID: .*max-input-pixels/);
  }
});

t.test('detect decodes one image at a time: six 36 MP PNGs cost about one', async (t) => {
  const big = await pngBomb(dir, 6000, 'p36.png'); // 6000x6000 = 36 MP, under the limit: 108 MB decoded
  const images = copies(big, dir, 6);
  const r = await runSharpeyeMeasured(['detect', ...images, '--json', '--model', 'yolox-nano']);
  t.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as Array<{ image: string; width: number }>;
  t.same(out.map((o) => [o.image, o.width]), images.map((i) => [i, 6000]), 'every image reported, in order');
  t.ok(r.peakRssMb < DECODED_CLI_MB, `peak RSS ${r.peakRssMb} MB < ${DECODED_CLI_MB} MB (all six at once: 650 MB of pixels alone)`);
});

t.test('analyze: a 16000x16000 video is refused by the decoder before a frame is allocated', async (t) => {
  const clip = pngVideo(bomb, dir);
  const r = await runSharpeyeMeasured(['analyze', clip, '--model', 'yolox-nano']);
  t.equal(r.code, 1, r.stderr);
  t.match(r.stderr, `sharpeye analyze: E_INPUT_TOO_LARGE: ${clip}: the video frames are larger than the pixel limit`);
  t.match(r.stderr, /16000x16000 exceeds specified max pixel count 40000000/);
  t.ok(r.peakRssMb < REFUSED_CLI_MB, `sharpeye peak RSS ${r.peakRssMb} MB < ${REFUSED_CLI_MB} MB (was 3800-4200 MB)`);
  t.ok(r.peakChildRssMb < 200, `ffmpeg peak RSS ${r.peakChildRssMb} MB < 200 MB`);
});

t.test('analyze: a 48 MP H.264 stream is refused from its stream header, naming its size', async (t) => {
  const clip = h264Clip(dir, 8000, 6000);
  const r = await runSharpeyeMeasured(['analyze', clip, '--model', 'yolox-nano']);
  t.equal(r.code, 1, r.stderr);
  t.match(r.stderr, `E_INPUT_TOO_LARGE: video ${clip} is too large: 8000x6000 = 48.0 MP, over the limit of 40.0 MP (40000000 pixels)`);
  t.ok(r.peakRssMb < REFUSED_CLI_MB, `peak RSS ${r.peakRssMb} MB`);
  const raised = await runSharpeyeMeasured(['analyze', clip, '--model', 'yolox-nano', '--max-input-pixels', '50000000']);
  t.equal(raised.code, 0, `raised limit decodes it: ${raised.stderr}`);
  t.same(raised.stdout.trim().split('\n').length, 2, 'both frames');
});

t.test('analyze: a 36 MP video within the limit reaches Node scaled into 3840x2160', async (t) => {
  const clip = h264Clip(dir, 6000, 6000, 4);
  const r = await runSharpeyeMeasured(['analyze', clip, '--model', 'yolox-nano', '--track']);
  t.equal(r.code, 0, r.stderr);
  const frames = r.stdout.trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.type === 'frame');
  t.equal(frames.length, 4);
  t.ok(r.peakRssMb < DECODED_CLI_MB, `sharpeye peak RSS ${r.peakRssMb} MB < ${DECODED_CLI_MB} MB (was 743 MB with 108 MB frames)`);
});

t.test('analyze over HTTP (URL on ffmpeg\'s stdin, ffconcat list): the same limits bind, probe included', async (t) => {
  // A local HTTP server streaming the bombs (Matroska: readable front to back, no range requests).
  const server = createServer((req, res) => {
    const path = join(dir, (req.url ?? '/').slice(1));
    if (!/^\/[\w.-]+\.mkv$/.test(req.url ?? '') || !existsSync(path)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'video/x-matroska' });
    createReadStream(path).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.teardown(() => server.close());
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  pngVideo(bomb, dir);
  const png = await runSharpeyeMeasured(['analyze', `${base}/bomb-video.mkv`, '--model', 'yolox-nano']);
  t.equal(png.code, 1, png.stderr);
  t.match(png.stderr, /E_INPUT_TOO_LARGE: .*the video frames are larger than the pixel limit/);
  t.match(png.stderr, /16000x16000 exceeds specified max pixel count 40000000/);
  // Without `codec_whitelist none` in the list entry the concat demuxer's own probe decoded the
  // picture in full, with no pixel limit: ffmpeg peaked at ~800 MB before refusing it.
  t.ok(png.peakChildRssMb < 200, `ffmpeg peak RSS ${png.peakChildRssMb} MB < 200 MB`);

  execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', h264Clip(dir, 8000, 6000), '-c', 'copy', join(dir, 'flat-48mp.mkv')]);
  const h264 = await runSharpeyeMeasured(['analyze', `${base}/flat-48mp.mkv`, '--model', 'yolox-nano']);
  t.equal(h264.code, 1, h264.stderr);
  // The stream header names the size only when the entry's probe decodes nothing (it was "none").
  t.match(h264.stderr, `E_INPUT_TOO_LARGE: video ${base}/flat-48mp.mkv is too large: 8000x6000 = 48.0 MP, over the limit of 40.0 MP (40000000 pixels)`);
  t.ok(h264.peakChildRssMb < 200, `ffmpeg peak RSS ${h264.peakChildRssMb} MB < 200 MB`);
  const raised = await runSharpeyeMeasured(['analyze', `${base}/flat-48mp.mkv`, '--model', 'yolox-nano', '--max-input-pixels', '50000000']);
  t.equal(raised.code, 0, `raised limit decodes it over HTTP: ${raised.stderr}`);
  t.same(raised.stdout.trim().split('\n').length, 2, 'both frames');
});
