// PlateReaders: the node's plate readers, one per distinct reader setting among its cameras (in
// practice one: cameras share it). A reader opens only when a camera with plates on needs it, so a
// node without plate cameras loads no plate model; all of them close with the node. Each camera's
// CameraPlates is made here, with the node-wide bound on reads in flight; what happens to reads
// comes out as typed events (the node's metrics and logs listen).
import { EventEmitter } from 'node:events';
import type { PlateReader, SharpeyeError } from '../core/index.js';
import {
  CameraPlates, PlateReadSlots, type PlatesConfig, type TrackPlatePolicy, type TrackPlateVote,
} from '../worker/index.js';

export interface PlateReadersEvents {
  /** A read finished: its latency (s) and the plates it found. */
  read: [camera: string, seconds: number, plates: number];
  /** A live camera skipped a read: every slot was busy. */
  dropped: [camera: string];
  failed: [camera: string, error: SharpeyeError];
  /** A slot freed: a file camera held back for one may go on. */
  slotFree: [];
}

/** Opens a reader for one camera's plates settings (models resolved through the model resolver). */
export type PlateReaderFactory = (config: PlatesConfig) => Promise<PlateReader>;

export interface PlateReadersOptions {
  open: PlateReaderFactory;
  /** The reader's part of a camera's settings: cameras with equal keys share a reader. */
  readerKey: (config: PlatesConfig) => string;
  /** A new track's vote and frame policy for a camera's settings. */
  newTrack: (config: PlatesConfig) => { vote: TrackPlateVote; policy: TrackPlatePolicy };
  /** Reads in flight per node. @defaultValue DEFAULT_PLATE_READS_IN_FLIGHT */
  inFlight?: number;
}

export class PlateReaders extends EventEmitter<PlateReadersEvents> {
  readonly slots: PlateReadSlots;
  readonly #readers = new Map<string, Promise<PlateReader>>();
  #closed = false;

  readonly #observer = {
    read: (camera: string, seconds: number, plates: number) => this.emit('read', camera, seconds, plates),
    dropped: (camera: string) => this.emit('dropped', camera),
    failed: (camera: string, error: SharpeyeError) => this.emit('failed', camera, error),
  };

  constructor(private readonly o: PlateReadersOptions) {
    super();
    this.slots = new PlateReadSlots(o.inFlight, () => this.emit('slotFree'));
  }

  /** Readers opened (or opening) now. */
  get open(): number {
    return this.#readers.size;
  }

  /** The reader for `config`, opening it on first use; a reader that failed to open is tried again next time. */
  reader(config: PlatesConfig): Promise<PlateReader> {
    const key = this.o.readerKey(config);
    let r = this.#readers.get(key);
    if (!r) {
      r = this.o.open(config);
      this.#readers.set(key, r);
      r.catch(() => { if (this.#readers.get(key) === r) this.#readers.delete(key); });
    }
    return r;
  }

  /** One camera's plate hand-off (undefined with plates off or after close). */
  camera(camera: string, config: PlatesConfig, policy: 'drop-oldest' | 'block'): CameraPlates | undefined {
    if (!config.enabled || this.#closed) return undefined;
    const reader = this.reader(config);
    reader.catch(() => undefined); // reported per read (observer.failed) by CameraPlates
    return new CameraPlates({ camera, config, reader, slots: this.slots, policy, newTrack: () => this.o.newTrack(config), observer: this.#observer });
  }

  /** Closes every reader (after the cameras' pipelines closed: their reads are done). Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    const readers = [...this.#readers.values()];
    this.#readers.clear();
    await Promise.all(readers.map((r) => r.then((x) => x.close(), () => undefined)));
  }
}
