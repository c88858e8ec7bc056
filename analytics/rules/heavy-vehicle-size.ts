// Size-based fallback for heavy_vehicle: a vehicle track counts as a bus or lorry by its size even
// when a small detector labels it car (a school bus or a lorry convoy, labelled car on most frames).
// Two measures, either one suffices on a frame:
// - with a ground-plane calibration, the ground length of the box's bottom edge (the part of the
//   box that touches the road) of at least HEAVY_GROUND_LENGTH_M;
// - without one, or when the object is seen head-on, its box area against the typical car box at
//   the same image row (same distance from the camera): at least HEAVY_BOX_AREA_RATIO times it.
// A track is heavy once at least half of its (>= MIN_OBSERVATIONS) sightings say so.
import type { Box, Track } from '../../core/index.js';
import type { GroundPlane } from '../attributes/index.js';

/**
 * Bottom-edge ground length from which a vehicle is a bus or lorry, metres. Cars are at most about
 * 5.3 m long and large vans about 7.4 m; rigid lorries and buses run 8-12 m and articulated ones
 * up to 16.5-18.75 m (EU Directive 96/53/EC maximum lengths).
 */
export const HEAVY_GROUND_LENGTH_M = 7.5;
/**
 * Box area, relative to the typical car box at the same image row, from which a vehicle is a bus
 * or lorry. From typical dimensions: side-on a 12 m x 3 m bus shows about 36 m^2 against a
 * 4.5 m x 1.5 m car's 7 m^2 (5x), head-on 2.5 m x 3 m against 1.8 m x 1.5 m (2.8x); a van or SUV
 * stays under 2x. 2.5 keeps head-on buses and lorries while leaving vans out.
 */
export const HEAVY_BOX_AREA_RATIO = 2.5;
/** Car boxes needed in an image row band before it has a typical car size. */
export const MIN_CAR_SAMPLES = 8;
/** Sightings of a track before it can be called heavy by size. */
export const MIN_OBSERVATIONS = 3;

const BANDS = 12;
const SAMPLES_PER_BAND = 101;

const area = (b: Box): number => Math.max(0, b[2] - b[0]) * Math.max(0, b[3] - b[1]);

export class HeavyVehicleSize {
  /** Recent car box areas per row band of the anchor (bottom edge) y. */
  readonly #carAreas: number[][] = Array.from({ length: BANDS }, () => []);
  readonly #votes = new Map<number, { heavy: number; seen: number }>();

  /**
   * One sighting of a vehicle-family track (`isCar`: its majority label is car). Car sightings
   * teach the typical car size of their row; every sighting votes on whether the track is heavy.
   */
  observe(track: Track, isCar: boolean, height: number, ground: GroundPlane | undefined): void {
    const band = Math.min(BANDS - 1, Math.max(0, Math.floor((track.box[3] / height) * BANDS)));
    const heavyNow = this.#groundHeavy(track.box, ground) || this.#boxHeavy(track.box, band);
    const v = this.#votes.get(track.id) ?? { heavy: 0, seen: 0 };
    v.seen++;
    if (heavyNow) v.heavy++;
    this.#votes.set(track.id, v);
    if (isCar && !heavyNow) {
      const list = this.#carAreas[band];
      list.push(area(track.box));
      if (list.length > SAMPLES_PER_BAND) list.shift();
    }
  }

  /** Whether the track is bus or lorry sized. */
  isHeavy(trackId: number): boolean {
    const v = this.#votes.get(trackId);
    return v !== undefined && v.seen >= MIN_OBSERVATIONS && v.heavy * 2 >= v.seen;
  }

  forget(trackId: number): void {
    this.#votes.delete(trackId);
  }

  clear(): void {
    this.#votes.clear();
  }

  #groundHeavy(b: Box, ground: GroundPlane | undefined): boolean {
    if (!ground) return false;
    const [e1, n1] = ground.imageToGround(b[0], b[3]);
    const [e2, n2] = ground.imageToGround(b[2], b[3]);
    const length = Math.hypot(e2 - e1, n2 - n1);
    return Number.isFinite(length) && length >= HEAVY_GROUND_LENGTH_M;
  }

  #boxHeavy(b: Box, band: number): boolean {
    const typical = this.#typicalCar(band);
    return typical !== undefined && area(b) >= HEAVY_BOX_AREA_RATIO * typical;
  }

  /** Median car box area of the band, or of the nearest band with enough samples next to it. */
  #typicalCar(band: number): number | undefined {
    for (const k of [band, band - 1, band + 1]) {
      const list = this.#carAreas[k];
      if (list && list.length >= MIN_CAR_SAMPLES) return [...list].sort((x, y) => x - y)[list.length >> 1];
    }
    return undefined;
  }
}
