// CameraPlates: licence plates in one camera's running pipeline. Each frame, the confirmed vehicle
// tracks that the frame policy picks are read inside their box (asynchronously, through the node's
// PlateReadSlots: live cameras drop a read when every slot is busy, files wait); readings go to the
// track's vote. Before a frame's results are handed on, `annotate` puts the vote's result on the
// object records as `plate` (a final record first waits for its track's reads), passes the
// winning read's rectified crop along for the blob store, and puts the plate on heavy_vehicle
// alerts: on their own events once known, and as an extra 'updated' event of a still-open alert
// when the plate becomes known (or changes) after the alert started.
import type { Alert, AlertEvent, Box, FrameTracks, PlateInfo, PlateReader, PlateReading, RgbImage } from '../../core/index.js';
import { toSharpeyeError, type SharpeyeError } from '../../core/index.js';
import { normalisePlateText, type ObjectEventOutput } from '../../analytics/index.js';
import type { PlatesConfig } from './plates-config.js';
import type { PlateReadSlots } from './plate-read-slots.js';

/**
 * When a track's reads disagree, its winning text needs this many votes before the track's records
 * carry a plate. Lettering that is not a plate (bus livery, shop signs) can read with high
 * confidence once but reads differently from frame to frame, while a real plate read twice gives
 * the same text: on the fixture bus (EMT Madrid livery "cero emisiones") two reads gave
 * 粤MS0R8S (0.95) and 粤MHS002S (0.83). A single read with no competitor is the vote's call alone.
 */
export const MIN_VOTES_WHEN_READS_DISAGREE = 2;

/** COCO labels whose tracks carry number plates. */
export const PLATE_VEHICLE_LABELS: ReadonlySet<string> = new Set(['car', 'truck', 'bus', 'motorcycle']);

/** One track's plate vote (analytics/plates PlateVote). */
export interface TrackPlateVote {
  add(reading: PlateReading): unknown;
  result(): PlateInfo | undefined;
}

/** One sighting of a vehicle track, as the frame policy sees it. */
export interface PlateSightingView { ptsMs: number; box: Box; frameWidth: number; frameHeight: number }

/** One track's choice of frames to read (analytics/plates PlateFramePolicy). */
export interface TrackPlatePolicy<V extends TrackPlateVote = TrackPlateVote> {
  wants(s: PlateSightingView, vote?: V): boolean;
  recordRead(s: PlateSightingView): void;
}

/** What the node counts about plate reads (metrics, logs). */
export interface PlateReadObserver {
  /** A read finished: its latency and how many plates it found. */
  read(camera: string, seconds: number, plates: number): void;
  /** A live camera's read was skipped because every slot was busy. */
  dropped(camera: string): void;
  /** A read failed (the track simply has one read fewer). */
  failed(camera: string, error: SharpeyeError): void;
}

export interface CameraPlatesOptions {
  camera: string;
  config: PlatesConfig;
  /** The node's reader for this camera's models (shared, not closed here); a promise while it loads. */
  reader: PlateReader | Promise<PlateReader>;
  slots: PlateReadSlots;
  /** 'drop-oldest' for live cameras (a read is skipped when no slot is free), 'block' for files. */
  policy: 'drop-oldest' | 'block';
  /** A new track's vote and frame policy (the policy built from `config`). */
  newTrack: () => { vote: TrackPlateVote; policy: TrackPlatePolicy };
  observer?: PlateReadObserver;
}

/** An object record on its way to the indexer: with its plate, the winning read's crop rides along. */
export type PlatedObjectOutput = ObjectEventOutput & { plateCrop?: RgbImage };

/** Frame time of the hand-off being annotated (for 'updated' alert events); absent on a flush. */
export interface PlateFrameTime { frameIndex: number; ptsMs: number; wallMs: number }

interface TrackPlates {
  vote: TrackPlateVote;
  policy: TrackPlatePolicy;
  pending: Set<Promise<void>>;
  /** Per text read (normalised like the vote's): the crop of its most confident read. */
  crops: Map<string, { confidence: number; crop: RgbImage }>;
  /** The open heavy_vehicle alert on this track, as last emitted. */
  alert?: Alert;
}

export class CameraPlates {
  readonly #tracks = new Map<number, TrackPlates>();
  /** Reads waiting for a slot ('block'): the node holds the camera's next frame back while any wait. */
  #waiting = 0;

  constructor(private readonly o: CameraPlatesOptions) {}

  /** Reads of this camera waiting for a slot. */
  get waiting(): number {
    return this.#waiting;
  }

  /**
   * Starts reads for this frame's selected vehicle tracks on `image`. Returns at once for live
   * cameras; with 'block' it resolves once every read has its slot (a footage run awaits this).
   */
  frame(frame: FrameTracks, image: RgbImage | undefined): Promise<void> {
    if (!image) return Promise.resolve();
    const started: Array<Promise<void>> = [];
    for (const track of frame.tracks) {
      if (track.state !== 'confirmed' || track.timeSinceUpdate > 0 || !PLATE_VEHICLE_LABELS.has(track.label)) continue;
      const sighting: PlateSightingView = { ptsMs: frame.ptsMs, box: track.box, frameWidth: frame.width, frameHeight: frame.height };
      const t = this.#track(track.id);
      if (!t.policy.wants(sighting, t.vote)) continue;
      if (this.o.policy === 'drop-oldest' && !this.o.slots.tryAcquire()) {
        this.o.observer?.dropped(this.o.camera);
        continue;
      }
      t.policy.recordRead(sighting);
      const slot = this.o.policy === 'block' ? this.#wait(this.o.slots.acquire()) : Promise.resolve();
      const read = slot.then(() => this.#read(t, image, clampBox(track.box, frame)));
      t.pending.add(read);
      void read.finally(() => t.pending.delete(read));
      started.push(slot);
    }
    return Promise.all(started).then(() => undefined);
  }

  /**
   * One hand-off's records and alerts with plates on them; final records wait for their track's
   * reads first. `at` is the frame being handed on; 'updated' alert events are made only with it.
   */
  async annotate<T extends { objects: readonly ObjectEventOutput[]; alerts: readonly AlertEvent[] }>(out: T, at?: PlateFrameTime): Promise<Omit<T, 'objects' | 'alerts'> & { objects: PlatedObjectOutput[]; alerts: AlertEvent[] }> {
    const finals = out.objects.filter((o) => o.event.final).map((o) => this.#tracks.get(o.event.trackId)).filter((t) => t !== undefined);
    await Promise.all(finals.flatMap((t) => [...t.pending]));
    const known = new Map<number, PlateInfo | undefined>();
    const plateOf = (id: number) => known.has(id) ? known.get(id) : voted(this.#tracks.get(id));
    const objects = out.objects.map((o): PlatedObjectOutput => {
      const t = this.#tracks.get(o.event.trackId);
      if (!t) return o;
      const plate = voted(t);
      if (o.event.final) {
        known.set(o.event.trackId, plate);
        this.#tracks.delete(o.event.trackId);
      }
      if (!plate) return o;
      const crop = o.event.final ? t.crops.get(plate.text)?.crop : undefined;
      return { ...o, event: { ...o.event, plate }, ...(crop ? { plateCrop: crop } : {}) };
    });
    const alerts = out.alerts.map((a) => this.#alert(a, plateOf));
    if (at) alerts.push(...this.#plateUpdates(at));
    return { ...out, objects, alerts };
  }

  /** Resolves once every read started so far has finished (or failed). */
  async idle(): Promise<void> {
    await Promise.all([...this.#tracks.values()].flatMap((t) => [...t.pending]));
  }

  #track(id: number): TrackPlates {
    let t = this.#tracks.get(id);
    if (!t) {
      t = { ...this.o.newTrack(), pending: new Set(), crops: new Map() };
      this.#tracks.set(id, t);
    }
    return t;
  }

  async #wait(slot: Promise<void>): Promise<void> {
    this.#waiting++;
    try { await slot; } finally { this.#waiting--; }
  }

  async #read(t: TrackPlates, image: RgbImage, region: Box): Promise<void> {
    const start = performance.now();
    try {
      const reader = await this.o.reader;
      const readings = await reader.read(image, region);
      this.o.observer?.read(this.o.camera, (performance.now() - start) / 1000, readings.length);
      const best = vehiclePlate(readings);
      if (!best || best.text.length === 0) return;
      t.vote.add(best);
      // Keyed like the vote's texts, so the voted text finds the crop of its most confident read.
      const text = normalisePlateText(best.text);
      const kept = t.crops.get(text);
      if (!kept || best.confidence > kept.confidence) t.crops.set(text, { confidence: best.confidence, crop: best.crop });
    } catch (err) {
      this.o.observer?.failed(this.o.camera, toSharpeyeError(err, 'E_INFERENCE_RUN'));
    } finally {
      this.o.slots.release();
    }
  }

  /** A heavy_vehicle alert event with its track's plate in `details` (plate, plateColour) once known. */
  #alert(a: AlertEvent, plateOf: (id: number) => PlateInfo | undefined): AlertEvent {
    if (a.alert.type !== 'heavy_vehicle') return a;
    const id = a.alert.objects[0];
    const plate = id === undefined ? undefined : plateOf(id);
    const alert = plate ? withPlate(a.alert, plate) : a.alert;
    const t = id === undefined ? undefined : this.#tracks.get(id);
    if (t) t.alert = a.kind === 'ended' ? undefined : alert;
    return plate ? { ...a, alert } : a;
  }

  /** 'updated' events for open heavy_vehicle alerts whose track's plate became known or changed. */
  #plateUpdates(at: PlateFrameTime): AlertEvent[] {
    const events: AlertEvent[] = [];
    for (const t of this.#tracks.values()) {
      const plate = t.alert && voted(t);
      if (!t.alert || !plate || t.alert.details.plate === plate.text) continue;
      t.alert = withPlate(t.alert, plate);
      events.push({ kind: 'updated', frameIndex: at.frameIndex, ptsMs: at.ptsMs, wallMs: at.wallMs, alert: t.alert });
    }
    return events;
  }
}

/** The plate a track's records carry: the vote's result, unless its reads disagree with no agreement yet. */
function voted(t: TrackPlates | undefined): PlateInfo | undefined {
  const plate = t?.vote.result();
  if (!plate) return undefined;
  return plate.candidates.length > 1 && plate.candidates[0].votes < MIN_VOTES_WHEN_READS_DISAGREE ? undefined : plate;
}

/**
 * The vehicle's plate among one read's plates: the best detected one (detector score, then
 * confidence). A second plate in the box is a neighbour's, or the Hong Kong / Macao companion
 * plate of a cross-border vehicle (detector score 0), which PlateInfo does not carry.
 */
function vehiclePlate(readings: readonly PlateReading[]): PlateReading | undefined {
  let best: PlateReading | undefined;
  for (const r of readings) {
    if (!best || r.detectorScore > best.detectorScore || (r.detectorScore === best.detectorScore && r.confidence > best.confidence)) best = r;
  }
  return best;
}

function withPlate(alert: Alert, plate: PlateInfo): Alert {
  return { ...alert, details: { ...alert.details, plate: plate.text, ...(plate.colour ? { plateColour: plate.colour } : {}) } };
}

/** The track's box inside the frame (a track's predicted box may overhang the edges). */
function clampBox(b: Box, f: { width: number; height: number }): Box {
  return [Math.max(0, b[0]), Math.max(0, b[1]), Math.min(f.width, b[2]), Math.min(f.height, b[3])];
}
