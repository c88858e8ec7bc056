// Builds ffmpeg's argument list for decoding one input into raw RGB24 frames on stdout, sampled
// at a rate and capped in width, with `showinfo` printing each output frame's pts on stderr.
// Pure and small so tests can assert on it; spawned directly (fluent-ffmpeg is archived).
import type { SourceScheme } from '../source-url.js';

export interface FfmpegDecodeOptions {
  input: string;
  scheme: SourceScheme;
  /** Output frames per second; absent = every decoded frame. */
  fps?: number;
  /** Scale down (never up) so the width is at most this, keeping aspect. */
  maxWidth?: number;
  /** Decoder threads. 1 keeps one camera to one core; 0 lets ffmpeg choose. @defaultValue 1 */
  threads?: number;
  /** RTSP transport. @defaultValue 'tcp' */
  rtspTransport?: 'tcp' | 'udp';
  /** Socket / IO timeout for network inputs. @defaultValue 10000 */
  ioTimeoutMs?: number;
  /** Hardware decoding (e.g. 'cuda'); not exercised on CPU machines. */
  hwaccel?: string;
  /** Read a file at its native rate (simulates a live camera). @defaultValue false */
  realtime?: boolean;
}

function inputOptions(o: FfmpegDecodeOptions): string[] {
  const timeoutUs = String((o.ioTimeoutMs ?? 10_000) * 1000);
  const args: string[] = [];
  if (o.scheme === 'rtsp' || o.scheme === 'rtsps') args.push('-rtsp_transport', o.rtspTransport ?? 'tcp', '-timeout', timeoutUs);
  else if (o.scheme === 'http' || o.scheme === 'https' || o.scheme === 'tcp' || o.scheme === 'rtmp') args.push('-rw_timeout', timeoutUs);
  if (o.hwaccel) args.push('-hwaccel', o.hwaccel);
  if (o.realtime) args.push('-re');
  args.push('-threads', String(o.threads ?? 1));
  return args;
}

function filterChain(o: FfmpegDecodeOptions): string {
  const filters: string[] = [];
  if (o.fps !== undefined) filters.push(`fps=${o.fps}`);
  if (o.maxWidth !== undefined) filters.push(`scale=w='min(iw,${Math.floor(o.maxWidth)})':h=-2:flags=area`);
  filters.push('showinfo');
  return filters.join(',');
}

export function buildFfmpegDecodeArgs(o: FfmpegDecodeOptions): string[] {
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'info', '-filter_threads', '1',
    ...inputOptions(o),
    '-i', o.input,
    '-map', '0:v:0', '-an', '-sn', '-dn',
    '-vf', filterChain(o),
    '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1',
  ];
}
