// A camera's `plates` section: off by default with every default filled, the reader's settings
// composed from inference/plates, bounds and unknown keys refused with the camera and field named.
import t from 'tap';
import { validateServeConfig, validateServeCamera, plateReaderKey } from '../../worker/index.js';
import { PLATE_READER_DEFAULTS } from '../../inference/index.js';
import { MIN_VEHICLE_BOX_WIDTH_PX } from '../../analytics/index.js';

const camera = (plates?: unknown) => ({ id: 'gate-1', url: 'rtsp://192.0.2.10/s', ...(plates === undefined ? {} : { plates }) });

t.test('off unless turned on; defaults from the stages that own them', async (t) => {
  const off = validateServeConfig({ cameras: [camera()] }, 'test').cameras[0].plates;
  t.same(off, { enabled: false, ...PLATE_READER_DEFAULTS, maxReadsPerTrack: 4, minVehicleWidthPx: MIN_VEHICLE_BOX_WIDTH_PX });
  const on = validateServeCamera(camera({ enabled: true, detectorSize: 640, recogniser: 'latin-only', maxReadsPerTrack: 2 }), 'API').plates;
  t.match(on, { enabled: true, detectorSize: 640, recogniser: 'latin-only', maxReadsPerTrack: 2, minConfidence: 0.8 });
  t.not(plateReaderKey(on), plateReaderKey(off), 'other reader settings: another reader');
  t.equal(plateReaderKey({ ...off, maxReadsPerTrack: 9, enabled: true }), plateReaderKey(off), 'policy settings share the reader');
});

t.test('bounds and unknown keys are refused, naming camera and field', async (t) => {
  t.throws(() => validateServeConfig({ cameras: [camera({ enabled: true, detectorSize: 480 })] }, 'node.yaml'), { code: 'E_CONFIG_INVALID', message: /camera 'gate-1' \(cameras\[0\]\.plates\.detectorSize\)/ });
  t.throws(() => validateServeConfig({ cameras: [camera({ maxReadsPerTrack: 0 })] }, 'node.yaml'), { code: 'E_CONFIG_INVALID', message: /plates\.maxReadsPerTrack/ });
  t.throws(() => validateServeCamera(camera({ wholeFrame: true }), 'API'), { code: 'E_CONFIG_INVALID', message: /camera\.plates/ });
});
