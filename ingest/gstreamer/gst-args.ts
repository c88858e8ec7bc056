// Builds the decode plan for sharpeye-gst-launch.py: which source element with which properties,
// which decoder chain, and the raw-video caps at the end. The plan is JSON on the child's stdin,
// so no value in it is ever parsed as pipeline syntax (gst-launch-1.0's grammar would read a quote
// or a `!` in a URL as structure) and no URL or password appears in argv or the environment.
// Frames are wrapped by `gdppay` (GStreamer Data Protocol), so the byte stream carries the
// negotiated caps (size) and each buffer's pts in-band: no stderr parsing needed to cut frames.
import { parseSourceUrl, type SourceScheme } from '../source-url.js';
import { SharpeyeError } from '../../core/index.js';
import { percentDecode } from '../percent-decode.js';
import { DEFAULT_MAX_FRAME_HEIGHT, DEFAULT_MAX_FRAME_WIDTH } from '../input-limits.js';

export interface GstDecodeOptions {
  /** Absolute path for files, the normalised href for URLs (see `checkSource`). */
  input: string;
  scheme: SourceScheme;
  /** Most frames per second to pass on (drops, never duplicates; real source pts). @defaultValue every decoded frame */
  fps?: number;
  /** Scale down to at most this width, keeping the aspect ratio. @defaultValue DEFAULT_MAX_FRAME_WIDTH (3840) */
  maxWidth?: number;
  /** Scale down to at most this height, keeping the aspect ratio. @defaultValue DEFAULT_MAX_FRAME_HEIGHT (2160) */
  maxHeight?: number;
  /** RTSP lower transport. @defaultValue 'tcp' */
  rtspTransport?: 'tcp' | 'udp';
  /** Connection and receive timeout for RTSP. @defaultValue 10000 */
  ioTimeoutMs?: number;
  /** Decode H.264 on the GPU with nvh264dec (NVIDIA, gst-plugins-bad); not exercised on CPU machines. */
  hwDecode?: boolean;
}

/** The JSON plan sharpeye-gst-launch.py reads on stdin. */
export interface GstDecodePlan {
  scheme: SourceScheme;
  source: { factory: string; properties: Record<string, string | number | boolean> };
  /** Caps prefix of the source pad to decode (RTSP sources offer one pad per media). */
  sourceCaps: string;
  /** Factories from the source pad to raw video, in order. */
  decoder: string[];
  /** Source elements the pipeline may create (decodebin, HLS and RTSP add their own); anything else ends the child. */
  allowedSources: string[];
  /** At most this many source elements in all; null: no limit (HLS fetches each segment with a new one). */
  maxSources: number | null;
  /**
   * Factories from the decoder's raw-video pad to the capsfilter, in order. When sampling, a
   * drop-only `videorate` comes first, straight after the decoder, so dropped frames are never
   * converted or scaled; it keeps each passed frame's own pts and never repeats one.
   */
  rawChain: RawChainElement[];
  /** Caps of the capsfilter before gdppay: RGB, framerate range, width/height bounds. */
  caps: string;
}

/** The only elements a plan's raw-video chain may hold (the launcher refuses any other). */
export type RawChainElement = 'videorate' | 'videoconvert' | 'videoscale';

/** 5 -> '5/1', 2.5 -> '5/2', 0.2 -> '1/5': caps need a fraction. */
export function fpsFraction(fps: number): string {
  const den = 1000;
  let num = Math.round(fps * den), d = den;
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const g = gcd(num, d);
  num /= g;
  d /= g;
  return `${num}/${d}`;
}

/**
 * The raw-video chain after the decoder and the caps at its end:
 * rate and size bounds only. The framerate is a range up to fps, never a fixed value: a fixed rate
 * above the source's fails to negotiate (drop-only cannot raise it), and the range settles on
 * min(source rate, fps). A source announcing no rate (0/1, variable) passes every frame here, so
 * the frame source samples those on pts itself (DropOnlySampler). Width and height ranges make
 * videoscale shrink large pictures into maxWidth x maxHeight, keeping the aspect ratio.
 */
export function rawVideoCaps(o: Pick<GstDecodeOptions, 'fps' | 'maxWidth' | 'maxHeight'>): { caps: string; rawChain: RawChainElement[] } {
  const caps = ['video/x-raw', 'format=RGB', 'pixel-aspect-ratio=1/1'];
  if (o.fps !== undefined) caps.push(`framerate=[0/1,${fpsFraction(o.fps)}]`);
  caps.push(`width=[16,${Math.floor(o.maxWidth ?? DEFAULT_MAX_FRAME_WIDTH)}]`, `height=[16,${Math.floor(o.maxHeight ?? DEFAULT_MAX_FRAME_HEIGHT)}]`);
  const rawChain: RawChainElement[] = o.fps !== undefined ? ['videorate', 'videoconvert', 'videoscale'] : ['videoconvert', 'videoscale'];
  return { caps: caps.join(','), rawChain };
}

/** The URL without its credentials, and the decoded credentials, for elements that take them as properties. */
function splitCredentials(href: string): { location: string; credentials: Record<string, string> } {
  const parsed = parseSourceUrl(href);
  if ('problem' in parsed) throw new SharpeyeError('E_CONFIG_INVALID', parsed.problem);
  const url = parsed.url;
  const credentials: Record<string, string> = {};
  if (url.username !== '') credentials['user-id'] = percentDecode(url.username);
  if (url.password !== '') credentials['user-pw'] = percentDecode(url.password);
  url.username = '';
  url.password = '';
  return { location: url.href, credentials };
}

function sourcePlan(o: GstDecodeOptions): Pick<GstDecodePlan, 'source' | 'sourceCaps' | 'decoder' | 'allowedSources' | 'maxSources'> {
  const decodebin = { sourceCaps: '', decoder: ['decodebin'] };
  const us = (o.ioTimeoutMs ?? 10_000) * 1000;
  switch (o.scheme) {
    case 'file':
      return { ...decodebin, source: { factory: 'filesrc', properties: { location: o.input } }, allowedSources: ['filesrc'], maxSources: 1 };
    case 'rtsp':
    case 'rtsps': {
      const { location, credentials } = splitCredentials(o.input);
      const properties = { location, ...credentials, protocols: o.rtspTransport ?? 'tcp', latency: 200, timeout: us, 'tcp-timeout': us };
      const decoder = o.hwDecode ? ['rtph264depay', 'h264parse', 'nvh264dec'] : ['decodebin'];
      // rtspsrc receives UDP transport through its own udpsrc elements.
      return { source: { factory: 'rtspsrc', properties }, sourceCaps: 'application/x-rtp', decoder, allowedSources: ['rtspsrc', 'udpsrc'], maxSources: null };
    }
    case 'http':
    case 'https': {
      const { location, credentials } = splitCredentials(o.input);
      const properties = { location, ...credentials, timeout: Math.max(1, Math.round((o.ioTimeoutMs ?? 10_000) / 1000)) };
      return { ...decodebin, source: { factory: 'souphttpsrc', properties }, allowedSources: ['souphttpsrc'], maxSources: null };
    }
    case 'udp':
      return { ...decodebin, source: { factory: 'udpsrc', properties: { uri: o.input } }, allowedSources: ['udpsrc'], maxSources: 1 };
    case 'srt':
      return { ...decodebin, source: { factory: 'srtsrc', properties: { uri: o.input } }, allowedSources: ['srtsrc'], maxSources: 1 };
    case 'rtmp':
      return { ...decodebin, source: { factory: 'rtmpsrc', properties: { location: o.input } }, allowedSources: ['rtmpsrc'], maxSources: 1 };
    case 'tcp': {
      const url = new URL(o.input);
      const properties = { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port) };
      return { ...decodebin, source: { factory: 'tcpclientsrc', properties }, allowedSources: ['tcpclientsrc'], maxSources: 1 };
    }
  }
}

export function buildGstDecodePlan(o: GstDecodeOptions): GstDecodePlan {
  return { scheme: o.scheme, ...sourcePlan(o), ...rawVideoCaps(o) };
}
