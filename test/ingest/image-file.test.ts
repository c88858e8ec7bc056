import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readImageFile } from '../../ingest/index.js';
import { image } from '../helpers/fixtures.js';

t.test('decodes a JPEG into packed RGB', async (t) => {
  const img = await readImageFile(image('bus.jpg'));
  t.same([img.width, img.height, img.data.length], [810, 1080, 810 * 1080 * 3]);
});

t.test('missing file and non-image give their own errors', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sharpeye-img-'));
  await t.rejects(readImageFile(join(dir, 'none.jpg')), { code: 'E_INPUT_NOT_FOUND', message: /none\.jpg does not exist/ });
  writeFileSync(join(dir, 'fake.png'), 'plain text');
  await t.rejects(readImageFile(join(dir, 'fake.png')), { code: 'E_IMAGE_DECODE', message: /fake\.png is not a readable image/ });
});
