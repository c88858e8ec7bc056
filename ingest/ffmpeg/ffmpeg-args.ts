// Builds ffmpeg's argument list for decoding one input into raw RGB24 frames on stdout, sampled
// (drop-only) up to a rate and capped in size, with `showinfo` printing each output frame's pts on
// stderr. Pure, so tests assert on it; ffmpeg is spawned directly (fluent-ffmpeg is archived upstream).
// A network URL never appears in argv (it may carry a password, and /proc/<pid>/cmdline is world-
// readable): ffmpeg reads it from a one-entry ffconcat list on stdin (see ffmpeg-input-list.ts).
import { resolve } from 'node:path';
import { SharpeyeError } from '../../core/index.js';
import { schemeOf } from '../source-url.js';
import { slotToleranceSeconds } from '../drop-only-sampler.js';
import { FPS_LIMITS, MAX_WIDTH_LIMITS } from '../frame-rate-config.js';
import { checkPixelLimit, DEFAULT_MAX_FRAME_HEIGHT, DEFAULT_MAX_FRAME_WIDTH, DEFAULT_MAX_INPUT_PIXELS } from '../input-limits.js';
import { ffconcatList, FILE_FORMAT_WHITELIST, NO_PROBE_DECODERS, usesInputList } from './ffmpeg-input-list.js';
import { isAtLeast, LATEST_FFMPEG, type FfmpegVersion } from './ffmpeg-version.js';

export interface FfmpegDecodeOptions {
  /** File path or URL, already checked and normalised by `checkSource`. */
  input: string;
  /**
   * Most frames per second to pass on. Sampling only drops: never more frames than the source has,
   * each with its own source pts, at most one per 1/fps slot. @defaultValue every decoded frame
   */
  fps?: number;
  /** Scale down (never up) to at most this width, keeping the aspect ratio; both sides even. @defaultValue DEFAULT_MAX_FRAME_WIDTH (3840) */
  maxWidth?: number;
  /** Scale down (never up) to at most this height, keeping the aspect ratio. @defaultValue DEFAULT_MAX_FRAME_HEIGHT (2160) */
  maxHeight?: number;
  /** Most pixels a source frame may have: the decoder refuses larger pictures before allocating them. @defaultValue DEFAULT_MAX_INPUT_PIXELS (40 MP) */
  maxInputPixels?: number;
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
    // Before -i: input options, so the limit binds ffmpeg's decoder and its stream probe.
    ...decoderLimits(o),
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
  if (!usesInputList(o.input, version)) return undefined;
  // The concat demuxer probes the entry with no decoder options, so `-max_pixels` would not bind
  // that probe (a 16000x16000 picture was decoded there in full): it may open no decoder at all,
  // and ffmpeg's own decoder, bounded by -max_pixels, does all the decoding.
  return ffconcatList(o.input, [...networkOptionPairs(o, version), ['codec_whitelist', NO_PROBE_DECODERS]]);
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
  // Sampling before scaling: frames the sampler drops are never scaled.
  const filters = [...rateFilter(o.fps), sizeFilter(o)];
  // showinfo last, so it reports exactly the frames written to stdout; checksums are wasted work.
  filters.push(isAtLeast(version, 5) ? 'showinfo=checksum=0' : 'showinfo');
  return filters.join(',');
}

/** A decoder option: frames over the pixel limit fail to decode ("exceeds specified max pixel count"). */
function decoderLimits(o: FfmpegDecodeOptions): string[] {
  return ['-max_pixels', String(o.maxInputPixels ?? DEFAULT_MAX_INPUT_PIXELS)];
}

/**
 * Drop-only sampling on the frames' own timestamps. ffmpeg's `fps` filter would invent frames: it
 * repeats frames (with timestamps the source never had) to fill a constant rate above the source's.
 * `select` instead passes the first frame of each 1/fps slot of stream time and drops the rest, so
 * 25 -> 5 fps keeps every 5th frame, a 12.5 fps clip asked for 30 fps keeps all its frames, and a
 * variable-rate source keeps its real spacing. A frame without a pts, the first frame, and a frame
 * whose time went backwards (a camera clock reset) always pass: dropping them could stall sampling.
 * A frame up to 1.5 ms early still counts in its slot: containers such as Matroska and FLV round
 * timestamps to whole milliseconds, so a 30 fps frame due at 33.33 ms says 33 ms.
 */
export function rateFilter(fps: number | undefined): string[] {
  if (fps === undefined) return [];
  const early = slotToleranceSeconds(fps);
  const slot = (time: string) => `floor((${time}+${early})*${fps})`;
  return [`select='isnan(t)+isnan(prev_selected_t)+lt(t,prev_selected_t)+gte(${slot('t')},${slot('prev_selected_t')}+1)'`];
}

/** Scales down (never up) into maxWidth x maxHeight keeping the aspect; width even, height even (-2). */
export function sizeFilter(o: Pick<FfmpegDecodeOptions, 'maxWidth' | 'maxHeight'>): string {
  const w = o.maxWidth ?? DEFAULT_MAX_FRAME_WIDTH, h = o.maxHeight ?? DEFAULT_MAX_FRAME_HEIGHT;
  return `scale=w='max(2,trunc(min(iw,min(${w},iw*${h}/ih))/2)*2)':h=-2:flags=area`;
}

/** Throws E_CONFIG_INVALID naming the first option out of bounds. */
export function validateFfmpegDecodeOptions(o: FfmpegDecodeOptions): void {
  const fail = (path: string, rule: string, value: unknown) => {
    throw new SharpeyeError('E_CONFIG_INVALID', `${path} must be ${rule}, got ${String(value)}`, { details: { path, value } });
  };
  const { minimum: fpsMin = 0, maximum: fpsMax = Infinity } = FPS_LIMITS;
  const { minimum: sizeMin = 0, maximum: sizeMax = Infinity } = MAX_WIDTH_LIMITS;
  if (o.fps !== undefined && !(Number.isFinite(o.fps) && o.fps >= fpsMin && o.fps <= fpsMax)) fail('fps', `a number from ${fpsMin} to ${fpsMax}`, o.fps);
  if (o.maxWidth !== undefined && !(Number.isInteger(o.maxWidth) && o.maxWidth >= sizeMin && o.maxWidth <= sizeMax)) fail('maxWidth', `an integer >= ${sizeMin} and <= ${sizeMax}`, o.maxWidth);
  if (o.maxHeight !== undefined && !(Number.isInteger(o.maxHeight) && o.maxHeight >= sizeMin && o.maxHeight <= sizeMax)) fail('maxHeight', `an integer >= ${sizeMin} and <= ${sizeMax}`, o.maxHeight);
  checkPixelLimit('maxInputPixels', o.maxInputPixels);
  if (o.threads !== undefined && !(Number.isInteger(o.threads) && o.threads >= 0 && o.threads <= 64)) fail('threads', 'an integer in [0, 64] (0 = ffmpeg decides)', o.threads);
  if (o.rtspTransport !== undefined && o.rtspTransport !== 'tcp' && o.rtspTransport !== 'udp') fail('rtspTransport', "'tcp' or 'udp'", o.rtspTransport);
  if (o.ioTimeoutMs !== undefined && !(Number.isFinite(o.ioTimeoutMs) && o.ioTimeoutMs > 0)) fail('ioTimeoutMs', 'a positive number of milliseconds', o.ioTimeoutMs);
}
