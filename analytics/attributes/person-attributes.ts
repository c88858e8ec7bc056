// Person attributes that are not biometric (core PersonAttributes): upper- and lower-body clothing
// colour, bags carried, and the two-wheeler ridden, each decided over several sightings of a person
// track. No face, gender, age or gait attribute is computed here or anywhere (issue 11).
import type { Box, CarriedItem, PersonAttributes, RgbImage, Track } from '../../core/index.js';
import { PALETTE_COLOURS, PALETTE_INDEX } from './colour-palette.js';
import { dominantColour } from './dominant-colour.js';
import { isTruncated } from './snapshot-score.js';

/**
 * Body regions as fractions of the person box (x from its left edge, y from its top). The upper
 * body skips the head (adult head and neck are about the top 1/7-1/6 of standing height: the
 * classical 7.5-8 heads canon) and ends at the hips (about half the height); the lower body runs from
 * the hips to above the shoes. The central 40% of the width keeps arms, bags and background out.
 */
export const UPPER_BODY = { x0: 0.3, x1: 0.7, y0: 0.15, y1: 0.5 } as const;
export const LOWER_BODY = { x0: 0.3, x1: 0.7, y0: 0.5, y1: 0.85 } as const;
/** Box height (px) under which the regions are too few pixels to name a colour (about 6 x 17 px per region). */
export const MIN_COLOUR_BOX_HEIGHT_PX = 48;
/** Stream time between two colour samples of one track: sightings closer than this add little. */
export const COLOUR_SAMPLE_INTERVAL_MS = 400;
/**
 * Overlap with another person box (intersection over this person's box area) from which a sighting
 * gives no colour: the other person's clothes would be measured.
 */
export const MAX_OCCLUSION = 0.3;
/**
 * Carrying test for one bag box against one person box: the bag's centre lies inside the person box
 * widened by CARRY_SIDE_MARGIN of its width on each side (a suitcase is pulled beside the body), between
 * 20% of the height from the top and the bottom edge (a backpack sits on the back, a handbag hangs
 * from hand or shoulder), the bag's bottom is no lower than the person's feet plus CARRY_BELOW_FEET of
 * the height (a bag lower in the picture stands nearer the camera than the person), and the bag is
 * smaller than the person box. A bag matching several persons goes to the one whose box centre is
 * nearest.
 */
export const CARRY_SIDE_MARGIN = 0.25;
export const CARRY_BELOW_FEET = 0.05;
/** Sightings with a bag of a kind that make the person carry it (detectors find bags on some frames only). */
export const MIN_CARRY_SIGHTINGS = 3;
/**
 * Riding test for one two-wheeler box against one person box (the rider sits over the wheels): the
 * boxes overlap horizontally by at least half the narrower width, the person's top is above the
 * two-wheeler's, and the person's bottom edge (feet on pedals or pegs) lies between 30% of the
 * two-wheeler's height from its top and 15% of it below its bottom.
 */
export const RIDE_MIN_X_OVERLAP = 0.5;
/** Riding needs at least this many sightings, and at least RIDE_MIN_SHARE of the person's sightings. */
export const MIN_RIDE_SIGHTINGS = 3;
export const RIDE_MIN_SHARE = 0.5;

/**
 * Region colours without dominantColour's background discount: the ring around a body region is
 * mostly the person's own clothes (white trousers below the hips would discount white trousers), and
 * the central 40% of the width keeps the street out. The thresholds above any possible share make
 * dominantColour always take the undiscounted, ellipse-weighted histogram.
 */
const NO_BACKGROUND_DISCOUNT = { dropDiscountBelow: 1.5, keepDiscountAbove: 2 } as const;

const BAGS: readonly CarriedItem[] = ['handbag', 'backpack', 'suitcase'];
const TWO_WHEELERS = ['bicycle', 'motorcycle'] as const;
type TwoWheeler = (typeof TWO_WHEELERS)[number];

const width = (b: Box): number => Math.max(0, b[2] - b[0]);
const height = (b: Box): number => Math.max(0, b[3] - b[1]);
const area = (b: Box): number => width(b) * height(b);

/** Whether `bag` is carried by the person in `person` by the geometric test (see CARRY_SIDE_MARGIN). */
export function bagOverPerson(bag: Box, person: Box): boolean {
  const cx = (bag[0] + bag[2]) / 2, cy = (bag[1] + bag[3]) / 2;
  const margin = CARRY_SIDE_MARGIN * width(person);
  return cx >= person[0] - margin && cx <= person[2] + margin
    && cy >= person[1] + 0.2 * height(person) && cy <= person[3] && bag[3] <= person[3] + CARRY_BELOW_FEET * height(person)
    && area(bag) < area(person);
}

/** Whether the person in `person` sits on the two-wheeler in `ride` by the geometric test (see RIDE_MIN_X_OVERLAP). */
export function riderOver(person: Box, ride: Box): boolean {
  const overlap = Math.min(person[2], ride[2]) - Math.max(person[0], ride[0]);
  if (overlap < RIDE_MIN_X_OVERLAP * Math.min(width(person), width(ride))) return false;
  const h = height(ride);
  return person[1] < ride[1] && person[3] >= ride[1] + 0.3 * h && person[3] <= ride[3] + 0.15 * h;
}

/** The region of a person box, source pixels. */
export function bodyRegion(box: Box, region: { x0: number; x1: number; y0: number; y1: number }): Box {
  const w = width(box), h = height(box);
  return [box[0] + region.x0 * w, box[1] + region.y0 * h, box[0] + region.x1 * w, box[1] + region.y1 * h];
}

/**
 * Per-frame pairing of bags and two-wheelers with persons: for each person track id observed this
 * frame, the bag kinds and two-wheeler kind whose boxes pass the tests above. Only tracks observed
 * this frame (timeSinceUpdate 0) take part; bags may be tentative (small bags are seldom confirmed).
 */
export function pairPersonItems(tracks: readonly Track[]): Map<number, { bags: Set<CarriedItem>; riding?: TwoWheeler }> {
  const seen = tracks.filter((t) => t.timeSinceUpdate === 0 && t.state !== 'removed');
  const persons = seen.filter((t) => t.label === 'person' && t.state === 'confirmed');
  const out = new Map<number, { bags: Set<CarriedItem>; riding?: TwoWheeler }>();
  if (persons.length === 0) return out;
  for (const p of persons) out.set(p.id, { bags: new Set() });
  for (const item of seen) {
    const bag = BAGS.includes(item.label as CarriedItem), ride = (TWO_WHEELERS as readonly string[]).includes(item.label);
    if (!bag && !ride) continue;
    const test = bag ? (p: Box) => bagOverPerson(item.box, p) : (p: Box) => riderOver(p, item.box);
    const owner = nearest(item.box, persons.filter((p) => test(p.box)));
    if (!owner) continue;
    if (bag) out.get(owner.id)!.bags.add(item.label as CarriedItem);
    else out.get(owner.id)!.riding = item.label as TwoWheeler;
  }
  return out;
}

function nearest(box: Box, candidates: readonly Track[]): Track | undefined {
  const cx = (box[0] + box[2]) / 2, cy = (box[1] + box[3]) / 2;
  let best: Track | undefined, bestD = Infinity;
  for (const c of candidates) {
    const d = Math.hypot((c.box[0] + c.box[2]) / 2 - cx, (c.box[1] + c.box[3]) / 2 - cy);
    if (d < bestD) { best = c; bestD = d; }
  }
  return best;
}

/** Share of `box`'s area covered by the largest overlap with any other box. */
export function occlusion(box: Box, others: readonly Box[]): number {
  const a = area(box);
  if (a === 0) return 1;
  let worst = 0;
  for (const o of others) {
    const iw = Math.min(box[2], o[2]) - Math.max(box[0], o[0]), ih = Math.min(box[3], o[3]) - Math.max(box[1], o[1]);
    if (iw > 0 && ih > 0) worst = Math.max(worst, (iw * ih) / a);
  }
  return worst;
}

/**
 * Accumulates one person track's sightings into PersonAttributes. Memory is bounded: two 12-bin
 * colour histograms and a few counters. Colours: each sample is the dominant palette colour of the
 * region (analytics/attributes/dominantColour, background discounted), voted with weight equal to
 * its share of the region; the colour with the most weight wins. Samples are taken at most every
 * COLOUR_SAMPLE_INTERVAL_MS over the whole track (a person seen from behind, then nearer and lit
 * differently, keeps voting), from boxes at least MIN_COLOUR_BOX_HEIGHT_PX
 * high, whole in the frame and not occluded by another person (MAX_OCCLUSION).
 */
export class PersonAttributesVote {
  readonly #upper = new Float64Array(PALETTE_COLOURS.length);
  readonly #lower = new Float64Array(PALETTE_COLOURS.length);
  #colourSamples = 0;
  #lastSamplePtsMs = -Infinity;
  #sightings = 0;
  readonly #bags = new Map<CarriedItem, number>();
  readonly #rides = new Map<TwoWheeler, number>();

  /** Colour samples taken so far. */
  get colourSamples(): number {
    return this.#colourSamples;
  }

  /**
   * One sighting: `items` is this person's entry of pairPersonItems for the frame, `others` the
   * boxes of the other persons seen in the frame (for the occlusion test).
   */
  add(box: Box, ptsMs: number, image: RgbImage | undefined, items: { bags: ReadonlySet<CarriedItem>; riding?: TwoWheeler } | undefined, others: readonly Box[] = []): void {
    this.#sightings++;
    for (const b of items?.bags ?? []) this.#bags.set(b, (this.#bags.get(b) ?? 0) + 1);
    if (items?.riding) this.#rides.set(items.riding, (this.#rides.get(items.riding) ?? 0) + 1);
    if (image && this.#wantsColour(box, ptsMs, image, others)) {
      this.#lastSamplePtsMs = ptsMs;
      this.#colourSamples++;
      const up = dominantColour(image, bodyRegion(box, UPPER_BODY), NO_BACKGROUND_DISCOUNT);
      this.#upper[PALETTE_INDEX[up.colour]] += up.fraction;
      const low = dominantColour(image, bodyRegion(box, LOWER_BODY), NO_BACKGROUND_DISCOUNT);
      this.#lower[PALETTE_INDEX[low.colour]] += low.fraction;
    }
  }

  #wantsColour(box: Box, ptsMs: number, image: RgbImage, others: readonly Box[]): boolean {
    if (ptsMs - this.#lastSamplePtsMs < COLOUR_SAMPLE_INTERVAL_MS) return false;
    if (height(box) < MIN_COLOUR_BOX_HEIGHT_PX) return false;
    if (isTruncated(box, image.width, image.height)) return false; // the regions would be misplaced
    return occlusion(box, others) <= MAX_OCCLUSION;
  }

  result(): PersonAttributes {
    const carrying = BAGS.filter((b) => (this.#bags.get(b) ?? 0) >= MIN_CARRY_SIGHTINGS);
    let riding: TwoWheeler | null = null, rideN = 0;
    for (const [kind, n] of this.#rides) if (n > rideN) { riding = kind; rideN = n; }
    if (rideN < MIN_RIDE_SIGHTINGS || rideN < RIDE_MIN_SHARE * this.#sightings) riding = null;
    return { upperColor: top(this.#upper), lowerColor: top(this.#lower), carrying, riding };
  }
}

function top(hist: Float64Array): string | null {
  let best = -1, bestW = 0;
  for (let i = 0; i < hist.length; i++) if (hist[i] > bestW) { best = i; bestW = hist[i]; }
  return best < 0 ? null : PALETTE_COLOURS[best];
}
