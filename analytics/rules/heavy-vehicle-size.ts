// Size evidence for heavy_vehicle: whether a vehicle track is bus or lorry sized, whatever a small
// detector labels it (a school bus or a lorry convoy labelled car on most frames, an SUV labelled
// bus). Per sighting the verdict is:
// - 'heavy' when, with a ground-plane calibration, the box's bottom edge (the part that touches the
//   road) is at least HEAVY_GROUND_LENGTH_M long on the ground;
// - else, once the image row has a typical car box (median of MIN_CAR_SAMPLES or more car boxes
//   whose bottom edge lies in the same row band, i.e. at the same distance), 'heavy' when the box
//   area is at least HEAVY_BOX_AREA_RATIO times it, 'light' when it is under CAR_BOX_AREA_RATIO
//   times it (clearly car sized: a pickup COCO calls truck, an SUV called bus), and undefined in
//   between;
// - else undefined: no size evidence, the label decides.
// The rule takes the majority over a track's sightings (see ObjectZoneRule).
import type { Box, Track } from '../../core/index.js';
import { HEAVY_AREA_RATIO, HEAVY_LENGTH_M, type GroundPlane } from '../attributes/index.js';

/**
 * Bottom-edge ground length from which a vehicle is a bus or lorry, metres: vehicle type's
 * HEAVY_LENGTH_M (analytics/attributes/vehicle-type.ts says where 7.5 m comes from), defined there
 * once because rules import attributes.
 */
export const HEAVY_GROUND_LENGTH_M = HEAVY_LENGTH_M;
/**
 * Box area, relative to the typical car box at the same image row, from which a vehicle is a bus
 * or lorry: vehicle type's HEAVY_AREA_RATIO (its docstring gives the derivation of 2.5).
 */
export const HEAVY_BOX_AREA_RATIO = HEAVY_AREA_RATIO;
/** Box area, relative to the typical car box at the same row, under which a vehicle is car sized
 * whatever its label: large SUVs and vans stay under about 1.5x a median car, the smallest
 * buses and box lorries (head-on 2.3 m x 2.8 m) are above 2x. */
export const CAR_BOX_AREA_RATIO = 1.5;
/** Car boxes needed in an image row band before it has a typical car size. */
export const MIN_CAR_SAMPLES = 8;
/**
 * Distinct car tracks among a band's samples before areaRatio answers: 8 samples can be one car seen
 * on 8 frames, and a finer type (SUV, van) needs a typical car, not one particular car.
 */
export const MIN_DISTINCT_CARS = 3;
const BANDS = 12;
const SAMPLES_PER_BAND = 101;

const area = (b: Box): number => Math.max(0, b[2] - b[0]) * Math.max(0, b[3] - b[1]);

/** Size verdict of one sighting: bus or lorry sized, car sized, or no evidence. */
export type SizeVerdict = 'heavy' | 'light' | undefined;

export class HeavyVehicleSize {
  /** Recent car box areas per row band of the anchor (bottom edge) y. */
  readonly #carAreas: number[][] = Array.from({ length: BANDS }, () => []);
  /** The track id of each sample of #carAreas, in step with it. */
  readonly #carIds: number[][] = Array.from({ length: BANDS }, () => []);
  readonly #latest = new Map<number, SizeVerdict>();
  readonly #latestRatio = new Map<number, number>();

  /**
   * One sighting of a vehicle-family track (`isCar`: its majority label is car) in a frame
   * `height` pixels high. Car-sized car sightings teach the typical car size of their row.
   */
  observe(track: Track, isCar: boolean, height: number, ground: GroundPlane | undefined): SizeVerdict {
    const band = Math.min(BANDS - 1, Math.max(0, Math.floor((track.box[3] / height) * BANDS)));
    const typical = this.#typicalCar(band);
    const verdict: SizeVerdict = this.#groundHeavy(track.box, ground) ? 'heavy'
      : typical === undefined ? undefined
        : area(track.box) >= HEAVY_BOX_AREA_RATIO * typical ? 'heavy' : area(track.box) < CAR_BOX_AREA_RATIO * typical ? 'light' : undefined;
    this.#latest.set(track.id, verdict);
    const distinct = this.#typicalCarBand(band);
    if (typical === undefined || distinct === undefined || new Set(this.#carIds[distinct]).size < MIN_DISTINCT_CARS) this.#latestRatio.delete(track.id);
    else this.#latestRatio.set(track.id, area(track.box) / typical);
    if (isCar && verdict !== 'heavy') {
      const list = this.#carAreas[band], ids = this.#carIds[band];
      list.push(area(track.box));
      ids.push(track.id);
      if (list.length > SAMPLES_PER_BAND) { list.shift(); ids.shift(); }
    }
    return verdict;
  }

  /** The verdict of the track's latest sighting. */
  verdict(trackId: number): SizeVerdict {
    return this.#latest.get(trackId);
  }

  /**
   * Box area of the track's latest sighting over the typical car box at its image row, or undefined
   * while the row has no typical car or its samples come from fewer than MIN_DISTINCT_CARS car
   * tracks (the vehicle-type vote in analytics/attributes uses it).
   */
  areaRatio(trackId: number): number | undefined {
    return this.#latestRatio.get(trackId);
  }

  forget(trackId: number): void {
    this.#latest.delete(trackId);
    this.#latestRatio.delete(trackId);
  }

  clear(): void {
    this.#latest.clear();
    this.#latestRatio.clear();
  }

  #groundHeavy(b: Box, ground: GroundPlane | undefined): boolean {
    if (!ground) return false;
    const [e1, n1] = ground.imageToGround(b[0], b[3]);
    const [e2, n2] = ground.imageToGround(b[2], b[3]);
    const length = Math.hypot(e2 - e1, n2 - n1);
    return Number.isFinite(length) && length >= HEAVY_GROUND_LENGTH_M;
  }

  /** Median car box area of the band, or of the nearest band with enough samples next to it. */
  #typicalCar(band: number): number | undefined {
    const k = this.#typicalCarBand(band);
    if (k === undefined) return undefined;
    const list = this.#carAreas[k];
    return [...list].sort((x, y) => x - y)[list.length >> 1];
  }

  /** The band whose samples give the typical car of `band`: itself or a neighbour with enough samples. */
  #typicalCarBand(band: number): number | undefined {
    for (const k of [band, band - 1, band + 1]) {
      const list = this.#carAreas[k];
      if (list && list.length >= MIN_CAR_SAMPLES) return k;
    }
    return undefined;
  }
}
