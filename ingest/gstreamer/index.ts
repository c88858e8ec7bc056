// GStreamer decoding through gst-launch-1.0 child processes: same Frame contract as ffmpeg.
export { GstFrameSource, type GstFrameSourceOptions } from './gst-frame-source.js';
export { buildGstLaunchArgs, fpsFraction, outputCaps, rateElements, type GstDecodeOptions } from './gst-args.js';
export { GdpParser, capsSize, capsFramerate, type GdpPacket, type GdpParserOptions } from './gdp-parser.js';
export { classifyGstFailure } from './gst-errors.js';
