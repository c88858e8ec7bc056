// Reads a still image (any format sharp decodes) into packed RGB, applying EXIF orientation so
// boxes refer to the picture as people see it.
import sharp from 'sharp';
import { access } from 'node:fs/promises';
import { SharpeyeError, type RgbImage } from '../core/index.js';

export async function readImageFile(path: string): Promise<RgbImage> {
  try {
    await access(path);
  } catch (err) {
    throw new SharpeyeError('E_INPUT_NOT_FOUND', `image ${path} does not exist or is not readable`, { cause: err, details: { path } });
  }
  try {
    const { data, info } = await sharp(path).rotate().removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  } catch (err) {
    throw new SharpeyeError('E_IMAGE_DECODE', `${path} is not a readable image: ${(err as Error).message}`, { cause: err, details: { path } });
  }
}
