// Decoding without models: CTC greedy decoding, the Latin OCR's slots, y5fu rows through the
// letterbox, and the mainland plate pattern and kinds.
import t from 'tap';
import { ctcGreedyDecode, decodePlateRows, decodeSlots, isMainlandPlateText, plateKind } from '../../../inference/index.js';

t.test('CTC greedy decode drops blanks and repeats; confidence is the mean softmax max of kept symbols', async (t) => {
  const alphabet = ['#', 'A', 'B', '1'];
  // steps: A A # A B B # 1  ->  "AAB1"
  const path = [1, 1, 0, 1, 2, 2, 0, 3];
  const scores = new Float32Array(path.length * 4);
  path.forEach((k, s) => { scores[s * 4 + k] = 5; });
  scores[2 * 4 + 0] = 5; // a blank step
  const read = ctcGreedyDecode(scores, path.length, 4, alphabet);
  t.equal(read.text, 'AAB1');
  const p = Math.exp(5) / (Math.exp(5) + 3);
  t.equal(read.symbolConfidences.length, 4);
  t.ok(Math.abs(read.confidence - p) < 1e-6, `confidence ${read.confidence} = softmax max ${p}`);
  const empty = ctcGreedyDecode(new Float32Array(3 * 4), 3, 4, alphabet);
  t.same([empty.text, empty.confidence], ['', 0], 'all blank (ties go to the blank): nothing read');
});

t.test('Latin slots: argmax per slot, padding dropped', async (t) => {
  const alphabet = [...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_'];
  const text = 'AB12_____';
  const probs = new Float32Array(9 * alphabet.length);
  [...text].forEach((ch, s) => { probs[s * alphabet.length + alphabet.indexOf(ch)] = ch === '_' ? 0.99 : 0.9; });
  const read = decodeSlots(probs, 9, alphabet);
  t.equal(read.text, 'AB12');
  t.ok(Math.abs(read.confidence - 0.9) < 1e-6);
});

t.test('y5fu rows: objectness gate, layer class, NMS, letterbox undone', async (t) => {
  // A 640x320 source in a 320 input: scale 0.5, centred, 80 px of padding above and below.
  const transform = { scaleX: 0.5, scaleY: 0.5, padX: 0, padY: 80, srcWidth: 640, srcHeight: 320 };
  const row = (cx: number, cy: number, w: number, h: number, obj: number, single: number, double: number) => [
    cx, cy, w, h, obj, cx - w / 2, cy - h / 2, cx + w / 2, cy - h / 2, cx + w / 2, cy + h / 2, cx - w / 2, cy + h / 2, single, double,
  ];
  const data = new Float32Array([
    ...row(100, 150, 40, 12, 0.9, 0.95, 0.05), // a single-layer plate
    ...row(101, 150, 40, 12, 0.8, 0.9, 0.1), // its duplicate, suppressed
    ...row(200, 160, 30, 16, 0.85, 0.1, 0.9), // a double-layer plate
    ...row(250, 200, 30, 10, 0.2, 1, 0), // below the objectness gate
    ...row(50, 120, 30, 10, 0.6, 0.5, 0.1), // score 0.3 < minScore
  ]);
  const plates = decodePlateRows(data, transform, { objectness: 0.25, minScore: 0.5, iou: 0.5, maxPlates: 16 });
  t.equal(plates.length, 2);
  t.match(plates[0], { layers: 1, box: [160, 128, 240, 152] });
  t.ok(Math.abs(plates[0].score - 0.855) < 1e-6);
  t.same(plates[0].corners, [[160, 128], [240, 128], [240, 152], [160, 152]]);
  t.match(plates[1], { layers: 2, box: [370, 144, 430, 176] });
});

t.test('mainland plate pattern and plate kinds', async (t) => {
  for (const ok of ['皖K66666', '京EA5331', '沪AF71017', '粤ZR066港', '粤Z1234澳', '京A1234警']) t.ok(isMainlandPlateText(ok), ok);
  for (const bad of ['SN6497', 'H786POJ', '皖K6666', '皖K6666666', 'AK66666', '皖1K6666', '皖KI6666', '', '港ZR066粤']) t.notOk(isMainlandPlateText(bad), bad || '(empty)');
  t.equal(plateKind('皖K66666', 'plate_rec_color'), 'mainland');
  t.equal(plateKind('沪AF71017', 'plate_rec_color'), 'new_energy');
  t.equal(plateKind('粤ZR066港', 'plate_rec_color'), 'hk_macao');
  t.equal(plateKind('SN6497', 'cct_xs_v1_global'), 'latin');
  t.equal(plateKind('2M01S', 'plate_rec_color'), 'other');
});
