import t from 'tap';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dominantColour, paletteColourOfRgb, PALETTE_COLOURS, type PaletteColour } from '../../../analytics/attributes/index.js';
import type { Box, RgbImage } from '../../../core/index.js';
import { readImageFile } from '../../../ingest/index.js';
import { FIXTURES_DIR, REPO_ROOT } from '../../helpers/fixtures.js';

type Rgb = [number, number, number];

/** A width x height image of `bg` with a filled rectangle of `fg`, plus deterministic +-8 noise. */
function scene(width: number, height: number, bg: Rgb, fg: Rgb, rect: Box, noise = 8): RgbImage {
  const data = new Uint8Array(width * height * 3);
  let seed = 12345;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inside = x >= rect[0] && x < rect[2] && y >= rect[1] && y < rect[3];
      const c = inside ? fg : bg;
      for (let k = 0; k < 3; k++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        const n = ((seed >> 16) % (2 * noise + 1)) - noise;
        data[(y * width + x) * 3 + k] = Math.max(0, Math.min(255, c[k] + n));
      }
    }
  }
  return { width, height, data };
}

const SAMPLES: Record<PaletteColour, Rgb> = {
  red: [200, 30, 30], orange: [240, 140, 20], yellow: [230, 210, 40], green: [40, 160, 60],
  cyan: [40, 200, 210], blue: [30, 60, 200], purple: [120, 40, 170], pink: [240, 120, 180],
  white: [240, 240, 240], gray: [128, 128, 128], black: [20, 20, 20], brown: [120, 70, 30],
};

t.test('named colours map to their palette entry', async (t) => {
  const named: Array<[Rgb, PaletteColour]> = [
    [[255, 0, 0], 'red'], [[178, 34, 34], 'red'], [[255, 165, 0], 'orange'], [[255, 255, 0], 'yellow'],
    [[0, 128, 0], 'green'], [[0, 255, 255], 'cyan'], [[0, 0, 255], 'blue'], [[65, 105, 225], 'blue'],
    [[128, 0, 128], 'purple'], [[255, 192, 203], 'pink'], [[255, 105, 180], 'pink'], [[255, 255, 255], 'white'],
    [[128, 128, 128], 'gray'], [[112, 128, 144], 'gray'], [[0, 0, 0], 'black'], [[40, 40, 60], 'black'],
    [[139, 69, 19], 'brown'], [[210, 180, 140], 'brown'], [[128, 0, 0], 'red'], [[60, 10, 10], 'brown'],
  ];
  for (const [rgb, colour] of named) t.equal(paletteColourOfRgb(...rgb), colour, `rgb(${rgb.join(',')})`);
  for (const colour of PALETTE_COLOURS) t.equal(paletteColourOfRgb(...SAMPLES[colour]), colour, `sample for ${colour}`);
});

t.test('each palette colour is found on a contrasting background', async (t) => {
  for (const colour of PALETTE_COLOURS) {
    const bg: Rgb = colour === 'gray' || colour === 'white' || colour === 'black' ? [40, 140, 60] : [128, 128, 128];
    const img = scene(160, 120, bg, SAMPLES[colour], [50, 30, 110, 90]);
    const got = dominantColour(img, [50, 30, 110, 90]);
    t.equal(got.colour, colour, colour);
    t.ok(got.fraction > 0.8, `${colour} fraction ${got.fraction.toFixed(2)}`);
    t.ok(Math.abs(got.ranked.reduce((s, r) => s + r.fraction, 0) - 1) < 1e-9, 'ranked shares sum to 1');
  }
});

t.test('the object wins over background that fills most of a loose box', async (t) => {
  // Object 40x40 in a 100x100 box: 16% of the box and under a third of the ellipse weight.
  const img = scene(200, 200, [40, 150, 60], [210, 30, 40], [80, 80, 120, 120]);
  const got = dominantColour(img, [50, 50, 150, 150]);
  t.equal(got.colour, 'red');
  t.ok(got.fraction > 0.8, `red share ${got.fraction.toFixed(2)}`);
  const noDiscount = dominantColour(img, [50, 50, 150, 150], { backgroundShare: 1e9 });
  t.equal(noDiscount.colour, 'green', 'without the background discount the loose box reads as background');
});

t.test('an object of the background colour keeps its colour', async (t) => {
  const img = scene(200, 200, [120, 120, 125], [128, 128, 128], [60, 60, 140, 140]);
  t.equal(dominantColour(img, [60, 60, 140, 140]).colour, 'gray');
});

t.test('a box filling the frame and a box cut by the frame edge still work', async (t) => {
  const img = scene(100, 80, [20, 20, 20], [30, 60, 200], [10, 10, 90, 70]);
  t.equal(dominantColour(img, [0, 0, 100, 80]).colour, 'blue');
  t.equal(dominantColour(img, [-30, 10, 60, 70]).colour, 'blue');
});

t.test('a box with no pixel in the image is a typed error', async (t) => {
  const img = scene(50, 50, [0, 0, 0], [0, 0, 0], [0, 0, 0, 0]);
  t.throws(() => dominantColour(img, [60, 60, 80, 80]), { name: 'SharpeyeError', code: 'E_INTERNAL' });
});

interface ColourTruth { source: string; timeS?: number; box: Box; expected: PaletteColour; accept: PaletteColour[]; what: string }

const truth = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'fixtures-truth', 'colours.json'), 'utf8')) as { items: ColourTruth[] };

/** One decoded video frame at a whole second, taken the way the reference detections were. */
function videoFrame(path: string, timeS: number): RgbImage {
  const probe = spawnSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', path], { encoding: 'utf8' });
  const [width, height] = probe.stdout.trim().split(',').map(Number);
  const out = spawnSync('ffmpeg', ['-v', 'error', '-ss', String(timeS), '-i', path, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], { maxBuffer: 64 << 20 });
  if (out.status !== 0 || out.stdout.length !== width * height * 3) throw new Error(`ffmpeg could not read ${path} at ${timeS}s: ${String(out.stderr)}`);
  return { width, height, data: new Uint8Array(out.stdout.buffer, out.stdout.byteOffset, out.stdout.length) };
}

t.test('real crops with an evident colour (test/fixtures-truth/colours.json)', async (t) => {
  t.ok(truth.items.length >= 4);
  for (const item of truth.items) {
    const path = join(FIXTURES_DIR, item.source);
    const img = item.timeS === undefined ? await readImageFile(path) : videoFrame(path, item.timeS);
    const got = dominantColour(img, item.box);
    const top = got.ranked.slice(0, 3).map((r) => `${r.colour} ${r.fraction.toFixed(2)}`).join(', ');
    t.ok(item.accept.includes(got.colour), `${item.what}: got ${got.colour} (${top}), accept ${item.accept.join('/')}`);
    t.ok(got.ranked.slice(0, 2).some((r) => r.colour === item.expected), `${item.what}: ${item.expected} is in the top two`);
  }
});
