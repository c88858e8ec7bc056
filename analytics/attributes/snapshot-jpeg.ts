// JPEG encoding of a kept snapshot: the object crop, and a context thumbnail of the frame with the
// box outlined. The outline is drawn into the resized RGB buffer so its width is in output pixels.
import sharp from 'sharp';
import type { Box, RgbImage } from '../../core/index.js';
import { drawRectangle } from './draw-rectangle.js';

export interface CropJpegOptions {
  /** Longest side of the JPEG; smaller crops are not enlarged. @defaultValue 256 */
  maxSide?: number;
  /** JPEG quality 1..100. @defaultValue 80 */
  quality?: number;
}

export interface ThumbnailJpegOptions {
  /** Width of the JPEG; height keeps the aspect ratio. @defaultValue 320 */
  width?: number;
  /** JPEG quality 1..100. @defaultValue 75 */
  quality?: number;
  /** Size of the picture `box` refers to, when `image` is a downscaled copy of it. @defaultValue the image's own size */
  boxSpace?: { readonly width: number; readonly height: number };
  /** Outline colour. @defaultValue [255, 0, 0] */
  colour?: readonly [number, number, number];
  /** Outline width in output pixels. @defaultValue 2 */
  lineWidthPx?: number;
}

/** JPEG of a snapshot's crop (a SnapshotCandidate fits), at most `maxSide` on its longest side. */
export async function encodeCropJpeg(candidate: { readonly crop: RgbImage }, options: CropJpegOptions = {}): Promise<Buffer> {
  const { crop } = candidate;
  const maxSide = options.maxSide ?? 256;
  return sharp(crop.data, { raw: { width: crop.width, height: crop.height, channels: 3 } })
    .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: options.quality ?? 80 })
    .toBuffer();
}

/**
 * JPEG of `image` resized to `width` with `box` outlined. `box` is in `boxSpace` pixels (for a
 * SnapshotCandidate: pass its `thumbnail`, its `box` and `{ width: frameWidth, height: frameHeight }`).
 */
export async function encodeThumbnailJpeg(image: RgbImage, box: Box, options: ThumbnailJpegOptions = {}): Promise<Buffer> {
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize({ width: options.width ?? 320 })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const space = options.boxSpace ?? image;
  const sx = info.width / space.width, sy = info.height / space.height;
  const outlined = { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  drawRectangle(outlined, [box[0] * sx, box[1] * sy, box[2] * sx, box[3] * sy], options.colour ?? [255, 0, 0], options.lineWidthPx ?? 2);
  return sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } })
    .jpeg({ quality: options.quality ?? 75 })
    .toBuffer();
}

/** Both JPEGs of a kept snapshot: the object crop and the frame thumbnail with its box outlined. */
export async function encodeSnapshotJpegs(c: {
  readonly crop: RgbImage; readonly thumbnail: RgbImage; readonly box: Box; readonly frameWidth: number; readonly frameHeight: number;
}): Promise<{ crop: Buffer; thumbnail: Buffer }> {
  const [crop, thumbnail] = await Promise.all([
    encodeCropJpeg(c),
    encodeThumbnailJpeg(c.thumbnail, c.box, { boxSpace: { width: c.frameWidth, height: c.frameHeight } }),
  ]);
  return { crop, thumbnail };
}
