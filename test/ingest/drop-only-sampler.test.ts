// DropOnlySampler: the pts rule GStreamer sources use when the decoder announces no rate, the same
// rule as ffmpeg's select expression: at most one frame per 1/fps slot, never a repeated frame.
import t from 'tap';
import { DropOnlySampler } from '../../ingest/drop-only-sampler.js';

const run = (fps: number, pts: number[]) => { const s = new DropOnlySampler(fps); return pts.filter((p) => s.accept(p)); };
const grid = (count: number, stepMs: number, round = false) => Array.from({ length: count }, (_, i) => (round ? Math.round(i * stepMs) : i * stepMs));

t.test('downsampling keeps even spacing: 25 -> 5 fps is every 5th frame', async (t) => {
  t.same(run(5, grid(50, 40)), grid(10, 200));
});

t.test('a source slower than the rate passes every frame, once', async (t) => {
  t.same(run(30, grid(25, 80)), grid(25, 80));
  t.same(run(30, grid(90, 1000 / 30, true)), grid(90, 1000 / 30, true), 'whole-ms timestamps of a 30 fps source at 30 fps');
});

t.test('non-integer ratios keep the average rate: 30 -> 7 fps gives 7 a second', async (t) => {
  t.equal(run(7, grid(300, 1000 / 30)).length, 70);
  t.equal(run(5, grid(377, 80)).length, 151, '12.5 -> 5 fps over 30.16 s');
});

t.test('variable rate: real spacing kept where slower, thinned where faster', async (t) => {
  const burst = grid(60, 1000 / 30), slow = grid(10, 200).map((p) => 2000 + p);
  t.same(run(10, [...burst, ...slow]), [...grid(20, 100).map((p) => Math.round(p * 1000) / 1000), ...slow].map((p, i) => (i < 20 ? burst.find((b) => Math.abs(b - p) < 1)! : p)));
});

t.test('no pts, and time going backwards, pass and restart the slots instead of stalling', async (t) => {
  t.same(run(5, [0, 40, NaN, 80, 200]), [0, NaN, 200]);
  t.same(run(5, [0, 200, 400, 100, 140, 300]), [0, 200, 400, 100, 300]);
});
