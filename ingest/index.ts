// Public surface of ingest/: frame sources (ffmpeg), still images, URL checks and redaction.
export { FfmpegFrameSource, type FfmpegFrameSourceOptions, type FrameSourceStats } from './ffmpeg/ffmpeg-frame-source.js';
export { buildFfmpegDecodeArgs, type FfmpegDecodeOptions } from './ffmpeg/ffmpeg-args.js';
export { classifyFfmpegFailure } from './ffmpeg/ffmpeg-errors.js';
export { readImageFile } from './image-file.js';
export { checkSource, ALLOWED_SCHEMES, type SourceScheme } from './source-url.js';
export { redactUrl, redactSecrets } from './redact-url.js';
