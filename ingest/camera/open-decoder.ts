// Decoders are chosen per camera by a `decoder` key from this registry; each returns the same
// Frame contract, so the runtime, scheduler and tests do not care which one runs.
import { SharpeyeError, type FrameSource } from '../../core/index.js';
import { FfmpegFrameSource } from '../ffmpeg/ffmpeg-frame-source.js';
import { GstFrameSource } from '../gstreamer/gst-frame-source.js';

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
    bufferFrames: 2, overflow: 'drop-oldest',
  })],
  ['gstreamer', (o) => new GstFrameSource({
    url: o.url, id: o.id, fps: o.fps, maxWidth: o.maxWidth, rtspTransport: o.transport, ioTimeoutMs: o.ioTimeoutMs, hwDecode: o.hwDecode,
    bufferFrames: 2, overflow: 'drop-oldest',
  })],
]);

/** Registers (or replaces) the decoder for a key, e.g. a site's own hardware decoder. */
export function registerDecoder(type: DecoderType, factory: DecoderFactory): void {
  DECODERS.set(type, factory);
}

export function openLiveDecoder(o: LiveDecoderOptions): FrameSource {
  const factory = DECODERS.get(o.decoder);
  if (!factory) throw new SharpeyeError('E_CONFIG_INVALID', `camera ${o.id}: decoder '${o.decoder}' is not available (available: ${[...DECODERS.keys()].join(', ')})`);
  return factory(o);
}
