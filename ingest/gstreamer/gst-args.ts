// Builds the gst-launch-1.0 pipeline that decodes one input into RGB frames on stdout. Frames are
// wrapped by `gdppay` (GStreamer Data Protocol), so the byte stream carries the negotiated caps
// (size) and each buffer's pts in-band: no stderr parsing needed to cut frames.
import type { SourceScheme } from '../source-url.js';

export interface GstDecodeOptions {
  input: string;
  scheme: SourceScheme;
  /** Output frames per second (drops, never duplicates). @defaultValue every decoded frame */
  fps?: number;
  /** Scale down (never up) to at most this width, keeping the aspect ratio. @defaultValue no scaling */
  maxWidth?: number;
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
  const caps = ['video/x-raw', 'format=RGB', 'pixel-aspect-ratio=1/1'];
  if (o.fps !== undefined) caps.push(`framerate=${fpsFraction(o.fps)}`);
  // A width range lets videoscale keep the source size when it fits and keep the aspect when not.
  if (o.maxWidth !== undefined) caps.push(`width=[16,${Math.floor(o.maxWidth)}]`);
  return [
    '-q', '-e',
    ...sourceElements(o),
    '!', 'videoconvert', '!', 'videoscale',
    ...(o.fps !== undefined ? ['!', 'videorate', 'drop-only=true'] : []),
    '!', caps.join(','),
    '!', 'gdppay', '!', 'fdsink', 'fd=1', 'sync=false',
  ];
}
