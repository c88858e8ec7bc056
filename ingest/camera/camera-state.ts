// The states a live camera moves through, and the status record published on every change.
import type { ErrorCode } from '../../core/index.js';

/**
 * - starting: decoder launched, no frame yet
 * - running: frames arriving
 * - stalled: no frame within the stall timeout; the decoder is being restarted
 * - reconnecting: waiting out a backoff delay before the next attempt
 * - failed: refused repeatedly for a reason a retry rarely fixes (401, 404, not video); retried slowly
 * - stopped: stopped by its owner; final
 */
export type CameraState = 'starting' | 'running' | 'stalled' | 'reconnecting' | 'failed' | 'stopped';

export interface CameraStatus {
  id: string;
  state: CameraState;
  framesDecoded: number;
  /** Frames replaced by a newer one before the detector took them (live: newest wins). */
  framesDropped: number;
  reconnects: number;
  /** File cameras: times the file was played again from the start (never counted as reconnects). */
  loops: number;
  lastError: { code: ErrorCode; message: string; atMs: number } | null;
  /** Frames per second arriving from the decoder, over the last 5 s. */
  inputFps: number;
  /** Wall-clock ms of the last frame, or null before the first. */
  lastFrameAtMs: number | null;
}

/** Errors that usually need a person (credentials, path, wrong stream), as opposed to network blips. */
export const PERSISTENT_ERRORS: readonly ErrorCode[] = ['E_INGEST_UNAUTHORIZED', 'E_INGEST_NOT_FOUND', 'E_INGEST_DECODE', 'E_INPUT_UNSUPPORTED_URL', 'E_INGEST_SPAWN'];
