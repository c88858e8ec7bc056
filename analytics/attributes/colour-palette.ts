// The fixed 12-colour palette that object events report, and the rule that puts one RGB pixel into
// it. Hue decides the chromatic colours; low saturation falls back to white/gray/black by value, and
// dark or washed-out orange-red hues become brown, the way people name car and clothing colours.

export const PALETTE_COLOURS = [
  'red', 'orange', 'yellow', 'green', 'cyan', 'blue', 'purple', 'pink', 'white', 'gray', 'black', 'brown',
] as const;

export type PaletteColour = (typeof PALETTE_COLOURS)[number];

/** Index of a colour in {@link PALETTE_COLOURS}; histograms over the palette use these indices. */
export const PALETTE_INDEX: Readonly<Record<PaletteColour, number>> = Object.freeze(
  Object.fromEntries(PALETTE_COLOURS.map((c, i) => [c, i])) as Record<PaletteColour, number>,
);

const RED = 0, ORANGE = 1, YELLOW = 2, GREEN = 3, CYAN = 4, BLUE = 5, PURPLE = 6, PINK = 7;
const WHITE = 8, GRAY = 9, BLACK = 10, BROWN = 11;

/**
 * Palette index of one sRGB pixel (0..255 per channel). Thresholds, in HSV with s and v in 0..1,
 * were set on real traffic-camera crops (test/fixtures-truth/colours.json) as well as named colours:
 * - v < 0.16 is black whatever the hue (sensor noise makes dark hues meaningless);
 * - s < 0.2 or chroma (max - min) < 24 is achromatic: v >= 0.6 white (white paint in shade is
 *   rarely brighter than that), v < 0.3 black, else gray;
 * - blue and cyan hues (180-260) need more saturation to count (s >= 0.45 below v 0.75, s >= 0.3
 *   above), because shade, sky reflections and camera white balance tint grey and black paint blue;
 *   the cost is that pale blue reads as white or gray;
 * - hue bands (degrees): red <12 or >=345, orange 12-42, yellow 42-70, green 70-165, cyan 165-195,
 *   blue 195-260, purple 260-285, pink 285-345 except strongly saturated (s >= 0.65) 320-345, which is
 *   shaded red paint rather than pink, and dark (v < 0.6) 285-320, which is purple (plum, CSS purple);
 * - orange and yellow hues that are dark (v < 0.55, yellow v < 0.45) or washed out (s < 0.45, yellow
 *   s < 0.3) are brown (tan, beige), and very dark reds (v < 0.3) are brown (maroon);
 * - light desaturated reds and purples (s < 0.45, v >= 0.7) are pink.
 * Uses no allocation so the caller can run it per pixel.
 */
export function paletteIndexOfRgb(r: number, g: number, b: number): number {
  const max = r > g ? (r > b ? r : b) : g > b ? g : b;
  const min = r < g ? (r < b ? r : b) : g < b ? g : b;
  const chroma = max - min;
  const v = max / 255;
  if (v < 0.16) return BLACK;
  const s = chroma / max;
  const h = hueDegrees(r, g, b, max, chroma);
  const minSaturation = h >= 180 && h < 260 ? (v < 0.75 ? 0.45 : 0.3) : 0.2;
  if (s < minSaturation || chroma < 24) return v >= 0.6 ? WHITE : v < 0.3 ? BLACK : GRAY;
  if (h < 12 || h >= 345 || (h >= 320 && s >= 0.65)) {
    if (v < 0.3) return BROWN;
    return s < 0.45 && v >= 0.7 ? PINK : RED;
  }
  if (h < 42) return v < 0.55 || s < 0.45 ? BROWN : ORANGE;
  if (h < 70) return v < 0.45 || s < 0.3 ? BROWN : YELLOW;
  if (h < 165) return GREEN;
  if (h < 195) return CYAN;
  if (h < 260) return BLUE;
  if (h < 285) return s < 0.45 && v >= 0.7 ? PINK : PURPLE;
  if (h < 320 && v < 0.6) return PURPLE;
  return PINK;
}

/** The palette colour of one sRGB pixel; see {@link paletteIndexOfRgb} for the rule. */
export function paletteColourOfRgb(r: number, g: number, b: number): PaletteColour {
  return PALETTE_COLOURS[paletteIndexOfRgb(r, g, b)];
}

function hueDegrees(r: number, g: number, b: number, max: number, chroma: number): number {
  let h: number;
  if (max === r) h = ((g - b) / chroma) % 6;
  else if (max === g) h = (b - r) / chroma + 2;
  else h = (r - g) / chroma + 4;
  h *= 60;
  return h < 0 ? h + 360 : h;
}
