// The EventStore contract: where object events and their appearance embeddings are kept and
// searched. Backends (SQLite + sqlite-vec by default, Milvus at city scale) behave identically;
// one conformance suite (test/conformance/event-store-suite.ts) runs against each.
import type { ObjectEvent } from '../core/index.js';

/** An event to store, with its L2-normalised appearance embedding when there is one. */
export interface EventRecord {
  readonly event: ObjectEvent;
  /** Length = the store's `dimension`; L2-normalised (cosine similarity = dot product). */
  readonly embedding?: Float32Array;
}

/** Filters shared by listing and similarity search. All given filters must hold (AND); lists are OR within; an empty list is the same as none. */
export interface EventFilter {
  /** Wall-clock ms since epoch: events whose [firstSeen, lastSeen] overlaps [from, to]. */
  readonly from?: number;
  readonly to?: number;
  readonly cameras?: readonly string[];
  readonly labels?: readonly string[];
  readonly colors?: readonly string[];
  /** Events that entered at least one of these zones. */
  readonly zones?: readonly string[];
  /** Events involved in an alert of at least one of these rules. */
  readonly rules?: readonly string[];
  readonly minDurationSeconds?: number;
  /** Events at least this fast: mean image speed (ObjectEvent.speedPxPerSecond), pixels per second. */
  readonly minSpeedPxPerSecond?: number;
  /** Events at least this fast on the ground (ObjectEvent.speedMetresPerSecond); events without a calibrated speed never match. */
  readonly minSpeedMetresPerSecond?: number;
  /**
   * Plate text: exact (`皖K66666`), or a pattern with `*` (any run of symbols) and `?` (one symbol),
   * e.g. `皖K*`. Case-insensitive for Latin letters; separators (space, `·`, `-`) ignored.
   */
  readonly plate?: string;
  /** Also match plates one OCR confusion away (0/D/Q, 8/B, 1/7/I, 2/Z, 5/S, 6/G). @defaultValue false */
  readonly plateTolerant?: boolean;
  readonly vehicleTypes?: readonly string[];
  /** People by clothing colour (PersonAttributes.upperColor / lowerColor). */
  readonly upperColors?: readonly string[];
  readonly lowerColors?: readonly string[];
  /** People carrying at least one of these (PersonAttributes.carrying). */
  readonly carrying?: readonly string[];
  /** People riding one of these (PersonAttributes.riding). */
  readonly riding?: readonly string[];
}

export interface EventQuery extends EventFilter {
  /** By firstSeen.wallMs, ties by id. @defaultValue 'desc' (newest first) */
  readonly order?: 'asc' | 'desc';
  /** @defaultValue 50 (at most 1000) */
  readonly limit?: number;
  /** Opaque cursor from a previous page's `nextCursor`. */
  readonly cursor?: string;
}

export interface EventPage {
  readonly events: ObjectEvent[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null;
}

export interface SimilarQuery extends EventFilter {
  /** Query vector (L2-normalised, length `dimension`). */
  readonly vector: Float32Array;
  /** @defaultValue 10 (at most 1000) */
  readonly k?: number;
  /** Leave this event out of the results (searching by an event's own vector). */
  readonly excludeId?: string;
}

export interface SimilarHit {
  readonly event: ObjectEvent;
  /** Cosine similarity in [-1, 1]; higher = more similar. Hits are sorted by it, best first. */
  readonly score: number;
}

export type StoreHealthState = 'ok' | 'degraded' | 'down';

export interface StoreHealth {
  readonly state: StoreHealthState;
  /** Records accepted but not yet written (buffered while the backend is unreachable). */
  readonly pending: number;
  /** Records dropped because the buffer was full (never silently: counted here and logged). */
  readonly dropped: number;
  readonly lastError: { code: string; message: string; atMs: number } | null;
}

export interface EventStore {
  readonly kind: string;
  /** Embedding dimension this store was created with. */
  readonly dimension: number;
  /** Inserts or replaces by event id (replays are idempotent; a replacement without `embedding` leaves the event without one). Resolves once accepted (buffered or written). */
  upsert(records: readonly EventRecord[]): Promise<void>;
  /** Waits until everything accepted so far is written and searchable. */
  flush(): Promise<void>;
  get(id: string): Promise<ObjectEvent | undefined>;
  getEmbedding(id: string): Promise<Float32Array | undefined>;
  query(q?: EventQuery): Promise<EventPage>;
  count(filter?: EventFilter): Promise<number>;
  similar(q: SimilarQuery): Promise<SimilarHit[]>;
  /** Deletes events whose lastSeen.wallMs < `wallMs`; returns their ids (so their snapshots can go too). */
  deleteOlderThan(wallMs: number): Promise<string[]>;
  health(): StoreHealth;
  /** Flushes what it can and releases connections. Idempotent. */
  close(): Promise<void>;
}
