// Reads a still image (any format sharp decodes) into packed 8-bit RGB, applying EXIF orientation
// so boxes refer to the picture as people see it. Alpha is dropped; grey and CMYK become sRGB.
import sharp from 'sharp';
import { stat } from 'node:fs/promises';
import { SharpeyeError, type RgbImage } from '../core/index.js';

export async function readImageFile(path: string): Promise<RgbImage> {
  await checkReadableFile(path);
  const { data, info } = await sharp(path).rotate().removeAlpha().toColourspace('srgb').raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true })
    .catch((err: Error) => {
      throw new SharpeyeError('E_IMAGE_DECODE', `${path} is not a readable image (${err.message}); use a JPEG, PNG, WebP, TIFF or GIF file`, { cause: err, details: { path } });
    });
  if (info.channels !== 3 || data.length !== info.width * info.height * 3) {
    // Guards the RgbImage contract: a format sharp hands back in another layout must not pass as RGB.
    throw new SharpeyeError('E_IMAGE_DECODE', `${path} decoded to ${info.channels} channels, not RGB; convert it to an RGB JPEG or PNG`, { details: { path, channels: info.channels } });
  }
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
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
