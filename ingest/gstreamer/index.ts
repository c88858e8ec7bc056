// GStreamer decoding through child processes (sharpeye-gst-launch.py): same Frame contract as ffmpeg.
export { GstFrameSource, type GstFrameSourceOptions } from './gst-frame-source.js';
export { buildGstDecodePlan, fpsFraction, rawVideoCaps, type GstDecodeOptions, type GstDecodePlan } from './gst-args.js';
export { GdpParser, capsSize, capsFramerate, type GdpPacket, type GdpParserOptions } from './gdp-parser.js';
export { classifyGstFailure } from './gst-errors.js';
