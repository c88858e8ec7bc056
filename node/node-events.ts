// The typed events of a SharpeyeNode: its data output (detections, crossings, alerts, objects,
// counts) and operational happenings (camera states, retention, failures). The CLI writes them as
// JSON lines (`serve --json-lines`); the API reads the ports instead.
import type { FrameDetections, ObjectEvent, SharpeyeError, Track } from '../core/index.js';
import type { LineCrossingEvent, LineIntervalCount } from '../analytics/index.js';
import type { CameraStatus } from '../ingest/index.js';
import type { RetentionResult } from '../indexer/index.js';
import type { WebhookDeliveryInfo } from '../worker/index.js';
import type { AlertRecord } from './ports.js';

export interface SharpeyeNodeEvents {
  /** A camera changed state. */
  camera: [CameraStatus];
  /** One frame's detections, with the confirmed tracks when the camera is tracked. */
  detections: [FrameDetections, readonly Track[] | undefined];
  crossing: [LineCrossingEvent];
  alert: [AlertRecord];
  /** An object record as stored (blob keys) or, without a store, as written (file paths). */
  object: [ObjectEvent];
  /** A counting interval of a line closed. */
  count: [camera: string, interval: LineIntervalCount];
  retention: [RetentionResult];
  /** A webhook delivery was given up. */
  webhookFailed: [WebhookDeliveryInfo & { error: SharpeyeError }];
  /** Something failed without stopping the node (a camera's analytics, the indexer, retention). */
  failure: [{ camera?: string; error: SharpeyeError }];
}
