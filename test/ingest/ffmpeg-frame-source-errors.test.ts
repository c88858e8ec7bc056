// FfmpegFrameSource on bad inputs: every failure is a SharpeyeError with its own code and a message
// that names the input (credentials masked) and quotes ffmpeg, and no ffmpeg process is left.
import t, { type Test } from 'tap';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type Server } from 'node:net';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FfmpegFrameSource, type FfmpegFrameSourceOptions } from '../../ingest/index.js';
import type { Frame } from '../../core/index.js';
import { video } from '../helpers/fixtures.js';
import { waitForNoDescendants } from '../helpers/processes.js';

const dir = mkdtempSync(join(tmpdir(), 'sharpeye-ingest-bad-'));
const file = (name: string, data: string | Uint8Array) => { const p = join(dir, name); writeFileSync(p, data); return p; };

/** Reads a source to its end; returns the frames and the error it ended with. */
async function read(options: FfmpegFrameSourceOptions): Promise<{ frames: Frame[]; error: (Error & { code?: string; retryable?: boolean }) | undefined }> {
  const frames: Frame[] = [];
  try {
    for await (const f of new FfmpegFrameSource(options)) frames.push(f);
    return { frames, error: undefined };
  } catch (error) {
    return { frames, error: error as Error };
  }
}

async function expectFailure(t: Test, options: FfmpegFrameSourceOptions, code: string, message: RegExp | string) {
  const { frames, error } = await read(options);
  t.equal(error?.code, code, `${options.url}: ${code}`);
  t.match(error?.message, message);
  t.same(await waitForNoDescendants(/ffmpeg/), [], 'no ffmpeg process left');
  return { frames, error };
}

async function listen(server: Server | ReturnType<typeof createHttpServer>): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => { server.close(); });
  return (server.address() as { port: number }).port;
}

t.test('missing file: E_INPUT_NOT_FOUND before anything is spawned', async (t) => {
  await expectFailure(t, { url: join(dir, 'missing.mp4') }, 'E_INPUT_NOT_FOUND', `video file ${join(dir, 'missing.mp4')} does not exist or is not a regular file; check the path`);
});

t.test('unsupported schemes: E_INPUT_UNSUPPORTED_URL naming the scheme and the allowed ones', async (t) => {
  await expectFailure(t, { url: 'gopher://example.org/clip' }, 'E_INPUT_UNSUPPORTED_URL',
    "unsupported URL scheme 'gopher:' in gopher://example.org/clip; use a file path or one of file:, http:, https:, rtsp:, rtsps:, rtmp:, srt:, udp:, tcp:");
  const { error } = await expectFailure(t, { url: 'ftp://user:hunter22@example.org/a.mp4' }, 'E_INPUT_UNSUPPORTED_URL', "unsupported URL scheme 'ftp:' in ftp://***@example.org/a.mp4");
  t.notMatch(error?.message, /hunter22/);
});

t.test('truncated file with its moov atom at the end: no frame, E_INGEST_DECODE quoting ffmpeg', async (t) => {
  const cut = file('truncated-moov-at-end.mp4', readFileSync(video('intersection.mp4')).subarray(0, 200_000));
  const { frames } = await expectFailure(t, { url: cut, fps: 5 }, 'E_INGEST_DECODE',
    `${cut}: the input is corrupt, truncated or not a video (ffmpeg: moov atom not found; Invalid data found when processing input)`);
  t.equal(frames.length, 0);
});

t.test('truncated file with its moov atom at the start: the decodable frames, then E_INGEST_DECODE', async (t) => {
  const cut = file('truncated-mid.mp4', readFileSync(video('pedestrian_street.mp4')).subarray(0, 1_500_000));
  const { frames, error } = await expectFailure(t, { url: cut, fps: 5 }, 'E_INGEST_DECODE',
    new RegExp(`^${cut}: the file is truncated or corrupt: decoding stopped at \\d+\\.\\d\\d s of 10\\.48 s \\(ffmpeg: .*partial file`));
  t.ok(frames.length >= 10 && frames.length < 52, `${frames.length} of ~52 frames delivered before the error`);
  // Sampling keeps the 29.97 fps source's own pts: within one source frame (33.4 ms) of index * 200 ms.
  t.ok(frames.every((f, i) => f.index === i && f.ptsMs >= i * 200 - 1 && f.ptsMs < i * 200 + 33.4), 'frames before the cut are intact and in order');
  const stoppedAt = Number(/stopped at (\d+\.\d\d) s/.exec(String(error?.message))?.[1]) * 1000;
  const last = frames.at(-1)!.ptsMs;
  t.ok(stoppedAt >= last + 190 && stoppedAt <= last + 240, `the reported stop (${stoppedAt} ms) is one sampling interval after the last frame (${last} ms)`);
});

t.test('random bytes, a text file and an audio-only file: E_INGEST_DECODE', async (t) => {
  let seed = 42;
  const random = file('random.bin', Uint8Array.from({ length: 100_000 }, () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24));
  await expectFailure(t, { url: random }, 'E_INGEST_DECODE', `${random}: the input is corrupt, truncated or not a video (ffmpeg: Invalid data found when processing input)`);
  const text = file('notes.txt', 'not a video\njust some notes\n');
  await expectFailure(t, { url: text }, 'E_INGEST_DECODE', `${text}: the input is corrupt, truncated or not a video (ffmpeg: Invalid data found when processing input)`);
  const wav = file('tone.wav', wavFile(8000, 4000));
  await expectFailure(t, { url: wav }, 'E_INGEST_DECODE', `${wav}: the input has no video stream (ffmpeg: Stream map '0:v:0' matches no streams.`);
});

t.test('refused connection: retryable E_INGEST_UNREACHABLE, credentials masked', async (t) => {
  const port = await closedPort();
  const { error } = await expectFailure(t, { url: `rtsp://admin:hunter22@127.0.0.1:${port}/x` }, 'E_INGEST_UNREACHABLE',
    `rtsp://***@127.0.0.1:${port}/x: the stream could not be reached; check the host, the port and that the camera is online (ffmpeg: Connection to tcp://127.0.0.1:${port}`);
  t.match(error?.message, 'Connection refused');
  t.equal(error?.retryable, true);
  t.notMatch(JSON.stringify([error?.message, (error as { details?: unknown }).details]), /hunter22|admin/);
});

t.test('a server that accepts and never answers: E_INGEST_UNREACHABLE after ioTimeoutMs', async (t) => {
  const silent = createTcpServer(() => undefined);
  const port = await listen(silent);
  await expectFailure(t, { url: `http://127.0.0.1:${port}/a.mp4`, ioTimeoutMs: 500 }, 'E_INGEST_UNREACHABLE', `http://127.0.0.1:${port}/a.mp4: the stream could not be reached; check the host, the port and that the camera is online (ffmpeg: Connection timed out)`);
});

t.test('http 404, 401 and 403: E_INGEST_NOT_FOUND and E_INGEST_UNAUTHORIZED', async (t) => {
  const server = createHttpServer((req, res) => { res.writeHead(Number(req.url?.slice(1, 4))); res.end(); });
  const base = `http://127.0.0.1:${await listen(server)}`;
  await expectFailure(t, { url: `${base}/404.mp4` }, 'E_INGEST_NOT_FOUND', `${base}/404.mp4: the stream or file was not found; check the path in the URL (ffmpeg: HTTP error 404 Not Found; Server returned 404 Not Found)`);
  const unauthorized = await expectFailure(t, { url: `${base}/401.mp4` }, 'E_INGEST_UNAUTHORIZED', `${base}/401.mp4: the stream refused the credentials; check the user name and password in the URL (ffmpeg: `);
  t.match(unauthorized.error?.message, 'Server returned 401 Unauthorized (authorization failed))');
  await expectFailure(t, { url: `${base}/403.mp4` }, 'E_INGEST_UNAUTHORIZED', '(ffmpeg: HTTP error 403 Forbidden; Server returned 403 Forbidden (access denied))');
});

t.test('rtsp 401 from a camera: E_INGEST_UNAUTHORIZED, credentials masked', async (t) => {
  const camera = createTcpServer((socket) => socket.on('data', (req) => {
    const cseq = /CSeq: (\d+)/i.exec(String(req))?.[1] ?? '1';
    socket.write(`RTSP/1.0 401 Unauthorized\r\nCSeq: ${cseq}\r\nWWW-Authenticate: Basic realm="cam"\r\n\r\n`);
  }));
  const port = await listen(camera);
  const { error } = await expectFailure(t, { url: `rtsp://admin:hunter22@127.0.0.1:${port}/live` }, 'E_INGEST_UNAUTHORIZED',
    `rtsp://***@127.0.0.1:${port}/live: the stream refused the credentials; check the user name and password in the URL (ffmpeg: method OPTIONS failed: 401 Unauthorized`);
  t.notMatch(error?.message, /hunter22/);
});

t.test('ffmpeg missing: E_INGEST_SPAWN saying how to fix it', async (t) => {
  const missing = join(dir, 'no-ffmpeg-here');
  await expectFailure(t, { url: video('highway.mp4'), ffmpegPath: missing }, 'E_INGEST_SPAWN', `could not start ffmpeg '${missing}' (not found); install ffmpeg`);
  const notExecutable = file('ffmpeg-not-executable', '#!/bin/sh\n');
  await expectFailure(t, { url: video('highway.mp4'), ffmpegPath: notExecutable }, 'E_INGEST_SPAWN', `could not start ffmpeg '${notExecutable}' (not executable)`);
});

/** A port nothing listens on: bound by us, then released. */
async function closedPort(): Promise<number> {
  const server = createTcpServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** A mono 16-bit PCM WAV file of silence: audio only, no video stream. */
function wavFile(sampleRate: number, samples: number): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + samples * 2, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(samples * 2, 40);
  return Buffer.concat([header, Buffer.alloc(samples * 2)]);
}
