// The Kalman box filter: constant-velocity prediction in pixels per second, whatever the step.
import t from 'tap';
import type { Box } from '../../../core/index.js';
import { KalmanBoxFilter } from '../../../inference/tracking/index.js';

const shift = (b: Box, dx: number, dy: number): Box => [b[0] + dx, b[1] + dy, b[2] + dx, b[3] + dy];
const start: Box = [100, 100, 140, 200];

t.test('a new filter reports its box and no velocity', async (t) => {
  const f = new KalmanBoxFilter(start);
  t.same(f.box(), start);
  t.same(f.velocity(), [0, 0]);
  f.predict(0.5);
  t.same(f.box(), start, 'zero velocity predicts no motion');
});

t.test('learns a constant velocity and predicts ahead', async (t) => {
  const f = new KalmanBoxFilter(start);
  // 60 px/s right and 30 px/s down, observed at 10 fps for 2 s.
  for (let i = 1; i <= 20; i++) {
    f.predict(0.1);
    f.update(shift(start, 6 * i, 3 * i));
  }
  const [vx, vy] = f.velocity();
  t.ok(Math.abs(vx - 60) < 1, `vx ${vx.toFixed(2)} ~ 60 px/s`);
  t.ok(Math.abs(vy - 30) < 1, `vy ${vy.toFixed(2)} ~ 30 px/s`);
  f.predict(1);
  const b = f.box();
  const expected = shift(start, 120 + 60, 60 + 30);
  for (let k = 0; k < 4; k++) t.ok(Math.abs(b[k] - expected[k]) < 2, `coordinate ${k}: ${b[k].toFixed(1)} ~ ${expected[k]}`);
});

t.test('the step length is honoured: one 0.4 s step equals four 0.1 s steps', async (t) => {
  const make = () => {
    const f = new KalmanBoxFilter(start);
    for (let i = 1; i <= 10; i++) { f.predict(0.1); f.update(shift(start, 5 * i, 0)); }
    return f;
  };
  const one = make(), four = make();
  one.predict(0.4);
  for (let i = 0; i < 4; i++) four.predict(0.1);
  for (let k = 0; k < 8; k++) t.ok(Math.abs(one.mean[k] - four.mean[k]) < 1e-9, `mean[${k}] equal`);
  t.ok(one.box()[0] > make().box()[0] + 15, 'moved about 20 px in 0.4 s at 50 px/s');
  // Variance grows with time, so the longer gap is less certain than one short step.
  const short = make();
  short.predict(0.1);
  t.ok(one.covariance[0] > short.covariance[0], 'position variance grows with the gap');
});

t.test('a measurement pulls the estimate toward it and shrinks the uncertainty', async (t) => {
  const f = new KalmanBoxFilter(start);
  f.predict(0.2);
  const before = f.covariance[0];
  f.update(shift(start, 10, 0));
  const cx = f.mean[0];
  t.ok(cx > 120 && cx <= 130, `cx ${cx.toFixed(2)} moved toward 130`);
  t.ok(f.covariance[0] < before, 'variance shrank');
  for (let i = 0; i < 8; i++) t.ok(f.covariance[i * 8 + i] > 0, `covariance diagonal ${i} positive`);
});
