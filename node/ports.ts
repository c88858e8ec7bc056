// The ports of a SharpeyeNode: the only surface the API (and later the console and the queue
// workers) sees. Plain typed data and small interfaces; no pipeline class leaks through here, so
// the same API can sit on one process or, later, on a fleet (issue 13) behind the same ports.
// The architecture test keeps api/ importing nothing from the pipeline but these types.
import type { AlertEvent, ErrorCode, EventStream, ObjectEvent } from '../core/index.js';
import type { CameraState } from '../ingest/index.js';
import type { EventFilter, EventPage, EventQuery, Gat1400DocumentOptions, Gat1400EventSource, SimilarHit, StoreHealth } from '../indexer/index.js';

export type { AlertEvent, ObjectEvent, CameraState, EventFilter, EventPage, EventQuery, SimilarHit, StoreHealth, Gat1400EventSource };

/** A camera as the API shows it: its config with credentials removed, and its live status. */
export interface CameraView {
  readonly id: string;
  /** The camera's config as validated (defaults filled), without username/password; `hasCredentials` says whether it has them. */
  readonly config: Readonly<Record<string, unknown>> & { readonly id: string; readonly url: string; readonly enabled: boolean };
  readonly hasCredentials: boolean;
  readonly status: CameraStatusView;
}

export interface CameraStatusView {
  readonly state: CameraState | 'disabled';
  readonly framesDecoded: number;
  /** Frames replaced by a newer one before the detector took them. */
  readonly framesDropped: number;
  readonly reconnects: number;
  /** File cameras: times the file was played again from the start (not reconnects). */
  readonly loops: number;
  readonly inputFps: number;
  readonly inferences: number;
  readonly skippedByGate: number;
  readonly latencyP50Ms: number | null;
  readonly lastFrameAtMs: number | null;
  readonly lastError: { readonly code: ErrorCode; readonly message: string; readonly atMs: number } | null;
}

/**
 * Cameras at run time. Inputs are camera config documents in the config file's shape (one entry
 * of `cameras`), validated by the node's config model: E_CONFIG_INVALID names the field. Changes
 * take effect without a restart. Unknown ids: E_CAMERA_NOT_FOUND; adding an existing id: E_CAMERA_EXISTS.
 */
export interface CameraRegistry {
  list(): CameraView[];
  get(id: string): CameraView | undefined;
  add(camera: unknown): Promise<CameraView>;
  /** Merges `patch` (top-level keys of a camera entry, `id` excluded) into the camera and restarts it when needed. */
  update(id: string, patch: unknown): Promise<CameraView>;
  remove(id: string): Promise<void>;
  /** The newest decoded frame as JPEG (privacy masks applied once they exist), or undefined before the first frame. */
  latestFrameJpeg(id: string): Promise<Uint8Array | undefined>;
  /** The camera's rules document (zones, lines, rules, calibration) as validated, or an empty one. */
  getRules(id: string): CameraRulesDocument;
  /** Validates like a rules file (E_CONFIG_INVALID) and applies it to the running camera at once. */
  setRules(id: string, rules: unknown): Promise<CameraRulesDocument>;
  /** JSON Schemas the node validates with, for the API's request schemas and OpenAPI. */
  readonly schemas: { readonly camera: object; readonly cameraPatch: object; readonly rules: object };
}

/** A rules document as JSON: `{ zones, lines, rules, calibration? }`. */
export type CameraRulesDocument = Readonly<Record<string, unknown>>;

export interface SimilarSearchOptions extends EventFilter {
  /** @defaultValue 10 (at most 1000) */
  readonly k?: number;
}

/** Search over stored object events. Without a store every call throws E_STORE_NOT_CONFIGURED. */
export interface EventSearch {
  query(q: EventQuery): Promise<EventPage>;
  get(id: string): Promise<ObjectEvent | undefined>;
  count(filter: EventFilter): Promise<number>;
  /** Events like the stored event `eventId` (itself first, score 1); E_EVENT_NOT_FOUND, E_EVENT_NO_EMBEDDING. */
  similarToEvent(eventId: string, o: SimilarSearchOptions): Promise<SimilarHit[]>;
  /** Events like the object in an encoded image (JPEG/PNG/WebP bytes); `label` picks the embedder (default: the store's default). */
  similarToImage(image: Uint8Array, o: SimilarSearchOptions & { readonly label?: string }): Promise<SimilarHit[]>;
  /** The stored JPEG of an event, or undefined when it has none. */
  image(eventId: string, kind: 'snapshot' | 'thumbnail'): Promise<Uint8Array | undefined>;
}

/** An alert event as logged: `seq` increases by one per event in this node's log (SSE `id`). */
export interface AlertRecord {
  readonly seq: number;
  readonly event: AlertEvent;
}

export interface AlertQuery {
  readonly from?: number;
  readonly to?: number;
  readonly cameras?: readonly string[];
  readonly rules?: readonly string[];
  readonly types?: readonly string[];
  /** Newest first. @defaultValue 50 (at most 1000) */
  readonly limit?: number;
  /** Records with seq below this (the previous page's `nextCursor`). */
  readonly beforeSeq?: number;
}

export interface AlertStreamOptions {
  /** Replay logged records with seq > afterSeq first (SSE Last-Event-ID), then live ones. */
  readonly afterSeq?: number;
  readonly cameras?: readonly string[];
  readonly signal?: AbortSignal;
  /** Buffered records for a slow reader; past it the oldest are dropped and counted. @defaultValue 256 */
  readonly capacity?: number;
}

/** Alerts: a log (kept with the store when there is one, else in memory, bounded) and live fan-out. */
export interface AlertSource {
  list(q: AlertQuery): Promise<{ alerts: AlertRecord[]; nextCursor: number | null }>;
  stream(o: AlertStreamOptions): EventStream<AlertRecord>;
  /** The highest seq logged so far (0 when none). */
  readonly lastSeq: number;
}

export interface TrafficQuery {
  readonly camera: string;
  /** A line id of the camera's rules; all counted lines when absent. */
  readonly line?: string;
  readonly from: number;
  readonly to: number;
  /** Bucket width in seconds (60..86400). */
  readonly intervalSeconds: number;
}

export interface TrafficBucket {
  /** Wall-clock ms since epoch at the start of the bucket. */
  readonly startMs: number;
  readonly line: string;
  readonly forward: number;
  readonly backward: number;
  readonly byLabel: Readonly<Record<string, { readonly forward: number; readonly backward: number }>>;
}

export interface TrafficSeries {
  readonly camera: string;
  readonly intervalSeconds: number;
  readonly buckets: readonly TrafficBucket[];
  /** Congestion level changes in [from, to], from the camera's congestion rules. */
  readonly congestion: ReadonlyArray<{ readonly atMs: number; readonly ruleId: string; readonly zone?: string; readonly level: string }>;
}

export interface TrafficStats {
  traffic(q: TrafficQuery): Promise<TrafficSeries>;
}

export type HealthState = 'ok' | 'degraded' | 'down';

export interface NodeHealth {
  readonly state: HealthState;
  readonly startedAtMs: number;
  readonly store: (StoreHealth & { readonly kind: string }) | null;
  readonly detector: { readonly state: HealthState; readonly model: string; readonly provider: string };
  readonly cameras: ReadonlyArray<{ readonly id: string; readonly state: CameraStatusView['state']; readonly ready: boolean }>;
}

export interface NodeStatsPort {
  health(): NodeHealth;
  /** Prometheus text exposition of every node metric (prom-client registry). */
  metrics(): Promise<{ contentType: string; text: string }>;
  /** The prom-client registry, so the API can add its own HTTP metrics to the same scrape. */
  readonly registry: import('prom-client').Registry;
}

/** Everything the API may use. */
/** GA/T 1400 export options the caller chooses; DeviceIDs come from the cameras' `gat1400DeviceId`. */
export type Gat1400ExportOptions = Omit<Gat1400DocumentOptions, 'camera'>;

/** Object events in exchange formats other than sharpeye's own JSON and CSV. */
export interface EventExport {
  /**
   * A GA/T 1400 JSON document (MotorVehicle, NonMotorVehicle and Person list objects) in text
   * chunks, reading `source` once per object kind; each camera's DeviceID is its config's
   * `gat1400DeviceId` (else a placeholder from the camera id). E_CONFIG_INVALID (unknown time zone)
   * on the first chunk. See README "GA/T 1400 export".
   */
  gat1400(source: Gat1400EventSource, o?: Gat1400ExportOptions): AsyncGenerator<string>;
}

export interface NodePorts {
  readonly cameras: CameraRegistry;
  readonly events: EventSearch;
  readonly exports: EventExport;
  readonly alerts: AlertSource;
  readonly traffic: TrafficStats;
  readonly stats: NodeStatsPort;
}
