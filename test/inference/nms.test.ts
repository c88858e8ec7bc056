import t from 'tap';
import { classAwareNms } from '../../inference/nms.js';

t.test('suppresses overlapping boxes of the same class only', async (t) => {
  const c = {
    boxes: [0, 0, 10, 10, 1, 1, 11, 11, 0, 0, 10, 10, 50, 50, 60, 60],
    scores: [0.9, 0.8, 0.7, 0.6],
    classIds: [0, 0, 1, 0],
  };
  t.same(classAwareNms(c, 0.45, 100), [0, 2, 3]);
});

t.test('keeps at most maxDetections, best first', async (t) => {
  const c = { boxes: [0, 0, 1, 1, 5, 5, 6, 6, 10, 10, 11, 11], scores: [0.2, 0.9, 0.5], classIds: [0, 0, 0] };
  t.same(classAwareNms(c, 0.5, 2), [1, 2]);
});

t.test('IoU exactly at the threshold is kept', async (t) => {
  // Two 10x10 boxes overlapping by 5 columns: IoU = 50 / 150 = 1/3.
  const c = { boxes: [0, 0, 10, 10, 5, 0, 15, 10], scores: [0.9, 0.8], classIds: [0, 0] };
  t.same(classAwareNms(c, 1 / 3, 10), [0, 1]);
  t.same(classAwareNms(c, 0.3, 10), [0]);
});
