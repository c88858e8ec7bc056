// readImageFile: packed 8-bit RGB whatever the file holds (alpha, grey, 16-bit, EXIF rotation),
// and its own error codes for missing files and non-images.
import t from 'tap';
import sharp from 'sharp';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MAX_INPUT_PIXELS, probeImageFile, readImageFile } from '../../ingest/index.js';
import { image } from '../helpers/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'sharpeye-img-'));

t.test('decodes a JPEG into packed RGB', async (t) => {
  const img = await readImageFile(image('bus.jpg'));
  t.same([img.width, img.height, img.data.length], [810, 1080, 810 * 1080 * 3]);
  t.ok(img.data instanceof Uint8Array);
});

t.test('RGBA, grey and 16-bit PNGs all come out as 8-bit RGB', async (t) => {
  const rgba = join(dir, 'rgba.png');
  await sharp({ create: { width: 5, height: 3, channels: 4, background: { r: 200, g: 100, b: 50, alpha: 0.5 } } }).png().toFile(rgba);
  const grey = join(dir, 'grey.png');
  await sharp(Buffer.alloc(5 * 3, 77), { raw: { width: 5, height: 3, channels: 1 } }).png().toFile(grey);
  const deep = join(dir, 'deep.png');
  await sharp({ create: { width: 5, height: 3, channels: 3, background: { r: 10, g: 20, b: 30 } } }).toColourspace('rgb16').png().toFile(deep);
  for (const [path, pixel] of [[rgba, [200, 100, 50]], [grey, [77, 77, 77]], [deep, [10, 20, 30]]] as const) {
    const img = await readImageFile(path);
    t.same([img.width, img.height, img.data.length], [5, 3, 45], path);
    t.same([...img.data.subarray(0, 3)], pixel, `${path} pixel values`);
  }
});

t.test('EXIF orientation is applied: a 4x2 picture tagged "rotate 90" reads as 2x4', async (t) => {
  const rotated = join(dir, 'rotated.jpg');
  await sharp({ create: { width: 4, height: 2, channels: 3, background: { r: 0, g: 0, b: 255 } } }).jpeg().withMetadata({ orientation: 6 }).toFile(rotated);
  const img = await readImageFile(rotated);
  t.same([img.width, img.height], [2, 4]);
});

t.test('missing file, directory and non-image give their own errors naming the file', async (t) => {
  await t.rejects(readImageFile(join(dir, 'none.jpg')), { code: 'E_INPUT_NOT_FOUND', message: `image ${join(dir, 'none.jpg')} does not exist or is not readable; check the path` });
  await t.rejects(readImageFile(dir), { code: 'E_INPUT_NOT_FOUND', message: `image ${dir} is not a file` });
  writeFileSync(join(dir, 'fake.png'), 'plain text');
  await t.rejects(readImageFile(join(dir, 'fake.png')), { code: 'E_IMAGE_DECODE', message: new RegExp(`^${join(dir, 'fake.png')} is not a readable image \\(.+\\); use a JPEG, PNG`) });
  writeFileSync(join(dir, 'cut.jpg'), (await sharp(image('bus.jpg')).jpeg().toBuffer()).subarray(0, 5000));
  await t.rejects(readImageFile(join(dir, 'cut.jpg')), { code: 'E_IMAGE_DECODE', message: /cut\.jpg is not a readable image/ });
});

t.test('a picture over the pixel limit is E_INPUT_TOO_LARGE from its header, not "not a readable image"', async (t) => {
  const path = join(dir, 'wide.png');
  await sharp({ create: { width: 4000, height: 3000, channels: 3, background: { r: 1, g: 2, b: 3 } } }).png().toFile(path);
  const limit = { maxInputPixels: 10_000_000, limitSetting: '--max-input-pixels' };
  await t.rejects(readImageFile(path, limit), { code: 'E_INPUT_TOO_LARGE', message: `image ${path} is too large: 4000x3000 = 12.0 MP, over the limit of 10.0 MP (10000000 pixels); use a smaller picture or raise --max-input-pixels` });
  await t.rejects(probeImageFile(path, limit), { code: 'E_INPUT_TOO_LARGE', details: { width: 4000, height: 3000, pixels: 12_000_000, limit: 10_000_000 } });
  t.same(await probeImageFile(path), { width: 4000, height: 3000, format: 'png' }, 'under the 40 MP default');
  t.equal((await readImageFile(path, { maxInputPixels: 12_000_000 })).data.length, 4000 * 3000 * 3, 'exactly at the limit is fine');
  t.equal(DEFAULT_MAX_INPUT_PIXELS, 40_000_000);
  await t.rejects(readImageFile(path, { maxInputPixels: 0 }), { code: 'E_CONFIG_INVALID', message: /^maxInputPixels must be a whole number of pixels/ });
  // Rotation does not change the pixel count: a rotated picture is judged by the same product.
  const rotated = join(dir, 'tall-rotated.jpg');
  await sharp({ create: { width: 4000, height: 3000, channels: 3, background: { r: 9, g: 9, b: 9 } } }).jpeg().withMetadata({ orientation: 6 }).toFile(rotated);
  await t.rejects(readImageFile(rotated, limit), { code: 'E_INPUT_TOO_LARGE' });
});

t.test('probing still names missing files and non-images with their own codes', async (t) => {
  await t.rejects(probeImageFile(join(dir, 'none.png')), { code: 'E_INPUT_NOT_FOUND' });
  writeFileSync(join(dir, 'fake2.png'), 'plain text');
  await t.rejects(probeImageFile(join(dir, 'fake2.png')), { code: 'E_IMAGE_DECODE', message: /is not a readable image/ });
});
