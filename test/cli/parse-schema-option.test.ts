// CLI flags that set a config value are validated by that value's schema: the same default, the
// same bounds (inclusive and exclusive), whole numbers and multiples, with one-line messages.
import t from 'tap';
import { Type } from '@sinclair/typebox';
import { parseSchemaOption } from '../../cli/parse-options.js';
import { apiOverridesFrom } from '../../cli/api-options.js';
import { detectorOptionsFrom } from '../../cli/detector-options.js';
import { FpsSchema, MaxWidthSchema } from '../../ingest/index.js';
import { DETECTOR_DEFAULTS, InputSizeSchema } from '../../inference/index.js';
import { withApiOverrides, validateNodeConfig } from '../../node/index.js';

t.test('defaults and bounds come from the schema', async (t) => {
  t.equal(parseSchemaOption('fps', undefined, FpsSchema), 5);
  t.equal(parseSchemaOption('fps', '240', FpsSchema), 240, 'bounds are inclusive');
  t.equal(parseSchemaOption('fps', '0.01', FpsSchema), 0.01);
  t.throws(() => parseSchemaOption('fps', '240.5', FpsSchema), { code: 'E_CONFIG_INVALID', message: "--fps must be a number between 0.01 and 240, got '240.5'" });
  t.equal(parseSchemaOption('max-width', undefined, MaxWidthSchema), undefined, 'no default: undefined');
  t.throws(() => parseSchemaOption('max-width', '100.5', MaxWidthSchema), { message: "--max-width must be a whole number between 16 and 16384, got '100.5'" });
  t.equal(parseSchemaOption('input-size', '960', InputSizeSchema), 960);
  t.throws(() => parseSchemaOption('input-size', '1000', InputSizeSchema), { message: "--input-size must be a multiple of 32 between 32 and 4096, got '1000'" });
  const positive = Type.Number({ exclusiveMinimum: 0, maximum: 1 });
  t.throws(() => parseSchemaOption('x', '0', positive), { message: "--x must be a number above 0 and below Infinity, got '0'" });
  t.equal(parseSchemaOption('x', '0.5', positive), 0.5);
});

t.test('detector flags take the detector schema defaults', async (t) => {
  const o = detectorOptionsFrom({});
  t.match(o, { confidence: DETECTOR_DEFAULTS.confidence, iou: DETECTOR_DEFAULTS.iou, provider: DETECTOR_DEFAULTS.provider, sessions: undefined, intraOpThreads: undefined });
  t.throws(() => detectorOptionsFrom({ provider: 'tpu' }), { message: "--provider must be cpu, cuda or tensorrt, got 'tpu'" });
  t.throws(() => detectorOptionsFrom({ threads: '0' }), { message: "--threads must be a number between 1 and 256, got '0'" });
});

t.test('--host and --port override the config, validated by ApiConfigSchema', async (t) => {
  const c = validateNodeConfig({ cameras: [{ id: 'a', url: 'rtsp://h/1' }] }, 'f.yaml');
  t.same(apiOverridesFrom({}), {});
  t.match(withApiOverrides(c, apiOverridesFrom({ host: '::', port: '9000' })).api, { host: '::', port: 9000 });
  t.throws(() => apiOverridesFrom({ port: '65536' }), { message: "--port must be a number between 0 and 65535, got '65536'" });
  t.throws(() => withApiOverrides(c, apiOverridesFrom({ host: '' })), { message: /api\.host/ });
});
