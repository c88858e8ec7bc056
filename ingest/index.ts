// Public surface of ingest/: frame sources (ffmpeg), still images, input checks and URL redaction.
export { FfmpegFrameSource, type FfmpegFrameSourceOptions, type FrameSourceStats } from './ffmpeg/ffmpeg-frame-source.js';
export { buildFfmpegDecodeArgs, buildFfmpegInputList, protocolWhitelist, DEFAULT_IO_TIMEOUT_MS, type FfmpegDecodeOptions } from './ffmpeg/ffmpeg-args.js';
export { probeFfmpegVersion, type FfmpegVersion } from './ffmpeg/ffmpeg-version.js';
export { FrameQueue, type FrameQueueOptions, type OverflowPolicy } from './frame-queue.js';
export { readImageFile, probeImageFile, type ImageReadOptions, type ImageHeader } from './image-file.js';
export { DEFAULT_MAX_INPUT_PIXELS, DEFAULT_MAX_FRAME_WIDTH, DEFAULT_MAX_FRAME_HEIGHT, MAX_INPUT_PIXELS_CEILING } from './input-limits.js';
export { checkSource, displaySource, parseSourceUrl, schemeOf, ALLOWED_SCHEMES, LIVE_SCHEMES, type SourceScheme, type CheckedSource } from './source-url.js';
export { redactUrl, redactSecrets, urlSecrets } from './redact-url.js';
export * from './gstreamer/index.js';
export * from './camera/index.js';
export * from './motion/index.js';
export { FpsSchema, MaxWidthSchema, FPS_LIMITS, MAX_WIDTH_LIMITS } from './frame-rate-config.js';
