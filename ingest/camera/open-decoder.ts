// Decoders are chosen per camera by a `decoder` key from this registry; each returns the same
// Frame contract, so the runtime, scheduler and tests do not care which one runs. A file camera
// (allowFiles) behaves like a live one: its decoder blocks instead of dropping, and PacedFrameSource
// releases its frames at their own pts on the wall clock and asks the runtime to loop it at the end.
import { SharpeyeError, type FrameSource } from '../../core/index.js';
import { FfmpegFrameSource } from '../ffmpeg/ffmpeg-frame-source.js';
import { GstFrameSource } from '../gstreamer/gst-frame-source.js';
import { schemeOf } from '../source-url.js';
import { PacedFrameSource } from './paced-frame-source.js';

export type DecoderType = 'ffmpeg' | 'gstreamer';

export interface LiveDecoderOptions {
  decoder: DecoderType;
  /** Camera id carried by every frame. */
  id: string;
  /** URL with credentials, for the decoder only. */
  url: string;
  fps: number;
  maxWidth?: number;
  transport?: 'tcp' | 'udp';
  ioTimeoutMs?: number;
  /** Hardware decoding (ffmpeg -hwaccel cuda, GStreamer nvh264dec). */
  hwDecode?: boolean;
}

type DecoderFactory = (o: LiveDecoderOptions) => FrameSource;

const DECODERS = new Map<DecoderType, DecoderFactory>([
  ['ffmpeg', (o) => new FfmpegFrameSource({
    url: o.url, id: o.id, fps: o.fps, maxWidth: o.maxWidth, rtspTransport: o.transport, ioTimeoutMs: o.ioTimeoutMs, hwDecode: o.hwDecode,
    // The runtime keeps only the newest frame; a second slot here absorbs a pipe read's jitter.
    // A file waits for its pacing (never drops), like a camera that only sends when a frame is due.
    bufferFrames: 2, overflow: isFileSource(o.url) ? 'block' : 'drop-oldest',
  })],
  ['gstreamer', (o) => new GstFrameSource({
    url: o.url, id: o.id, fps: o.fps, maxWidth: o.maxWidth, rtspTransport: o.transport, ioTimeoutMs: o.ioTimeoutMs, hwDecode: o.hwDecode,
    bufferFrames: 2, overflow: isFileSource(o.url) ? 'block' : 'drop-oldest',
  })],
]);

/** Registers (or replaces) the decoder for a key, e.g. a site's own hardware decoder. */
export function registerDecoder(type: DecoderType, factory: DecoderFactory): void {
  DECODERS.set(type, factory);
}

/** Whether a camera URL names a local file (a path or a file:// URL) rather than a stream. */
export function isFileSource(url: string): boolean {
  const scheme = schemeOf(url);
  return scheme === undefined || scheme === 'file';
}

/**
 * Opens one connection attempt of a camera. For a stream, the decoder as registered. For a file,
 * the decoder wrapped in a PacedFrameSource: frames at the file's own frame times (after the fps
 * sampler), and a clean end that the CameraRuntime plays again as a loop (`loopAtEnd`).
 * Unknown decoder: E_CONFIG_INVALID.
 */
export function openLiveDecoder(o: LiveDecoderOptions): FrameSource {
  const factory = DECODERS.get(o.decoder);
  if (!factory) throw new SharpeyeError('E_CONFIG_INVALID', `camera ${o.id}: decoder '${o.decoder}' is not available (available: ${[...DECODERS.keys()].join(', ')})`);
  const source = factory(o);
  return isFileSource(o.url) ? new PacedFrameSource(source) : source;
}
