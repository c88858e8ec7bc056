// Vehicle type of a track (core VehicleType) beyond COCO's car/truck/bus: decided per track from
// several sightings, from the label the tracker gave each sighting, the box area against the typical
// car at the same image row (HeavyVehicleSize in analytics/rules measures it and passes the ratio in),
// and, with a ground-plane calibration, the vehicle's length or width on the ground.
import type { Box, VehicleType } from '../../core/index.js';
import type { GroundPlane } from './ground-plane.js';

/**
 * Ground length (side-on) from which a vehicle is a bus or lorry, metres; heavy_vehicle uses it too
 * (rules' HEAVY_GROUND_LENGTH_M, the box's bottom edge on the ground). Cars are at most about 5.3 m long (a long
 * saloon such as an Audi A8 L is 5.3 m), large vans about 7.4 m; rigid lorries and buses run 8-12 m
 * (GB 1589-2016 allows 12 m for rigid lorries and 2-axle buses, 13.7 m for 3-axle buses;
 * articulated ones up to 16.5-18.75 m, EU Directive 96/53/EC maximum lengths).
 */
export const HEAVY_LENGTH_M = 7.5;
/**
 * Ground length (side-on) from which a vehicle is longer than a car: vans (Ford Transit 5.5-6.7 m),
 * pickups (5.3-5.6 m), light lorries (about 6 m). Long saloons reach 5.3 m, so 5.4 leaves them cars.
 */
export const LARGE_LENGTH_M = 5.4;
/**
 * Ground width (head-on) from which a vehicle is a bus or lorry, metres. GB 1589-2016 caps widths at
 * 2.55 m and buses and lorries use nearly all of it (2.45-2.55 m); cars are 1.7-1.9 m wide and the
 * widest SUVs and vans about 2.0-2.1 m (mirrors excluded: the box's bottom edge is at the wheels).
 */
export const HEAVY_WIDTH_M = 2.3;
/**
 * Box area against the typical car box at the same image row (HeavyVehicleSize) from which a
 * vehicle is bus or lorry sized; heavy_vehicle uses it too (rules' HEAVY_BOX_AREA_RATIO). From
 * typical dimensions: side-on a 12 m x 3 m bus shows about 36 m^2 against a 4.5 m x 1.5 m car's
 * 7 m^2 (5x), head-on 2.5 m x 3 m against 1.8 m x 1.5 m (2.8x); a van or SUV stays under 2x. 2.5
 * keeps head-on buses and lorries while leaving vans out.
 */
export const HEAVY_AREA_RATIO = 2.5;
/**
 * Box area against the typical car at the same row from which a vehicle is larger than a car (SUV,
 * MPV, van, pickup, light lorry). From typical dimensions (length x width x height, m): a VW Golf
 * 4.28 x 1.79 x 1.46 against a Toyota RAV4 4.6 x 1.86 x 1.69 (side-on area 1.24x, head-on 1.2x) and
 * a Ford Transit 5.5 x 2.0 x 2.5 (2.2x side-on, 1.9x head-on). The typical car is itself a mix of
 * saloons and SUVs, so a small SUV often stays under this ratio and is called car.
 */
export const LARGE_AREA_RATIO = 1.35;
/** Sightings with a size measurement needed before size decides anything. */
export const MIN_SIZE_SAMPLES = 3;
/**
 * Angle between the box's bottom edge on the ground and the direction of travel within which the
 * edge measures the vehicle's length (side-on) or, within this of perpendicular, its width
 * (head-on / tail-on). cos(20 deg) = 0.94: the other dimension adds at most 34% of itself.
 */
export const VIEW_ANGLE_DEG = 20;
/** Speed (image px/s) under which the direction of travel is unknown, so the view is too. */
export const MIN_HEADING_SPEED_PX_S = 10;
/** Measurements kept per track (the latest); medians are taken over them. */
const SAMPLES_KEPT = 31;

const TWO_WHEELERS: Readonly<Record<string, VehicleType>> = { motorcycle: 'motorcycle', bicycle: 'bicycle' };
/** Labels of the vehicle family as the detector gives them; train votes count as bus (a bus seen side-on). */
const FAMILY: Readonly<Record<string, 'car' | 'truck' | 'bus'>> = { car: 'car', truck: 'truck', bus: 'bus', train: 'bus' };

/** Whether a label gets a vehicle type: the vehicle family (car, truck, bus, train) and the two-wheelers. */
export const hasVehicleType = (label: string): boolean => label in FAMILY || label in TWO_WHEELERS;

/** One sighting of a vehicle track. */
export interface VehicleSighting {
  /**
   * The track's label at this sighting: the tracker's vote over the track's detections (the label
   * with the highest summed score, inference/tracking), so the latest one decides the family.
   */
  readonly label: string;
  readonly box: Box;
  /** Box centre velocity, image px/s (Track.velocity): gives the direction of travel for the ground view. */
  readonly velocity?: readonly [number, number];
  /** Box area / typical car box area at the same image row (HeavyVehicleSize.areaRatio), when known. */
  readonly areaRatio?: number;
  /** The box touches the frame edge (isTruncated): its size measures nothing, only its label counts. */
  readonly truncated?: boolean;
}

/** Size class of the evidence: bus/lorry, larger than a car, car sized, or none. */
export type VehicleSizeClass = 'heavy' | 'large' | 'car' | undefined;

/**
 * Ground length or width of one sighting: the box's bottom edge (where the wheels touch the road)
 * projected on the ground, and whether it lies along the direction of travel (`length`), across it
 * (`width`), or neither / unknown (`edge`: then only its being >= HEAVY_LENGTH_M means anything, as in
 * heavy_vehicle). Undefined when the edge is beyond the horizon.
 */
export function groundEdge(box: Box, velocity: readonly [number, number] | undefined, plane: GroundPlane):
  { metres: number; along: 'length' | 'width' | 'edge' } | undefined {
  const a = plane.imageToGround(box[0], box[3]), b = plane.imageToGround(box[2], box[3]);
  const ex = b[0] - a[0], ey = b[1] - a[1];
  const metres = Math.hypot(ex, ey);
  if (!Number.isFinite(metres) || metres === 0) return undefined;
  if (!velocity || Math.hypot(velocity[0], velocity[1]) < MIN_HEADING_SPEED_PX_S) return { metres, along: 'edge' };
  // Direction of travel on the ground: the anchor and where it will be 0.5 s later.
  const cx = (box[0] + box[2]) / 2;
  const p = plane.imageToGround(cx, box[3]), q = plane.imageToGround(cx + velocity[0] * 0.5, box[3] + velocity[1] * 0.5);
  const dx = q[0] - p[0], dy = q[1] - p[1], d = Math.hypot(dx, dy);
  if (!Number.isFinite(d) || d === 0) return { metres, along: 'edge' };
  const cos = Math.abs(ex * dx + ey * dy) / (metres * d);
  const limit = Math.cos((VIEW_ANGLE_DEG * Math.PI) / 180);
  return { metres, along: cos >= limit ? 'length' : Math.sqrt(Math.max(0, 1 - cos * cos)) >= limit ? 'width' : 'edge' };
}

/**
 * Accumulates the sightings of one vehicle track and decides its type. Memory is bounded: the
 * latest label and the latest SAMPLES_KEPT measurements of each kind.
 *
 * Decision (size class first, then the track's label, already a vote over its detections; train
 * counts as bus):
 *
 * | size evidence                               | class | bus label | truck label  | car label |
 * |---------------------------------------------|-------|-----------|--------------|-----------|
 * | ground length >= 7.5 m, width >= 2.3 m, or any bottom edge >= 7.5 m | heavy | bus | heavy_goods | heavy_goods |
 * | no ground evidence, area ratio >= 2.5       | heavy | bus       | heavy_goods  | suv_van   |
 * | ground length 5.4-7.5 m; else area ratio 1.35-2.5 | large | bus       | light_goods  | suv_van   |
 * | ground length < 5.4 m; else ratio < 1.35    | car   | suv_van   | suv_van      | car       |
 * | none (fewer than 3 measured sightings)      | -     | bus       | light_goods  | car       |
 *
 * Medians over the track's measurements decide the class (an edge >= 7.5 m counts when it is the
 * median of the unknown-view edges). A car-sized "bus" or "truck" is the SUV or pickup a small
 * detector mislabels (the highway clip's red SUV). A car-labelled vehicle measured heavy on the ground
 * is a lorry (buses are labelled bus far more reliably than lorries are labelled truck), but box area
 * alone makes it no more than suv_van: vans labelled car are far more common than lorries labelled
 * car, and the typical car of a row is rough while few cars have passed (on the intersection clip a
 * van in a 5 s window measured 3.5x). Two-wheeler labels map directly. Limits: a COCO detector cannot tell an SUV from a car at small sizes and box area only
 * separates them by about 1.2x, so the rule prefers `car` unless the evidence is clear; without a
 * calibration nothing is known before the row has a typical car (8 car sightings from 3 distinct
 * car tracks, HeavyVehicleSize), and on an oblique view image rows are a rough proxy for distance.
 * Box aspect (height / width) is not used: it follows the viewing angle (side-on, head-on, from
 * above) far more than the vehicle's shape (not tried on the fixture clips).
 */
export class VehicleTypeVote {
  #label: string | undefined;
  #sightings = 0;
  readonly #ratios: number[] = [];
  readonly #lengths: number[] = [];
  readonly #widths: number[] = [];
  readonly #edges: number[] = [];

  /** Adds one sighting; `plane` is the camera's ground plane when calibrated. */
  add(s: VehicleSighting, plane?: GroundPlane): void {
    this.#label = s.label;
    this.#sightings++;
    if (s.truncated) return;
    if (s.areaRatio !== undefined && Number.isFinite(s.areaRatio)) push(this.#ratios, s.areaRatio);
    if (!plane) return;
    const g = groundEdge(s.box, s.velocity, plane);
    if (!g) return;
    push(g.along === 'length' ? this.#lengths : g.along === 'width' ? this.#widths : this.#edges, g.metres);
  }

  /** Sightings added. */
  get sightings(): number {
    return this.#sightings;
  }

  /** The size class from the evidence so far (see the class docstring). */
  sizeClass(): VehicleSizeClass {
    return this.#size().size;
  }

  /** The size class and whether it comes from the ground plane (metres) rather than box areas. */
  #size(): { size: VehicleSizeClass; ground: boolean } {
    const enough = (xs: number[]): boolean => xs.length >= MIN_SIZE_SAMPLES;
    const length = enough(this.#lengths) ? median(this.#lengths) : undefined;
    const width = enough(this.#widths) ? median(this.#widths) : undefined;
    const edge = enough(this.#edges) ? median(this.#edges) : undefined;
    if ((length ?? 0) >= HEAVY_LENGTH_M || (width ?? 0) >= HEAVY_WIDTH_M || (edge ?? 0) >= HEAVY_LENGTH_M) return { size: 'heavy', ground: true };
    if (length !== undefined) return { size: length >= LARGE_LENGTH_M ? 'large' : 'car', ground: true };
    if (!enough(this.#ratios)) return { size: undefined, ground: false };
    const r = median(this.#ratios);
    return { size: r >= HEAVY_AREA_RATIO ? 'heavy' : r >= LARGE_AREA_RATIO ? 'large' : 'car', ground: false };
  }

  /** The type, or undefined before any sighting or for a label that has none. */
  result(): VehicleType | undefined {
    const label = this.#label;
    if (label === undefined) return undefined;
    if (label in TWO_WHEELERS) return TWO_WHEELERS[label];
    const family = FAMILY[label];
    if (!family) return undefined;
    const { size, ground } = this.#size();
    switch (size) {
      case 'heavy': return family === 'bus' ? 'bus' : family === 'truck' || ground ? 'heavy_goods' : 'suv_van';
      case 'large': return family === 'bus' ? 'bus' : family === 'truck' ? 'light_goods' : 'suv_van';
      case 'car': return family === 'car' ? 'car' : 'suv_van';
      default: return family === 'bus' ? 'bus' : family === 'truck' ? 'light_goods' : 'car';
    }
  }
}

function push(xs: number[], v: number): void {
  xs.push(v);
  if (xs.length > SAMPLES_KEPT) xs.shift();
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
