// Builds ffmpeg's argument list for decoding one input into raw RGB24 frames on stdout, sampled at
// a rate and capped in width, with `showinfo` printing each output frame's pts on stderr.
// Pure, so tests assert on it; ffmpeg is spawned directly (fluent-ffmpeg is archived upstream).
// A network URL never appears in argv (it may carry a password, and /proc/<pid>/cmdline is world-
// readable): ffmpeg reads it from a one-entry ffconcat list on stdin (see ffmpeg-input-list.ts).
import { resolve } from 'node:path';
import { SharpeyeError } from '../../core/index.js';
import { schemeOf } from '../source-url.js';
import { ffconcatList, FILE_FORMAT_WHITELIST, usesInputList } from './ffmpeg-input-list.js';
import { isAtLeast, LATEST_FFMPEG, type FfmpegVersion } from './ffmpeg-version.js';

export interface FfmpegDecodeOptions {
  /** File path or URL, already checked and normalised by `checkSource`. */
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
    ...(o.hwDecode ? ['-hwaccel', 'cuda'] : []),
    ...inputArgs(o, version),
    '-map', '0:v:0', '-an', '-sn', '-dn',
    '-vf', filterChain(o, version),
    // Without passthrough ffmpeg duplicates or drops frames to make rawvideo constant-rate, and
    // the frames on stdout would no longer pair one to one with showinfo's lines.
    ...(isAtLeast(version, 5, 1) ? ['-fps_mode', 'passthrough'] : ['-vsync', 'passthrough']),
    '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1',
  ];
}

/** What to write to ffmpeg's stdin for these options (the ffconcat list), or undefined when it reads nothing there. */
export function buildFfmpegInputList(o: FfmpegDecodeOptions): string | undefined {
  const version = o.ffmpegVersion ?? LATEST_FFMPEG;
  return usesInputList(o.input, version) ? ffconcatList(o.input, networkOptionPairs(o, version)) : undefined;
}

/**
 * What ffmpeg is told to open: local paths go as `file:` so ffmpeg never reads a name like
 * `concat:a|b` as a protocol; network URLs go as `pipe:0` (the ffconcat list on stdin) where this
 * ffmpeg reads one, else as the URL itself.
 */
export function ffmpegInputFor(input: string, version: FfmpegVersion = LATEST_FFMPEG): string {
  if (schemeOf(input) === undefined) return `file:${resolve(input)}`;
  return usesInputList(input, version) ? 'pipe:0' : input;
}

/**
 * Input options and `-i`. Files: only the file protocol and single-file container demuxers (a
 * local playlist, concat list or image pattern cannot make ffmpeg read other files). Network
 * inputs: only the outer `pipe` protocol and the concat demuxer; the list narrows the real input
 * to the protocols of its scheme.
 */
function inputArgs(o: FfmpegDecodeOptions, version: FfmpegVersion): string[] {
  if (schemeOf(o.input) === undefined) {
    return ['-protocol_whitelist', 'file', '-format_whitelist', FILE_FORMAT_WHITELIST, '-i', ffmpegInputFor(o.input, version)];
  }
  if (usesInputList(o.input, version)) return ['-protocol_whitelist', 'pipe', '-f', 'concat', '-safe', '0', '-i', 'pipe:0'];
  return [...networkOptions(o, version), '-i', o.input];
}

/** Per-protocol input options, as [name, value] pairs (argv flags, or ffconcat `option` lines). */
export function networkOptionPairs(o: FfmpegDecodeOptions, version: FfmpegVersion = LATEST_FFMPEG): [string, string][] {
  const args = networkOptions(o, version);
  const pairs: [string, string][] = [];
  for (let i = 0; i < args.length; i += 2) pairs.push([args[i].slice(1), args[i + 1]]);
  return pairs;
}

function networkOptions(o: FfmpegDecodeOptions, version: FfmpegVersion): string[] {
  return [...protocolOptions(o, version), '-protocol_whitelist', protocolWhitelist(schemeOf(o.input) ?? 'file')];
}

/**
 * The protocols ffmpeg may open for an input of this scheme, redirects and playlists included:
 * never file, pipe, concat, subfile or data for a network input, so a hostile HLS playlist or
 * redirect cannot reach local files or other protocols.
 */
export function protocolWhitelist(scheme: string): string {
  switch (scheme) {
    case 'rtsp': return 'rtsp,rtp,udp,tcp';
    case 'rtsps': return 'rtsp,rtsps,rtp,udp,tcp,tls';
    // HLS may mix http and https and use AES-128 segments (crypto wraps an http(s) URL).
    case 'http':
    case 'https': return 'http,https,tcp,tls,crypto';
    case 'rtmp': return 'rtmp,tcp';
    case 'srt': return 'srt';
    case 'udp': return 'udp';
    case 'tcp': return 'tcp';
    default: return 'file';
  }
}

function protocolOptions(o: FfmpegDecodeOptions, version: FfmpegVersion): string[] {
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
