// A low-rate camera is not restarted between two of its frames: the stall timeout a camera runs with
// is its configured one, raised to 3 frame intervals at its fps.
import t from 'tap';
import { CameraConfigSchema, effectiveStallTimeoutMs, STALL_MIN_FRAME_INTERVALS } from '../../../ingest/index.js';

t.test('the configured timeout holds for ordinary frame rates', async (t) => {
  t.equal(effectiveStallTimeoutMs(10_000, 5), 10_000);
  t.equal(effectiveStallTimeoutMs(3000, 1), 3000, '3 s at 1 fps: exactly 3 intervals');
  t.equal(effectiveStallTimeoutMs(undefined, 25), CameraConfigSchema.properties.stallTimeoutMs.default, 'undefined: the schema default');
});

t.test('low frame rates get at least 3 frame intervals', async (t) => {
  t.equal(STALL_MIN_FRAME_INTERVALS, 3);
  t.equal(effectiveStallTimeoutMs(10_000, 0.2), 15_000, 'a frame every 5 s');
  t.equal(effectiveStallTimeoutMs(10_000, 0.05), 60_000, 'a frame every 20 s');
  t.equal(effectiveStallTimeoutMs(1000, 0.5), 6000);
  t.equal(effectiveStallTimeoutMs(undefined, 0.01), 300_000, 'the lowest fps the schema allows');
});

t.test('a missing or non-positive fps leaves the configured timeout', async (t) => {
  t.equal(effectiveStallTimeoutMs(4000, 0), 4000);
  t.equal(effectiveStallTimeoutMs(4000, Number.NaN), 4000);
});
