// The plate reader with its sessions on worker threads (the default runner, what a camera
// pipeline uses): float32 and uint8 (Latin OCR) inputs cross the thread boundary, and closing the
// reader ends the workers.
import t from 'tap';
import { OnnxPlateReader } from '../../../inference/index.js';
import { readImageFile } from '../../../ingest/index.js';
import { image, MODEL_DIR } from '../../helpers/fixtures.js';
import { plateTruth } from '../../helpers/plate-truth.js';

t.test('worker sessions read a Chinese and a Latin plate exactly', async (t) => {
  const truth = plateTruth();
  const reader = await OnnxPlateReader.create({ modelDir: MODEL_DIR, intraOpThreads: 1 });
  try {
    for (const name of ['plates/we_single_yellow_wanK66666.jpg', 'plates/openalpr_de_H786POJ.jpg']) {
      const readings = await reader.read(await readImageFile(image(name)));
      t.same(readings.map((r) => [r.text, r.recogniser]), truth.get(image(name))!.map((e) => [e.text, e.recogniser]), name);
    }
  } finally {
    await reader.close();
  }
  await t.rejects(reader.read(await readImageFile(image('zidane.jpg'))), { code: 'E_INTERNAL' });
});
