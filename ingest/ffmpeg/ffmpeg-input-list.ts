// How ffmpeg opens a network URL without the URL ever reaching its argv: ffmpeg 5.1 has no
// "options from a file" syntax, but its concat demuxer reads a list (`ffconcat`) from `pipe:0`,
// and each entry may carry per-input options (`option`, ffmpeg >= 5.0), protocol whitelist
// included. One entry, written to ffmpeg's stdin and closed: /proc/<pid>/cmdline shows `pipe:0`.
import { SharpeyeError } from '../../core/index.js';
import { schemeOf } from '../source-url.js';
import { isAtLeast, type FfmpegVersion } from './ffmpeg-version.js';

/**
 * Demuxers allowed for local files: containers that read exactly the one file they are given.
 * Left out on purpose: hls, dash, concat, image2 (patterns), sdp and rtp (open network ports), tee.
 */
export const FILE_FORMAT_WHITELIST = [
  'mov', 'mp4', 'm4a', '3gp', '3g2', 'mj2', 'matroska', 'webm', 'avi', 'mpegts', 'mpeg', 'flv', 'asf',
  'h264', 'hevc', 'm4v', 'mjpeg', 'ogg', 'yuv4mpegpipe', 'nut', 'ivf', 'rawvideo', 'gif',
  // Audio-only files, so they are reported as "no video stream" rather than as unknown.
  'wav', 'mp3', 'aac', 'flac',
].join(',');

/**
 * The `codec_whitelist` of the list's entry: a name no decoder has, so the concat demuxer's probe
 * of the entry decodes nothing (it passes no decoder options, `-max_pixels` included, to that
 * probe). ffmpeg logs one refusal line per probe attempt; the stderr parser drops those lines.
 */
export const NO_PROBE_DECODERS = 'none';

/** Network inputs go through the list on ffmpeg >= 5.0 (older ones have no per-entry `option`). */
export function usesInputList(input: string, version: FfmpegVersion): boolean {
  return schemeOf(input) !== undefined && isAtLeast(version, 5);
}

/**
 * The ffconcat text for one URL and its input options. `url` is a WHATWG-normalised href (no
 * whitespace, quotes or backslashes: checkSource refuses them); anything that could still break
 * the line grammar is refused here too, as a second line of defence.
 */
export function ffconcatList(url: string, options: readonly (readonly [string, string])[]): string {
  for (const value of [url, ...options.flat()]) {
    if (/[\s'"\\]/.test(value)) throw new SharpeyeError('E_INTERNAL', 'an ffmpeg input list value contains whitespace, a quote or a backslash; refusing to write it');
  }
  return ['ffconcat version 1.0', `file '${url}'`, ...options.map(([k, v]) => `option ${k} ${v}`), ''].join('\n');
}
