// A camera's `tiling` entry in the serve config: defaults filled in, the same bounds as
// `analyze --tile/--tile-overlap` (TILING_LIMITS), and every mistake reported on one line naming the
// file, the camera and the field.
import t from 'tap';
import { validateServeConfig } from '../../worker/index.js';
import { TILING_LIMITS } from '../../inference/index.js';

const camera = (tiling: unknown) => ({ cameras: [{ id: 'plain', url: 'rtsp://h/1' }, { id: 'far-1', url: 'rtsp://h/2', tiling }] });

t.test('tiling is off unless given; given, its defaults are filled in', async (t) => {
  const config = validateServeConfig(camera({}), 'f.yaml');
  t.equal(config.cameras[0].tiling, undefined, 'a camera without tiling stays plain');
  t.same(config.cameras[1].tiling, { tileSize: 640, overlap: 0.2 });
  t.same(validateServeConfig(camera({ tileSize: 320, overlap: 0 }), 'f.yaml').cameras[1].tiling, { tileSize: 320, overlap: 0 });
  t.same(validateServeConfig(camera({ tileSize: 8192, overlap: 0.9 }), 'f.yaml').cameras[1].tiling, { tileSize: 8192, overlap: 0.9 }, 'bounds are inclusive');
  t.same(validateServeConfig(camera({ tileSize: 32 }), 'f.yaml').cameras[1].tiling, { tileSize: 32, overlap: 0.2 });
  t.same({ tileSize: TILING_LIMITS.tileSize.default, overlap: TILING_LIMITS.overlap.default }, { tileSize: 640, overlap: 0.2 }, 'defaults defined once, shared with analyze');
});

t.test('bad values: one line each, naming the file, the camera and the field', async (t) => {
  const cases: Array<[unknown, RegExp]> = [
    [{ tileSize: 16 }, /^f\.yaml: camera 'far-1' \(cameras\[1\]\.tiling\.tileSize\): expected integer to be greater or equal to 32 \(slice width and height in frame pixels.*\), got 16$/],
    [{ tileSize: 10_000 }, /^f\.yaml: camera 'far-1' \(cameras\[1\]\.tiling\.tileSize\): expected integer to be less or equal to 8192 \(.*\), got 10000$/],
    [{ tileSize: 640.5 }, /^f\.yaml: camera 'far-1' \(cameras\[1\]\.tiling\.tileSize\): expected integer \(.*\), got 640\.5$/],
    [{ tileSize: '640' }, /^f\.yaml: camera 'far-1' \(cameras\[1\]\.tiling\.tileSize\): expected integer/],
    [{ overlap: 0.95 }, /^f\.yaml: camera 'far-1' \(cameras\[1\]\.tiling\.overlap\): expected number to be less or equal to 0\.9 \(overlap between neighbouring slices.*\), got 0\.95$/],
    [{ overlap: -0.1 }, /^f\.yaml: camera 'far-1' \(cameras\[1\]\.tiling\.overlap\): expected number to be greater or equal to 0 \(.*\), got -0\.1$/],
    [{ size: 640 }, /^f\.yaml: camera 'far-1' \(cameras\[1\]\.tiling\): unknown key; the keys allowed here are tileSize, overlap/],
    [true, /^f\.yaml: camera 'far-1' \(cameras\[1\]\.tiling\): expected object/],
    [640, /^f\.yaml: camera 'far-1' \(cameras\[1\]\.tiling\): expected object/],
  ];
  for (const [tiling, message] of cases) {
    const err = (() => { try { validateServeConfig(camera(tiling), 'f.yaml'); } catch (e) { return e as Error & { code?: string }; } })();
    t.equal(err?.code, 'E_CONFIG_INVALID', `${JSON.stringify(tiling)} is refused`);
    t.match(err?.message, message, JSON.stringify(tiling));
    t.notOk(err?.message.includes('\n'), 'one line');
    t.notMatch(err?.message, /plain/, 'the valid camera is not blamed');
  }
});
