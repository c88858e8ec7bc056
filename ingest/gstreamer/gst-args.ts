// Builds the gst-launch-1.0 pipeline that decodes one input into RGB frames on stdout. Frames are
// wrapped by `gdppay` (GStreamer Data Protocol), so the byte stream carries the negotiated caps
// (size) and each buffer's pts in-band: no stderr parsing needed to cut frames.
import type { SourceScheme } from '../source-url.js';
import { DEFAULT_MAX_FRAME_HEIGHT, DEFAULT_MAX_FRAME_WIDTH } from '../input-limits.js';

export interface GstDecodeOptions {
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

function sourceElements(o: GstDecodeOptions): string[] {
  if (o.scheme === 'rtsp' || o.scheme === 'rtsps') {
    const us = String((o.ioTimeoutMs ?? 10_000) * 1000);
    const src = ['rtspsrc', `location=${o.input}`, `protocols=${o.rtspTransport ?? 'tcp'}`, 'latency=200', `timeout=${us}`, `tcp-timeout=${us}`];
    return o.hwDecode ? [...src, '!', 'rtph264depay', '!', 'h264parse', '!', 'nvh264dec'] : [...src, '!', 'decodebin'];
  }
  const uri = o.scheme === 'file' ? `file://${encodeURI(o.input)}` : o.input;
  return ['uridecodebin', `uri=${uri}`];
}

export function buildGstLaunchArgs(o: GstDecodeOptions): string[] {
  return [
    '-q', '-e',
    ...sourceElements(o),
    ...rateElements(o.fps),
    '!', 'videoconvert', '!', 'videoscale',
    '!', outputCaps(o),
    '!', 'gdppay', '!', 'fdsink', 'fd=1', 'sync=false',
  ];
}

/**
 * Drop-only sampling, straight after the decoder so dropped frames are never converted or scaled.
 * With `drop-only` videorate keeps each passed frame's own pts and never repeats one; the framerate
 * it negotiates comes from `outputCaps`.
 */
export function rateElements(fps: number | undefined): string[] {
  return fps === undefined ? [] : ['!', 'videorate', 'drop-only=true'];
}

/**
 * RGB caps bounding rate and size. The framerate is a range up to fps, never a fixed value: a fixed
 * rate above the source's fails to negotiate (drop-only cannot raise it), and the range settles on
 * min(source rate, fps). A source announcing no rate (0/1, variable) passes every frame here, so
 * the frame source samples those on pts itself. Width and height ranges make videoscale shrink
 * large pictures into maxWidth x maxHeight, keeping the aspect ratio.
 */
export function outputCaps(o: Pick<GstDecodeOptions, 'fps' | 'maxWidth' | 'maxHeight'>): string {
  const caps = ['video/x-raw', 'format=RGB', 'pixel-aspect-ratio=1/1'];
  if (o.fps !== undefined) caps.push(`framerate=[0/1,${fpsFraction(o.fps)}]`);
  caps.push(`width=[16,${Math.floor(o.maxWidth ?? DEFAULT_MAX_FRAME_WIDTH)}]`, `height=[16,${Math.floor(o.maxHeight ?? DEFAULT_MAX_FRAME_HEIGHT)}]`);
  return caps.join(',');
}
