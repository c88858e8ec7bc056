// readImageFile: packed 8-bit RGB whatever the file holds (alpha, grey, 16-bit, EXIF rotation),
// and its own error codes for missing files and non-images.
import t from 'tap';
import sharp from 'sharp';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readImageFile } from '../../ingest/index.js';
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
