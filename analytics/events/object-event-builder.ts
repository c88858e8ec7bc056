// ObjectEventBuilder: turns per-frame tracks into one ObjectEvent per tracked object. It follows
// each confirmed track (trajectory, sizes, zones entered, lines crossed, rules hit, best snapshot),
// publishes an update every `updateIntervalMs` of stream time while the track lives, and a final
// record when it ends. Pure: pixels and times come in, records go out; JPEG encoding is the
// caller's (the best snapshot candidate travels with the record). Vehicles get a vehicle type and
// people their (non-biometric) attributes, both voted over the track's sightings.
import type { AlertEvent, Box, FrameTracks, ObjectEvent, RgbImage, Track, TrajectoryPoint, VehicleType } from '../../core/index.js';
import {
  BestSnapshot, boxInCrop, dominantColour, downsampleTrajectory, GroundPlane, hasVehicleType, isTruncated, motionStats, pairPersonItems, PersonAttributesVote,
  VehicleTypeVote, type GroundPointPair, type SnapshotCandidate,
} from '../attributes/index.js';
import { pointInPolygon, type Point } from '../geometry/index.js';
import { HeavyVehicleSize, isVehicleLabel, type LineCrossingEvent } from '../rules/index.js';
import { objectEventId } from './object-event-id.js';

export interface ObjectEventBuilderOptions {
  camera: string;
  /** Zones (normalised polygons, origin top-left) whose entries are recorded per object. */
  zones?: ReadonlyArray<{ id: string; polygon: ReadonlyArray<readonly [number, number]> }>;
  /**
   * Ground-plane calibration, 4 pairs of image points (normalised 0..1, origin top-left) and ground
   * points (metres east, north): adds metres per second and compass heading. Built at the first frame,
   * when the frame size is known, so it survives resolution changes of the decoder.
   */
  calibration?: readonly GroundPointPair[];
  /** Stream time between updates of a live track. @defaultValue 10000 */
  updateIntervalMs?: number;
  /** Points kept in an event's trajectory. @defaultValue 32 */
  trajectoryPoints?: number;
  /** Choose snapshots (costs a crop copy when a better view arrives). @defaultValue true */
  snapshots?: boolean;
}

/** An event and, when snapshots are on, the best view of the object so far. */
export interface ObjectEventOutput {
  event: ObjectEvent;
  snapshot?: SnapshotCandidate;
}

interface Follow {
  trackId: number;
  label: string;
  score: number;
  first: { ptsMs: number; wallMs: number };
  last: { ptsMs: number; wallMs: number };
  box: Box;
  frames: number;
  /** Confirmed sightings seen here. */
  sightings: number;
  widths: number[];
  heights: number[];
  points: TrajectoryPoint[];
  zones: string[];
  inZone: Set<string>;
  lines: Array<{ line: string; direction: 'forward' | 'backward'; ptsMs: number }>;
  rules: Set<string>;
  version: number;
  lastPublishedPtsMs: number;
  colour: { colour: string | null; fraction: number; fromPtsMs: number };
  /** Size of the frames the object was last seen in: its sizes and speeds are relative to them. */
  frameWidth: number;
  frameHeight: number;
  /** Vehicles (vehicle family and two-wheelers): the type vote. */
  vehicle?: VehicleTypeVote;
  /** People: clothing colours, bags, riding. */
  person?: PersonAttributesVote;
}

const MAX_POINTS_KEPT = 2048;

export class ObjectEventBuilder {
  readonly #o: Required<Omit<ObjectEventBuilderOptions, 'calibration'>> & { calibration?: readonly GroundPointPair[] };
  #groundPlane: GroundPlane | undefined;
  #groundPlaneSize = '';
  readonly #follows = new Map<number, Follow>();
  readonly #snapshots = new BestSnapshot();
  /** Box size against the typical car at the same row, for the vehicle type (the rule engine keeps its own). */
  readonly #sizes = new HeavyVehicleSize();

  constructor(options: ObjectEventBuilderOptions) {
    this.#o = { zones: [], updateIntervalMs: 10_000, trajectoryPoints: 32, snapshots: true, ...options };
  }

  /** Objects being followed now. */
  get active(): number {
    return this.#follows.size;
  }

  /**
   * One frame: `tracks` are the tracker's live tracks, `removed` those that ended at this frame,
   * `crossings` and `alerts` the rule engine's output for the same frame.
   */
  update(frame: FrameTracks, image: RgbImage | undefined, removed: readonly Track[], crossings: readonly LineCrossingEvent[] = [], alerts: readonly AlertEvent[] = []): ObjectEventOutput[] {
    const plane = this.#groundPlaneFor(frame.width, frame.height);
    // Every vehicle sighting teaches the typical car size per image row, as in the rule engine.
    for (const t of frame.tracks) if (t.timeSinceUpdate === 0 && isVehicleLabel(t.label)) this.#sizes.observe(t, t.label === 'car', frame.height, plane);
    const items = frame.tracks.some((t) => t.label === 'person') ? pairPersonItems(frame.tracks) : undefined;
    for (const track of frame.tracks) {
      if (track.state !== 'confirmed' || track.timeSinceUpdate > 0) continue; // only real sightings
      const f = this.#follow(track, frame);
      this.#observe(f, track, frame, image);
      if (hasVehicleType(track.label)) {
        f.vehicle ??= new VehicleTypeVote();
        f.vehicle.add({
          label: track.label, box: track.box, velocity: track.velocity, areaRatio: this.#sizes.areaRatio(track.id),
          truncated: isTruncated(track.box, frame.width, frame.height),
        }, plane);
      } else if (track.label === 'person') {
        f.person ??= new PersonAttributesVote();
        const others = items ? frame.tracks.filter((o) => o.id !== track.id && o.label === 'person' && o.timeSinceUpdate === 0).map((o) => o.box) : [];
        f.person.add(track.box, frame.ptsMs, image, items?.get(track.id), others);
      }
    }
    this.#attach(crossings, alerts);
    const out: ObjectEventOutput[] = [];
    for (const track of removed) {
      this.#sizes.forget(track.id);
      const f = this.#follows.get(track.id);
      if (f) out.push(this.#publish(f, true));
    }
    for (const f of this.#follows.values()) {
      if (frame.ptsMs - f.lastPublishedPtsMs >= this.#o.updateIntervalMs) out.push(this.#publish(f, false));
    }
    return out;
  }

  /**
   * Ends every followed object (end of stream, or a stream discontinuity): one final record each,
   * with the same field semantics as a track that ended normally. `crossings` and `alerts` are the
   * rule engine's output of its own flush, attached first.
   */
  flush(crossings: readonly LineCrossingEvent[] = [], alerts: readonly AlertEvent[] = []): ObjectEventOutput[] {
    this.#attach(crossings, alerts);
    this.#sizes.clear();
    return [...this.#follows.values()].map((f) => this.#publish(f, true));
  }

  #attach(crossings: readonly LineCrossingEvent[], alerts: readonly AlertEvent[]): void {
    for (const c of crossings) this.#follows.get(c.trackId)?.lines.push({ line: c.line, direction: c.direction, ptsMs: c.ptsMs });
    for (const a of alerts) for (const id of a.alert.objects) this.#follows.get(id)?.rules.add(a.alert.ruleId);
  }

  #follow(track: Track, frame: FrameTracks): Follow {
    let f = this.#follows.get(track.id);
    if (!f) {
      const at = { ptsMs: track.firstPtsMs, wallMs: frame.wallMs - (frame.ptsMs - track.firstPtsMs) };
      f = {
        trackId: track.id, label: track.label, score: 0, first: at, last: at, box: track.box, frames: 0, sightings: 0, widths: [], heights: [],
        points: [], zones: [], inZone: new Set(), lines: [], rules: new Set(), version: 0, lastPublishedPtsMs: frame.ptsMs,
        colour: { colour: null, fraction: 0, fromPtsMs: NaN }, frameWidth: frame.width, frameHeight: frame.height,
      };
      this.#follows.set(track.id, f);
    }
    return f;
  }

  #observe(f: Follow, track: Track, frame: FrameTracks, image: RgbImage | undefined): void {
    const [x1, y1, x2, y2] = track.box;
    f.label = track.label;
    f.score = Math.max(f.score, track.score);
    f.last = { ptsMs: frame.ptsMs, wallMs: frame.wallMs };
    f.box = track.box;
    f.frameWidth = frame.width;
    f.frameHeight = frame.height;
    // Detections of the object, its tentative ones before confirmation included (track.hits).
    f.sightings++;
    f.frames = Math.max(f.sightings, track.hits);
    if (f.widths.length < MAX_POINTS_KEPT) { f.widths.push(x2 - x1); f.heights.push(y2 - y1); }
    f.points.push({ ptsMs: frame.ptsMs, x: (x1 + x2) / 2, y: y2 });
    if (f.points.length > MAX_POINTS_KEPT) f.points = downsampleTrajectory(f.points, MAX_POINTS_KEPT / 2);
    const anchor: Point = [(x1 + x2) / 2 / frame.width, y2 / frame.height];
    for (const z of this.#o.zones) {
      const inside = pointInPolygon(anchor, z.polygon as Point[]);
      if (inside && !f.inZone.has(z.id)) { f.inZone.add(z.id); if (!f.zones.includes(z.id)) f.zones.push(z.id); }
      if (!inside) f.inZone.delete(z.id);
    }
    if (image && this.#o.snapshots) this.#snapshots.offer(image, track, frame.ptsMs);
  }

  /** Ground plane of the calibration for frames of `width` x `height` (rebuilt when the size changes). */
  #groundPlaneFor(width: number, height: number): GroundPlane | undefined {
    if (!this.#o.calibration) return undefined;
    const size = `${width}x${height}`;
    if (this.#groundPlaneSize !== size) {
      this.#groundPlane = GroundPlane.fromPointPairs(this.#o.calibration, { imageUnits: 'normalised', imageWidth: width, imageHeight: height });
      this.#groundPlaneSize = size;
    }
    return this.#groundPlane;
  }

  #publish(f: Follow, final: boolean): ObjectEventOutput {
    f.version++;
    f.lastPublishedPtsMs = f.last.ptsMs;
    const snapshot = final ? this.#snapshots.take(f.trackId) : this.#snapshots.get(f.trackId);
    if (final) this.#follows.delete(f.trackId);
    if (snapshot && snapshot.ptsMs !== f.colour.fromPtsMs) {
      // Colour from the best view: the largest, sharpest, untruncated sighting.
      const c = dominantColour(snapshot.crop, boxInCrop(snapshot));
      f.colour = { colour: c.colour, fraction: c.fraction, fromPtsMs: snapshot.ptsMs };
    }
    // Sizes and ground speeds are taken against the frames the object was seen in, never against
    // the frame that happens to be current when the record is published (the end-of-stream flush
    // has no frame at all).
    const motion = motionStats(f.points, { calibration: this.#groundPlaneFor(f.frameWidth, f.frameHeight) });
    const width = median(f.widths), height = median(f.heights);
    const event: ObjectEvent = {
      id: objectEventId(this.#o.camera, f.trackId, f.first.ptsMs),
      camera: this.#o.camera, trackId: f.trackId, label: f.label, score: round(f.score, 4),
      firstSeen: f.first, lastSeen: f.last, durationSeconds: round((f.last.ptsMs - f.first.ptsMs) / 1000, 3), frames: f.frames,
      box: f.box.map((v) => round(v, 1)) as unknown as Box,
      size: { width: round(width, 1), height: round(height, 1), areaFraction: round((width * height) / (f.frameWidth * f.frameHeight), 5) },
      color: f.colour.colour, colorFraction: round(f.colour.fraction, 3),
      speedPxPerSecond: round(motion.meanSpeedPxPerS, 2), headingDegrees: motion.headingDeg === null ? null : round(motion.headingDeg, 1),
      ...(motion.ground ? { speedMetresPerSecond: round(motion.ground.meanSpeedMPerS, 2), compassDegrees: motion.ground.compassHeadingDeg === null ? null : round(motion.ground.compassHeadingDeg, 1) } : {}),
      trajectory: downsampleTrajectory(f.points, this.#o.trajectoryPoints).map((p) => ({ ptsMs: p.ptsMs, x: round(p.x, 1), y: round(p.y, 1) })),
      zones: [...f.zones], lines: [...f.lines], rules: [...f.rules].sort(),
      ...vehicleType(f), ...(f.person ? { person: f.person.result() } : {}),
      final, version: f.version,
    };
    return snapshot ? { event, snapshot } : { event };
  }
}

function vehicleType(f: Follow): { vehicleType?: VehicleType } {
  const type = f.vehicle?.result();
  return type ? { vehicleType: type } : {};
}

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

function round(v: number, digits: number): number {
  const k = 10 ** digits;
  return Math.round(v * k) / k;
}
