// The webhook signature scheme, shared by the sender and by receivers that verify it (the same
// shape as Stripe's and GitHub's): an HMAC over the timestamp and the exact body bytes, so a
// receiver can reject forged, altered and replayed deliveries.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header names of a webhook delivery (lower case, as Node's http server reports them). */
export const WEBHOOK_HEADERS = {
  /** `alert.started`, `alert.updated` or `alert.ended`. */
  event: 'x-sharpeye-event',
  /** One id per delivery, the same on every retry: receivers dedupe on it. */
  delivery: 'x-sharpeye-delivery',
  /** Unix seconds when this attempt was signed. */
  timestamp: 'x-sharpeye-timestamp',
  /** `sha256=<hex>`; present only when the target has a secret. */
  signature: 'x-sharpeye-signature',
} as const;

/** How far a timestamp may be from the receiver's clock before the delivery counts as a replay. */
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * The `x-sharpeye-signature` value for one attempt:
 * `sha256=` + hex(HMAC-SHA256(key = secret, message = `<timestamp>.<body>`)), where `timestamp`
 * is the `x-sharpeye-timestamp` header (unix seconds, decimal) and `body` the raw request body.
 */
export function signWebhookPayload(secret: string, timestamp: number | string, body: string | Uint8Array): string {
  return `sha256=${hmacHex(secret, String(timestamp), body)}`;
}

/**
 * For receivers: true when `header` is a valid signature of `body` made with `secret` at
 * `timestamp`, and `timestamp` lies within `toleranceSeconds` of `nowMs`. Pass the raw body bytes
 * as received: re-serialised JSON differs from what was signed. Compares in constant time.
 * `toleranceSeconds = Infinity` skips the replay check.
 */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string | number | undefined,
  body: string | Uint8Array,
  header: string | undefined | null,
  toleranceSeconds: number = DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
  nowMs: number = Date.now(),
): boolean {
  const ts = String(timestamp ?? '');
  if (!/^\d{1,12}$/.test(ts)) return false;
  if (Math.abs(nowMs / 1000 - Number(ts)) > toleranceSeconds) return false;
  const m = /^sha256=([0-9a-f]{64})$/i.exec((header ?? '').trim());
  if (!m) return false;
  const expected = Buffer.from(hmacHex(secret, ts, body), 'hex');
  return timingSafeEqual(expected, Buffer.from(m[1], 'hex'));
}

function hmacHex(secret: string, timestamp: string, body: string | Uint8Array): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}
