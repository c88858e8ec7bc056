import t from 'tap';
import sharp from 'sharp';
import {
  BestSnapshot, encodeCropJpeg, encodeThumbnailJpeg, laplacianVariance, snapshotScore,
} from '../../../analytics/attributes/index.js';
import type { Box, RgbImage } from '../../../core/index.js';

/** Grey frame with a checkerboard (sharp) or flat-gradient (blurred) object in `box`. */
function frame(width: number, height: number, box: Box, sharpObject: boolean): RgbImage {
  const data = new Uint8Array(width * height * 3).fill(90);
  for (let y = box[1]; y < box[3]; y++) {
    for (let x = box[0]; x < box[2]; x++) {
      const v = sharpObject ? (((x >> 2) + (y >> 2)) & 1 ? 230 : 30) : 100 + Math.round((60 * (x - box[0])) / (box[2] - box[0]));
      data.fill(v, (y * width + x) * 3, (y * width + x) * 3 + 3);
    }
  }
  return { width, height, data };
}

t.test('Laplacian variance separates sharp from smooth crops', async (t) => {
  const sharpFrame = frame(320, 240, [100, 80, 200, 180], true);
  const smoothFrame = frame(320, 240, [100, 80, 200, 180], false);
  const a = laplacianVariance(sharpFrame, [100, 80, 200, 180]);
  const b = laplacianVariance(smoothFrame, [100, 80, 200, 180]);
  t.ok(a > 1000, `sharp ${a.toFixed(0)}`);
  t.ok(b < 10, `smooth ${b.toFixed(1)}`);
  t.equal(laplacianVariance(sharpFrame, [10, 10, 12, 12]), 0, 'tiny boxes score 0');
});

t.test('snapshotScore prefers larger, sharper, confident, untruncated boxes', async (t) => {
  const base = { frameWidth: 640, frameHeight: 480, score: 0.9, sharpness: 500 };
  const small = snapshotScore({ ...base, box: [100, 100, 150, 150] }).quality;
  const large = snapshotScore({ ...base, box: [100, 100, 200, 200] }).quality;
  t.ok(large > small, 'larger wins');
  t.ok(Math.abs(large / small - 2) < 1e-9, 'quality grows with linear size');
  t.ok(snapshotScore({ ...base, box: [100, 100, 200, 200], sharpness: 20 }).quality < large, 'blurrier loses');
  t.ok(snapshotScore({ ...base, box: [100, 100, 200, 200], score: 0.4 }).quality < large, 'less confident loses');
  const cut = snapshotScore({ ...base, box: [0, 100, 120, 200] });
  t.ok(cut.truncated);
  t.ok(cut.quality < large, 'a bigger box cut by the frame edge loses');
  t.notOk(snapshotScore({ ...base, box: [3, 3, 637, 477] }).truncated);
});

t.test('BestSnapshot keeps the best candidate per track and copies only the crop and a thumbnail', async (t) => {
  const best = new BestSnapshot({ thumbnailWidth: 160 });
  const small = frame(640, 480, [300, 200, 340, 240], true);
  t.ok(best.offer(small, { id: 1, box: [300, 200, 340, 240], score: 0.9 }, 0), 'first offer wins');
  const large = frame(640, 480, [200, 150, 360, 330], true);
  t.ok(best.offer(large, { id: 1, box: [200, 150, 360, 330], score: 0.9 }, 100), 'larger and sharp wins');
  const blurred = frame(640, 480, [180, 140, 380, 340], false);
  t.notOk(best.offer(blurred, { id: 1, box: [180, 140, 380, 340], score: 0.9 }, 200), 'larger but blurred loses');
  const truncated = frame(640, 480, [0, 100, 240, 400], true);
  t.notOk(best.offer(truncated, { id: 1, box: [0, 100, 240, 400], score: 0.9 }, 300), 'larger but cut by the edge loses');
  t.notOk(best.offer(large, { id: 1, box: [200, 150, 360, 330], score: 0.9, timeSinceUpdate: 2 }, 400), 'predicted boxes are ignored');
  t.ok(best.offer(blurred, { id: 2, box: [180, 140, 380, 340], score: 0.5 }, 200), 'tracks are independent');
  t.equal(best.size, 2);

  const won = best.get(1)!;
  t.equal(won.ptsMs, 100);
  t.same(won.cropBox, [184, 132, 376, 348], 'box plus 10% margin');
  t.equal(won.crop.width, 192);
  t.equal(won.crop.height, 216);
  t.equal(won.crop.data.length, 192 * 216 * 3, 'crop holds only the crop region');
  t.same([won.thumbnail.width, won.thumbnail.height], [160, 120]);
  const before = won.crop.data[(20 * 192 + 20) * 3];
  large.data.fill(0);
  t.equal(won.crop.data[(20 * 192 + 20) * 3], before, 'crop pixels are a copy, not a view of the frame');
  t.equal(best.take(1)?.ptsMs, 100);
  t.equal(best.get(1), undefined, 'take forgets the track');
  t.equal(best.size, 1);
});

t.test('JPEG encoders give decodable JPEGs of the expected size, with the box drawn', async (t) => {
  const best = new BestSnapshot({ thumbnailWidth: 320 });
  const f = frame(640, 480, [200, 100, 400, 200], true);
  best.offer(f, { id: 7, box: [200, 100, 400, 200], score: 0.8 }, 0);
  const c = best.get(7)!;
  const crop = await sharp(await encodeCropJpeg(c, { maxSide: 120, quality: 70 })).metadata();
  t.equal(crop.format, 'jpeg');
  t.same([crop.width, crop.height], [120, 60], 'crop 240x120 (box plus margin) fitted inside 120');
  const small = await sharp(await encodeCropJpeg({ crop: { width: 20, height: 10, data: new Uint8Array(600) } })).metadata();
  t.same([small.width, small.height], [20, 10], 'small crops are not enlarged');

  const jpeg = await encodeThumbnailJpeg(c.thumbnail, c.box, { width: 160, boxSpace: { width: c.frameWidth, height: c.frameHeight }, lineWidthPx: 3 });
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  t.same([info.width, info.height], [160, 120]);
  const px = (x: number, y: number) => Array.from(data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3));
  const [r, g, b] = px(75, 26);
  t.ok(r > 180 && g < 90 && b < 90, `top edge of the box (50..100, 25..50 in the thumbnail) is red: ${[r, g, b]}`);
  const [r2, g2] = px(10, 10);
  t.ok(Math.abs(r2 - g2) < 20, 'background stays grey');
});
