// SharpeyeError: the one error type that crosses stage boundaries. It carries a stable code from
// the catalogue, whether a retry may help, and the underlying cause, so callers branch on `code`
// and never on message text.
import { ERROR_CODES, type ErrorCode } from './error-codes.js';

export interface SharpeyeErrorOptions {
  cause?: unknown;
  /** Structured facts for logs and the API (file, camera id, expected hash...). No secrets. */
  details?: Record<string, unknown>;
  /** Overrides the catalogue default. */
  retryable?: boolean;
}

export class SharpeyeError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: SharpeyeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SharpeyeError';
    this.code = code;
    this.retryable = options.retryable ?? ERROR_CODES[code].retryable;
    this.details = options.details ?? {};
  }

  toJSON(): { code: ErrorCode; message: string; retryable: boolean; details: Record<string, unknown> } {
    return { code: this.code, message: this.message, retryable: this.retryable, details: this.details };
  }
}

export function isSharpeyeError(err: unknown, code?: ErrorCode): err is SharpeyeError {
  return err instanceof SharpeyeError && (code === undefined || err.code === code);
}

/** Wraps anything thrown by a dependency into a SharpeyeError, keeping the original as cause. */
export function toSharpeyeError(err: unknown, code: ErrorCode = 'E_INTERNAL'): SharpeyeError {
  if (err instanceof SharpeyeError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new SharpeyeError(code, message, { cause: err });
}
