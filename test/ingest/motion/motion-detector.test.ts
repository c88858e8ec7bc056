// MotionDetector on synthetic frames: static scenes, moving blocks and their boxes, noise,
// ignore regions, global lighting changes, resolution changes, and option validation.
import t from 'tap';
import type { Box } from '../../../core/index.js';
import { MotionDetector, type MotionDetectorOptions, type MotionResult } from '../../../ingest/index.js';
import { scene, type Block, type SceneOptions } from './synthetic-scene.js';

const run = (detector: MotionDetector, frames: SceneOptions[]): MotionResult[] => frames.map((f) => detector.update(scene(f)));
const block = (x: number, y: number, w = 48, h = 48, gray = 230): Block => ({ x, y, w, h, gray });
/** Largest distance between the sides of two boxes. */
const sideGap = (a: Box, b: Box) => Math.max(...a.map((v, i) => Math.abs(v - b[i])));

t.test('a static scene never has motion; the first frame is a warm-up frame', async (t) => {
  const results = run(new MotionDetector(), Array.from({ length: 12 }, () => ({})));
  t.match(results[0], { warmUp: true, motion: false, changedFraction: 0, box: null, sceneChange: false });
  t.same(results.slice(1).filter((r) => r.motion || r.warmUp || r.changedFraction > 0 || r.box !== null), [], 'later frames: nothing changed');
});

t.test('a moving block is motion, boxed where it is in source pixels', async (t) => {
  const detector = new MotionDetector();
  detector.update(scene());
  for (let step = 0; step < 10; step++) {
    const b = block(100 + 30 * step, 200 + 10 * step);
    const r = detector.update(scene({ blocks: [b] }));
    t.equal(r.motion, true, `step ${step}: motion`);
    t.ok(r.box !== null && sideGap(r.box, [b.x, b.y, b.x + b.w, b.y + b.h]) <= 10, `step ${step}: box ${JSON.stringify(r.box)} within 10 px of the block`);
    const area = (b.w * b.h) / (640 * 480);
    t.ok(r.changedFraction > 0.5 * area && r.changedFraction < 2 * area, `step ${step}: changed fraction ${r.changedFraction.toFixed(4)} near the block's share ${area.toFixed(4)}`);
  }
});

t.test('a block that stops fades into the background', async (t) => {
  const detector = new MotionDetector({ learningRate: 0.1 });
  detector.update(scene());
  const still = run(detector, Array.from({ length: 40 }, () => ({ blocks: [block(300, 200)] })));
  t.equal(still[0].motion, true, 'motion when it arrives');
  t.equal(still.at(-1)!.motion, false, 'no motion once it has been still for a while');
});

t.test('a block smaller than minChangedFraction is not motion, but its change is measured', async (t) => {
  const detector = new MotionDetector({ minChangedFraction: 0.05 });
  const [, r] = run(detector, [{}, { blocks: [block(300, 200, 40, 40)] }]);
  t.equal(r.motion, false);
  t.ok(r.changedFraction > 0 && r.changedFraction < 0.05, `changed ${r.changedFraction.toFixed(4)}`);
  t.ok(r.box !== null, 'the box is still reported');
});

t.test('noise below the threshold is not motion', async (t) => {
  t.test('small per-pixel noise, no averaging and no blur', async (t) => {
    // Values within +-12 of the scene: any two differ by at most 24 < pixelThreshold 25.
    const detector = new MotionDetector({ analysisWidth: 160, blurRadius: 0 });
    const results = run(detector, Array.from({ length: 10 }, (_, i) => ({ width: 160, height: 120, noise: { amplitude: 12, seed: i + 1 } })));
    t.same(results.filter((r) => r.motion || r.changedFraction > 0), []);
  });
  t.test('strong sensor noise is averaged away by downscaling', async (t) => {
    const results = run(new MotionDetector(), Array.from({ length: 6 }, (_, i) => ({ noise: { amplitude: 60, seed: 100 + i } })));
    t.same(results.filter((r) => r.motion), []);
  });
  t.test('the same noise is motion without averaging or blur (control)', async (t) => {
    const detector = new MotionDetector({ analysisWidth: 640, blurRadius: 0 });
    const results = run(detector, Array.from({ length: 3 }, (_, i) => ({ noise: { amplitude: 60, seed: 100 + i } })));
    t.equal(results[2].motion, true);
  });
});

t.test('ignore regions', async (t) => {
  // A tree in the upper left: motion only there.
  const tree: MotionDetectorOptions['ignore'] = [[[0.05, 0.05], [0.55, 0.05], [0.55, 0.5], [0.05, 0.5]]];
  const frames = [{}, ...Array.from({ length: 6 }, (_, i) => ({ blocks: [block(80 + 20 * i, 60 + 10 * i)] }))];
  t.test('motion only inside an ignore polygon is not motion', async (t) => {
    const results = run(new MotionDetector({ ignore: tree }), frames);
    t.same(results.filter((r) => r.motion || r.changedFraction > 0), []);
  });
  t.test('the same frames without the region are motion (control)', async (t) => {
    const results = run(new MotionDetector(), frames);
    t.equal(results.slice(1).filter((r) => r.motion).length, 6);
  });
  t.test('motion outside the region still counts, boxed outside it', async (t) => {
    const results = run(new MotionDetector({ ignore: tree }), [{}, { blocks: [block(100, 100), block(450, 350)] }]);
    t.equal(results[1].motion, true);
    t.ok(sideGap(results[1].box!, [450, 350, 498, 398]) <= 10, `box ${JSON.stringify(results[1].box)} is the outside block only`);
  });
  t.test('a triangle ignores its inside only', async (t) => {
    const triangle: MotionDetectorOptions['ignore'] = [[[0, 0], [1, 0], [0, 1]]];
    const detector = new MotionDetector({ ignore: triangle });
    const inside = run(detector, [{}, { blocks: [block(40, 40)] }])[1];
    const outside = detector.update(scene({ blocks: [block(560, 400)] }));
    t.equal(inside.motion, false, 'upper-left corner is inside');
    t.equal(outside.motion, true, 'lower-right corner is outside');
  });
  t.test('the caller changing its polygon array later changes nothing', async (t) => {
    const regions: Array<Array<[number, number]>> = [[[0.05, 0.05], [0.55, 0.05], [0.55, 0.5], [0.05, 0.5]]];
    const detector = new MotionDetector({ ignore: regions });
    regions[0][1][0] = 0.06;
    regions.push([[0, 0], [1, 0], [1, 1]]);
    t.same(detector.options.ignore, [[[0.05, 0.05], [0.55, 0.05], [0.55, 0.5], [0.05, 0.5]]]);
  });
});

t.test('a sudden global change is a scene change once it lasts and holds still: motion until then, then a new background', async (t) => {
  const detector = new MotionDetector();
  const results = run(detector, [{}, {}, { brightness: 70 }, { brightness: 70 }, { brightness: 70 }, { brightness: 70 }, { brightness: 70 }]);
  t.ok(results[2].changedFraction > 0.6, `changed ${results[2].changedFraction.toFixed(2)}`);
  t.same(results.slice(2, 5).map((r) => [r.motion, r.sceneChange]), [[true, false], [true, false], [true, true]],
    'motion while the change is new; the background restarts on its third frame (sceneChangeFrames 3)');
  t.same(results.slice(5).map((r) => r.motion), [false, false], 'settled at the new brightness');
  const after = detector.update(scene({ brightness: 70, blocks: [block(300, 200)] }));
  t.equal(after.motion, true, 'motion is seen again on the new background');
  const quick = run(new MotionDetector({ sceneChangeFrames: 1 }), [{}, { brightness: 70 }, { brightness: 70 }, { brightness: 70 }]);
  t.same(quick.map((r) => r.sceneChange), [false, false, true, false], 'sceneChangeFrames 1: restarts on the first still frame of the new scene');
});

/** A gray block covering the full height and 7/8 of the width, moving `step` px a frame from left of the picture to right of it. */
function passingObject(step: number): SceneOptions[] {
  const frames: SceneOptions[] = [];
  for (let x = step - 560; x < 640; x += step) frames.push({ blocks: [{ x, y: 0, w: 560, h: 480, gray: 200 }] });
  return frames;
}

t.test('a large object passing through a still scene never becomes background: no lasting motion once it has gone', async (t) => {
  // The kind of fault: a truck or a car right under a top-down camera covers most of the picture.
  // Restarting the background from such a frame kept part of the object in it, and its ghost read
  // as motion for ~5 s after it had gone (parking_lot_topdown.mp4 at 8.6-14 s).
  for (const step of [40, 72, 120]) {
    const detector = new MotionDetector();
    const passing = passingObject(step);
    const results = run(detector, [{}, {}, {}, ...passing, ...Array.from({ length: 12 }, () => ({}))]);
    const during = results.slice(3, 3 + passing.length), afterwards = results.slice(3 + passing.length);
    t.ok(during.every((r) => r.motion), `step ${step}: motion on every frame while it passes`);
    t.same(results.filter((r) => r.sceneChange).length, 0, `step ${step}: a moving object is never a scene change`);
    // The running average takes in some of anything covering a pixel for a while; that fades
    // within a few frames. A background restarted from a frame with the object in it did not.
    const fractions = afterwards.map((r) => r.changedFraction);
    t.ok(fractions.every((f, i) => i === 0 || f <= fractions[i - 1]), `step ${step}: what is left only fades (${fractions.map((f) => f.toFixed(2)).join(' ')})`);
    t.same(afterwards.slice(8).map((r) => r.motion), afterwards.slice(8).map(() => false), `step ${step}: still from the 9th frame after it has gone`);
  }
});

t.test('a large object that stops for good does become background, and so does the empty scene when it leaves', async (t) => {
  const detector = new MotionDetector();
  const parked = { blocks: [{ x: 40, y: 0, w: 560, h: 480, gray: 200 }] };
  const results = run(detector, [{}, {}, parked, parked, parked, parked, parked, {}, {}, {}, {}, {}]);
  t.same(results.map((r) => r.sceneChange), [false, false, false, false, true, false, false, false, false, true, false, false]);
  t.same(results.slice(5, 7).map((r) => r.motion), [false, false], 'parked: still');
  t.same(results.slice(10).map((r) => r.motion), [false, false], 'gone: still, no ghost');
});

t.test('a slow lighting drift is followed by the background, not reported', async (t) => {
  const results = run(new MotionDetector(), Array.from({ length: 60 }, (_, i) => ({ brightness: i * 0.5 - 20 })));
  t.same(results.filter((r) => r.motion).length, 0);
});

t.test('a resolution change restarts the background', async (t) => {
  const detector = new MotionDetector();
  run(detector, [{}, {}]);
  t.same(detector.analysisSize, { width: 160, height: 120 });
  const results = run(detector, [{ width: 1280, height: 720 }, { width: 1280, height: 720 }, { width: 1280, height: 720, blocks: [block(900, 500, 96, 96)] }]);
  t.match(results[0], { warmUp: true, motion: false });
  t.match(results[1], { warmUp: false, motion: false });
  t.equal(results[2].motion, true);
  t.ok(sideGap(results[2].box!, [900, 500, 996, 596]) <= 16, `box ${JSON.stringify(results[2].box)} in 1280x720 pixels`);
  t.same(detector.analysisSize, { width: 160, height: 90 });
});

t.test('odd sizes: boxes stay inside the source, small sources are not upscaled', async (t) => {
  const odd = new MotionDetector();
  const r = run(odd, [{ width: 1001, height: 333 }, { width: 1001, height: 333, blocks: [block(950, 290, 51, 43)] }])[1];
  t.equal(r.motion, true);
  t.ok(r.box![2] <= 1001 && r.box![3] <= 333 && sideGap(r.box!, [950, 290, 1001, 333]) <= 14, `box ${JSON.stringify(r.box)}`);
  const small = new MotionDetector();
  run(small, [{ width: 64, height: 48 }]);
  t.same(small.analysisSize, { width: 64, height: 48 });
});

t.test('reset() makes the next frame a warm-up frame', async (t) => {
  const detector = new MotionDetector();
  run(detector, [{}, {}]);
  detector.reset();
  t.match(detector.update(scene({ blocks: [block(300, 200)] })), { warmUp: true, motion: false });
});

t.test('deterministic: the same frames give the same results', async (t) => {
  const frames = [{}, { blocks: [block(10, 10)] }, { noise: { amplitude: 30, seed: 7 } }, { brightness: 80 }];
  t.same(run(new MotionDetector(), frames), run(new MotionDetector(), frames));
});

t.test('options are validated, naming the option', async (t) => {
  const bad: Array<[MotionDetectorOptions, RegExp]> = [
    [{ analysisWidth: 4 }, /^analysisWidth must be/],
    [{ analysisWidth: 160.5 }, /^analysisWidth must be/],
    [{ blurRadius: -1 }, /^blurRadius must be/],
    [{ learningRate: 0 }, /^learningRate must be/],
    [{ learningRate: 1.5 }, /^learningRate must be/],
    [{ pixelThreshold: 300 }, /^pixelThreshold must be/],
    [{ pixelThreshold: Number.NaN }, /^pixelThreshold must be/],
    [{ minChangedFraction: -0.1 }, /^minChangedFraction must be/],
    [{ sceneChangeFraction: 0 }, /^sceneChangeFraction must be/],
    [{ sceneChangeFrames: 0 }, /^sceneChangeFrames must be an integer from 1 to 1000/],
    [{ sceneChangeFrames: 2.5 }, /^sceneChangeFrames must be/],
    [{ minChangedFraction: 0.5, sceneChangeFraction: 0.4 }, /^sceneChangeFraction must be greater than minChangedFraction/],
    [{ ignore: [[[0, 0], [1, 0]]] }, /^ignore\[0\] must be a polygon of at least 3/],
    [{ ignore: [[[0, 0], [1, 0], [1, 1]], [[0, 0], [1.2, 0], [1, 1]]] }, /^ignore\[1\]\[1\] must be an \[x, y\] point/],
  ];
  for (const [options, message] of bad) {
    t.throws(() => new MotionDetector(options), { name: 'SharpeyeError', code: 'E_CONFIG_INVALID', message }, JSON.stringify(options));
  }
  t.same(new MotionDetector().options, {
    analysisWidth: 160, blurRadius: 1, learningRate: 0.05, pixelThreshold: 25, minChangedFraction: 0.003, sceneChangeFraction: 0.6, sceneChangeFrames: 3, ignore: [],
  }, 'defaults');
});

t.test('an image whose bytes do not match its size is refused', async (t) => {
  t.throws(() => new MotionDetector().update({ width: 10, height: 10, data: new Uint8Array(299) }), { name: 'SharpeyeError', code: 'E_INTERNAL', message: /10x10 with 299 bytes/ });
});
