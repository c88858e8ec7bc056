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

t.test('bounded: an announced size over maxFrameBytes fails with E_INPUT_TOO_LARGE before any frame buffer exists', async (t) => {
  const frames: Frame[] = [];
  const errors: SharpeyeError[] = [];
  const a = new FrameAssembler('cam-1', { frame: (f) => frames.push(f), error: (e) => errors.push(e) }, undefined, 1000);
  a.push(Buffer.alloc(600));
  a.setSize(16000, 16000);
  a.push(Buffer.alloc(600));
  a.addInfo(info(0, 0, 16000, 16000));
  t.equal(frames.length, 0);
  t.equal(errors.length, 1, 'reported once');
  t.equal(errors[0].code, 'E_INPUT_TOO_LARGE');
  t.match(errors[0].message, /cam-1: the decoder announced 16000x16000 frames, over the 1000 bytes one frame may take/);
  for (const [w, h] of [[0, 10], [-4, 2], [Number.NaN, 2]]) {
    const c = collect();
    c.a.setSize(w, h);
    t.equal(c.errors[0]?.code, 'E_INPUT_TOO_LARGE', `${w}x${h} refused`);
  }
});

t.test('bounded: bytes waiting for the size, and frames waiting for their line, are capped', async (t) => {
  const errs: SharpeyeError[] = [];
  const early = new FrameAssembler('cam-1', { frame: () => undefined, error: (e) => errs.push(e) }, undefined, BYTES);
  early.push(Buffer.alloc(BYTES));
  t.equal(errs.length, 0, 'one frame of bytes may arrive before the size line');
  early.push(Buffer.alloc(1));
  t.equal(errs[0]?.code, 'E_INGEST_DECODE');
  t.match(errs[0]?.message, /before the frame size/);

  // Tiny frames: many fit in a pipe read, so the cap is bytes (4 frames + 1 MiB), not a frame count.
  const { a, frames, errors } = collect();
  a.setSize(W, H);
  a.push(stream(1000));
  t.equal(errors.length, 0, '1000 tiny frames (24 KB) waiting for lines is a pipe read, not a fault');
  a.push(Buffer.alloc(2 << 20));
  t.equal(errors[0]?.code, 'E_INGEST_DECODE');
  t.match(errors[0]?.message, /frames arrived without their showinfo line/);
  a.addInfo(info(0, 0));
  t.equal(frames.length, 0, 'nothing after the failure');
});
