// Capped exponential backoff with jitter for reconnecting cameras. Pure: the random source is
// injected so tests are deterministic.

export interface BackoffOptions {
  /** First delay. @defaultValue 500 */
  initialDelayMs: number;
  /** Ceiling for any delay. @defaultValue 30000 */
  maxDelayMs: number;
  /** Growth per consecutive failure. @defaultValue 2 */
  multiplier: number;
  /** Relative jitter, 0..1: the delay is scaled by a random factor in [1 - jitter, 1 + jitter]. @defaultValue 0.2 */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialDelayMs: 500, maxDelayMs: 30_000, multiplier: 2, jitter: 0.2 };

/** Delay before reconnect attempt `attempt` (1-based). Jitter spreads a fleet reconnecting after an outage. */
export function backoffDelayMs(attempt: number, o: BackoffOptions, random: () => number = Math.random): number {
  const base = Math.min(o.maxDelayMs, o.initialDelayMs * o.multiplier ** Math.max(0, attempt - 1));
  const factor = 1 + o.jitter * (2 * random() - 1);
  return Math.round(Math.min(o.maxDelayMs, base * factor));
}
