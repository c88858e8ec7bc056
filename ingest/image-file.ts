// Reads a still image (any format sharp decodes) into packed 8-bit RGB, applying EXIF orientation
// so boxes refer to the picture as people see it. Alpha is dropped; grey and CMYK become sRGB.
// The header is read first: a picture over the pixel limit is refused before it is decoded.
import sharp from 'sharp';
import { stat } from 'node:fs/promises';
import { SharpeyeError, type RgbImage } from '../core/index.js';
import { checkPixelLimit, DEFAULT_MAX_INPUT_PIXELS, inputTooLarge } from './input-limits.js';

export interface ImageReadOptions {
  /** Most pixels (width x height) the image may have; larger ones fail with E_INPUT_TOO_LARGE. @defaultValue DEFAULT_MAX_INPUT_PIXELS (40 MP) */
  maxInputPixels?: number;
  /** How the limit is set, named in the error. @defaultValue 'maxInputPixels' */
  limitSetting?: string;
}

export interface ImageHeader {
  readonly width: number;
  readonly height: number;
  readonly format: string;
}

/**
 * Checks that `path` is a readable image within the pixel limit, reading only its header.
 * @throws E_INPUT_NOT_FOUND (missing, not a file), E_IMAGE_DECODE (not an image), E_INPUT_TOO_LARGE.
 */
export async function probeImageFile(path: string, o: ImageReadOptions = {}): Promise<ImageHeader> {
  checkPixelLimit('maxInputPixels', o.maxInputPixels);
  await checkReadableFile(path);
  const meta = await sharp(path).metadata().catch((err: Error) => { throw notReadable(path, err); });
  if (!meta.width || !meta.height) throw notReadable(path, new Error('no picture size in the header'));
  const limit = o.maxInputPixels ?? DEFAULT_MAX_INPUT_PIXELS;
  if (meta.width * meta.height > limit) throw inputTooLarge(`image ${path}`, meta.width, meta.height, limit, o.limitSetting ?? 'maxInputPixels');
  return { width: meta.width, height: meta.height, format: meta.format ?? 'unknown' };
}

/**
 * Decodes `path` into packed RGB24 (`data.length === width * height * 3`), EXIF rotation applied.
 * @throws E_INPUT_NOT_FOUND, E_IMAGE_DECODE, E_INPUT_TOO_LARGE (before any pixel is decoded).
 */
export async function readImageFile(path: string, o: ImageReadOptions = {}): Promise<RgbImage> {
  await probeImageFile(path, o);
  // sharp checks the limit again on the header it decodes from: the enforcement, whatever probe saw.
  const limitInputPixels = o.maxInputPixels ?? DEFAULT_MAX_INPUT_PIXELS;
  const { data, info } = await sharp(path, { limitInputPixels }).rotate().removeAlpha().toColourspace('srgb').raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true })
    .catch((err: Error) => {
      if (/exceeds pixel limit/i.test(err.message)) {
        throw new SharpeyeError('E_INPUT_TOO_LARGE', `image ${path} is too large: over the limit of ${limitInputPixels} pixels; use a smaller picture or raise ${o.limitSetting ?? 'maxInputPixels'}`, { cause: err, details: { path, limit: limitInputPixels } });
      }
      throw notReadable(path, err);
    });
  if (info.channels !== 3 || data.length !== info.width * info.height * 3) {
    // Guards the RgbImage contract: a format sharp hands back in another layout must not pass as RGB.
    throw new SharpeyeError('E_IMAGE_DECODE', `${path} decoded to ${info.channels} channels, not RGB; convert it to an RGB JPEG or PNG`, { details: { path, channels: info.channels } });
  }
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

function notReadable(path: string, err: Error): SharpeyeError {
  return new SharpeyeError('E_IMAGE_DECODE', `${path} is not a readable image (${err.message}); use a JPEG, PNG, WebP, TIFF or GIF file`, { cause: err, details: { path } });
}

async function checkReadableFile(path: string): Promise<void> {
  let isFile = false;
  try {
    isFile = (await stat(path)).isFile();
  } catch (err) {
    throw new SharpeyeError('E_INPUT_NOT_FOUND', `image ${path} does not exist or is not readable; check the path`, { cause: err, details: { path } });
  }
  if (!isFile) throw new SharpeyeError('E_INPUT_NOT_FOUND', `image ${path} is not a file; check the path`, { details: { path } });
}
