// Turns what the Milvus SDK returns or throws into SharpeyeErrors. The SDK reports most server-side
// failures as a status object rather than throwing, and connection failures as gRPC errors; both end
// up here so that callers branch on `code` and `retryable` only.
import { SharpeyeError } from '../../core/index.js';

interface MilvusStatusLike {
  readonly error_code?: string | number;
  readonly code?: number;
  readonly reason?: string;
  readonly retriable?: boolean;
}

/** gRPC codes that mean "could not talk to the server" (UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED, ...). */
const CONNECTION_CODES = new Set([1, 4, 14]);

export function isStatusOk(status: MilvusStatusLike | undefined): boolean {
  if (!status) return true;
  return (status.code === undefined || status.code === 0) && (status.error_code === undefined || status.error_code === 'Success' || status.error_code === 0);
}

/** Throws E_STORE_REJECTED when `status` is not a success. */
export function assertStatus(status: MilvusStatusLike | undefined, what: string, collection: string): void {
  if (isStatusOk(status)) return;
  const reason = status?.reason ?? 'unknown reason';
  throw new SharpeyeError('E_STORE_REJECTED', `Milvus refused to ${what} on collection ${collection}: ${reason}`, {
    retryable: status?.retriable === true,
    details: { collection, milvusCode: status?.code, reason },
  });
}

/** Wraps a thrown SDK/gRPC error: connection failures become E_STORE_UNREACHABLE (retryable). */
export function milvusError(err: unknown, what: string, address: string, collection: string): SharpeyeError {
  if (err instanceof SharpeyeError) return err;
  const grpcCode = typeof (err as { code?: unknown })?.code === 'number' ? (err as { code: number }).code : undefined;
  const message = err instanceof Error ? err.message : String(err);
  const unreachable = (grpcCode !== undefined && CONNECTION_CODES.has(grpcCode)) || /UNAVAILABLE|DEADLINE_EXCEEDED|ECONNREFUSED|No connection established/i.test(message);
  if (unreachable) {
    return new SharpeyeError('E_STORE_UNREACHABLE', `Milvus at ${address} unreachable while trying to ${what} (${message}); check that it is running.`, {
      cause: err,
      details: { address, collection, grpcCode },
    });
  }
  return new SharpeyeError('E_STORE_REJECTED', `Milvus request to ${what} on collection ${collection} failed: ${message}`, {
    cause: err,
    details: { address, collection, grpcCode },
  });
}
