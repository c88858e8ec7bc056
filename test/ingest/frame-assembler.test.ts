// FrameAssembler: cutting the byte stream into frames and pairing each with its showinfo line,
// whatever order and chunking the two pipes deliver in.
import t from 'tap';
import type { Frame, SharpeyeError } from '../../core/index.js';
import type { ShowinfoFrame } from '../../ingest/ffmpeg/ffmpeg-stderr.js';
import { FrameAssembler } from '../../ingest/ffmpeg/frame-assembler.js';

const W = 4, H = 2, BYTES = W * H * 3;
/** Frame k is filled with the byte value k, so a mis-cut shows. */
const stream = (count: number) => Buffer.concat(Array.from({ length: count }, (_, k) => Buffer.alloc(BYTES, k)));
const info = (n: number, ptsMs: number | undefined, w = W, h = H): ShowinfoFrame => ({ n, ptsMs, width: w, height: h });

function collect(intervalMs?: number) {
  const frames: Frame[] = [];
  const errors: SharpeyeError[] = [];
  const a = new FrameAssembler('cam-1', { frame: (f) => frames.push(f), error: (e) => errors.push(e) }, intervalMs);
  return { a, frames, errors };
}

t.test('frames cut at any chunk size, bytes before the size, lines before or after the bytes', async (t) => {
  for (const chunk of [1, 5, BYTES, BYTES + 7, 1000]) {
    const { a, frames } = collect(200);
    const bytes = stream(4);
    a.addInfo(info(0, 0));
    for (let i = 0; i < bytes.length; i += chunk) {
      a.push(bytes.subarray(i, i + chunk));
      if (i === 0) a.setSize(W, H);
    }
    for (let k = 1; k < 4; k++) a.addInfo(info(k, k * 200));
    t.same(frames.map((f) => [f.index, f.ptsMs, f.data[0], f.data[BYTES - 1], f.data.length]), [[0, 0, 0, 0, BYTES], [1, 200, 1, 1, BYTES], [2, 400, 2, 2, BYTES], [3, 600, 3, 3, BYTES]], `chunks of ${chunk}`);
    t.ok(frames.every((f) => f.sourceId === 'cam-1' && f.width === W && f.height === H));
  }
});

t.test('pts kept strictly increasing: repeats and jumps back shift later frames by one step', async (t) => {
  const { a, frames } = collect(100);
  a.setSize(W, H);
  a.push(stream(5));
  for (const [n, pts] of [[0, 0], [1, 100], [2, 100], [3, 50], [4, 150]] as const) a.addInfo(info(n, pts));
  t.same(frames.map((f) => f.ptsMs), [0, 100, 200, 300, 400]);
  t.equal(a.lastPtsMs, 400);
});

t.test('missing pts (NOPTS, or no line by the end) are extrapolated from the last gap', async (t) => {
  const { a, frames } = collect();
  a.setSize(W, H);
  a.push(stream(4));
  a.addInfo(info(0, 0));
  a.addInfo(info(1, 40));
  a.addInfo(info(2, undefined));
  a.end();
  t.same(frames.map((f) => f.ptsMs), [0, 40, 80, 120]);
  t.equal(a.frameIntervalMs, 40);
});

t.test('a size change mid-stream stops with a retryable E_INGEST_DECODE naming both sizes', async (t) => {
  const { a, frames, errors } = collect(200);
  a.setSize(W, H);
  a.push(stream(3));
  a.addInfo(info(0, 0));
  a.addInfo(info(1, 200, 8, 4));
  a.addInfo(info(2, 400));
  t.equal(frames.length, 1);
  t.equal(errors.length, 1);
  t.equal(errors[0].code, 'E_INGEST_DECODE');
  t.equal(errors[0].retryable, true);
  t.equal(errors[0].message, 'cam-1: the picture size changed mid-stream from 4x2 to 8x4; reopen the source to continue at the new size');
});
