// Builds ffmpeg's argument list for decoding one input into raw RGB24 frames on stdout, sampled at
// a rate and capped in width, with `showinfo` printing each output frame's pts on stderr.
// Pure, so tests assert on it; ffmpeg is spawned directly (fluent-ffmpeg is archived upstream).
import { resolve } from 'node:path';
import { SharpeyeError } from '../../core/index.js';
import { schemeOf } from '../source-url.js';
import { isAtLeast, LATEST_FFMPEG, type FfmpegVersion } from './ffmpeg-version.js';

export interface FfmpegDecodeOptions {
  /** File path or URL, already checked by `checkSource`. */
  input: string;
  /** Frames per second to sample (ffmpeg's `fps` filter). @defaultValue every decoded frame, at the native rate */
  fps?: number;
  /** Scale down (never up) to at most this width, keeping the aspect ratio; both sides even. @defaultValue no scaling */
  maxWidth?: number;
  /**
   * Decoder and filter threads. One thread per camera keeps CPU use predictable when many cameras
   * share a machine with inference, and adds no frame-threading latency on live streams.
   * @defaultValue 1
   */
  threads?: number;
  /** RTSP transport; TCP survives NAT and packet loss where UDP smears frames. @defaultValue 'tcp' */
  rtspTransport?: 'tcp' | 'udp';
  /** Socket/IO timeout for network inputs: connecting, and each read once streaming. @defaultValue 10000 */
  ioTimeoutMs?: number;
  /**
   * Decode on an NVIDIA GPU (`-hwaccel cuda`; frames are copied back to memory for the filters).
   * Needs an ffmpeg built with CUDA (GPU images). @defaultValue false
   */
  hwDecode?: boolean;
  /** The ffmpeg that will run these arguments (see `probeFfmpegVersion`). @defaultValue the newest option names */
  ffmpegVersion?: FfmpegVersion;
}

export const DEFAULT_IO_TIMEOUT_MS = 10_000;

export function buildFfmpegDecodeArgs(o: FfmpegDecodeOptions): string[] {
  validateFfmpegDecodeOptions(o);
  const version = o.ffmpegVersion ?? LATEST_FFMPEG;
  const threads = String(o.threads ?? 1);
  return [
    // `level` tags each line [error]/[warning]/[info] for classification; `repeat` keeps ffmpeg
    // from folding repeated lines; info is the level showinfo and the stream dump print at.
    '-hide_banner', '-nostdin', '-nostats', '-loglevel', 'repeat+level+info',
    '-filter_threads', threads,
    '-threads', threads,
    ...networkOptions(o, version),
    ...(o.hwDecode ? ['-hwaccel', 'cuda'] : []),
    '-i', ffmpegInputFor(o.input),
    '-map', '0:v:0', '-an', '-sn', '-dn',
    '-vf', filterChain(o, version),
    // Without passthrough ffmpeg duplicates or drops frames to make rawvideo constant-rate, and
    // the frames on stdout would no longer pair one to one with showinfo's lines.
    ...(isAtLeast(version, 5, 1) ? ['-fps_mode', 'passthrough'] : ['-vsync', 'passthrough']),
    '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1',
  ];
}

/** Local paths go as `file:` so ffmpeg never reads a name like `concat:a|b` as a protocol. */
export function ffmpegInputFor(input: string): string {
  return schemeOf(input) === undefined ? `file:${resolve(input)}` : input;
}

function networkOptions(o: FfmpegDecodeOptions, version: FfmpegVersion): string[] {
  const timeoutUs = String(Math.round((o.ioTimeoutMs ?? DEFAULT_IO_TIMEOUT_MS) * 1000));
  switch (schemeOf(o.input)) {
    case 'rtsp':
    case 'rtsps':
      // Before 5.0 rtsp's `-timeout` meant "listen for a connection"; `-stimeout` was the socket timeout.
      // The SDP already describes the stream: probing 0.5 s instead of ffmpeg's default 5 s of
      // packets brings the first frame (and every reconnect) in about 1 s instead of 3.
      return ['-rtsp_transport', o.rtspTransport ?? 'tcp', isAtLeast(version, 5) ? '-timeout' : '-stimeout', timeoutUs, '-analyzeduration', '500000'];
    case 'udp':
    case 'srt':
      return ['-timeout', timeoutUs];
    case 'http':
    case 'https':
    case 'tcp':
    case 'rtmp':
      // rtmp's own `-timeout` is a listen timeout; rw_timeout is the generic IO one.
      return ['-rw_timeout', timeoutUs];
    default:
      return [];
  }
}

function filterChain(o: FfmpegDecodeOptions, version: FfmpegVersion): string {
  const filters: string[] = [];
  // fps before scale: frames the sampler drops are never scaled.
  if (o.fps !== undefined) filters.push(`fps=${o.fps}`);
  if (o.maxWidth !== undefined) {
    filters.push(`scale=w='trunc(min(iw,${o.maxWidth})/2)*2':h=-2:flags=area`);
  }
  // showinfo last, so it reports exactly the frames written to stdout; checksums are wasted work.
  filters.push(isAtLeast(version, 5) ? 'showinfo=checksum=0' : 'showinfo');
  return filters.join(',');
}

/** Throws E_CONFIG_INVALID naming the first option out of bounds. */
export function validateFfmpegDecodeOptions(o: FfmpegDecodeOptions): void {
  const fail = (path: string, rule: string, value: unknown) => {
    throw new SharpeyeError('E_CONFIG_INVALID', `${path} must be ${rule}, got ${String(value)}`, { details: { path, value } });
  };
  if (o.fps !== undefined && !(Number.isFinite(o.fps) && o.fps >= 0.001 && o.fps <= 1000)) fail('fps', 'a number from 0.001 to 1000', o.fps);
  if (o.maxWidth !== undefined && !(Number.isInteger(o.maxWidth) && o.maxWidth >= 2)) fail('maxWidth', 'an integer >= 2', o.maxWidth);
  if (o.threads !== undefined && !(Number.isInteger(o.threads) && o.threads >= 0 && o.threads <= 64)) fail('threads', 'an integer in [0, 64] (0 = ffmpeg decides)', o.threads);
  if (o.rtspTransport !== undefined && o.rtspTransport !== 'tcp' && o.rtspTransport !== 'udp') fail('rtspTransport', "'tcp' or 'udp'", o.rtspTransport);
  if (o.ioTimeoutMs !== undefined && !(Number.isFinite(o.ioTimeoutMs) && o.ioTimeoutMs > 0)) fail('ioTimeoutMs', 'a positive number of milliseconds', o.ioTimeoutMs);
}
