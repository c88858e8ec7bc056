// The webhook signature scheme, shared by the sender and by receivers that verify it: Standard
// Webhooks 1.0 (https://www.standardwebhooks.com). The HMAC covers the delivery id, the attempt's
// timestamp and the exact body bytes, so a receiver can reject forged and altered deliveries, old
// ones replayed later, and captured ones replayed under a fresh id to slip past its dedupe.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header names of a webhook delivery (lower case, as Node's http server reports them). */
export const WEBHOOK_HEADERS = {
  /** `alert.started`, `alert.updated` or `alert.ended` (sharpeye's own header). */
  event: 'x-sharpeye-event',
  /** One id per delivery, the same on every retry: receivers dedupe on it. Signed. */
  id: 'webhook-id',
  /** Unix seconds when this attempt was signed. Signed. */
  timestamp: 'webhook-timestamp',
  /** `v1,<base64 HMAC-SHA256>`; present only when the target has a secret. */
  signature: 'webhook-signature',
} as const;

/** How far a timestamp may be from the receiver's clock before the delivery counts as a replay. */
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

/** Secrets in Standard Webhooks form: `whsec_` + base64 of the key bytes. */
const STANDARD_SECRET = /^whsec_([A-Za-z0-9+/]+={0,2})$/;
/** Shortest key accepted, in bytes: Standard Webhooks asks for 24 (192 bits). */
export const MIN_SECRET_BYTES = 24;

/**
 * The HMAC key of a configured secret: for `whsec_<base64>` the decoded bytes (as Standard Webhooks
 * libraries read it), for anything else the UTF-8 bytes of the secret as written.
 */
export function webhookSecretKey(secret: string): Buffer {
  const m = STANDARD_SECRET.exec(secret);
  return m ? Buffer.from(m[1], 'base64') : Buffer.from(secret, 'utf8');
}

/** Why `secret` is unfit as an HMAC key (never quoting it), or undefined when it is fine. */
export function secretProblem(secret: string): string | undefined {
  if (secret.startsWith('whsec_') && !STANDARD_SECRET.test(secret)) return 'a whsec_ secret must be followed by base64';
  const bytes = webhookSecretKey(secret).length;
  if (bytes < MIN_SECRET_BYTES) return `is ${bytes} bytes long; use at least ${MIN_SECRET_BYTES} random bytes (e.g. whsec_ + \`openssl rand -base64 32\`)`;
  return undefined;
}

/** What is signed: `<id>.<timestamp>.<body>`. */
export interface SignedDelivery {
  /** The `webhook-id` header. */
  id: string;
  /** The `webhook-timestamp` header: unix seconds, decimal. */
  timestamp: number | string;
  /** The raw request body. */
  body: string | Uint8Array;
}

/**
 * The `webhook-signature` value for one attempt: `v1,` + base64(HMAC-SHA256(key, `<id>.<timestamp>.<body>`)),
 * the key being {@link webhookSecretKey}(secret).
 */
export function signWebhookPayload(secret: string, delivery: SignedDelivery): string {
  return `v1,${hmac(secret, delivery).toString('base64')}`;
}

export interface VerifyOptions {
  /** Largest distance in seconds between the timestamp and `nowMs`; Infinity skips the replay check. @defaultValue 300 */
  toleranceSeconds?: number;
  /** The receiver's clock. @defaultValue Date.now() */
  nowMs?: number;
}

/**
 * For receivers: true when `signatureHeader` (a space-separated list of `v1,<base64>`, as Standard
 * Webhooks allows during secret rotation) holds a valid signature of id, timestamp and body made
 * with `secret`, and the timestamp lies within the tolerance. Pass the raw body bytes as received:
 * re-serialised JSON differs from what was signed. Compares in constant time.
 */
export function verifyWebhookSignature(
  secret: string,
  delivery: { id: string | undefined | null; timestamp: string | number | undefined | null; body: string | Uint8Array },
  signatureHeader: string | undefined | null,
  options: VerifyOptions = {},
): boolean {
  const id = String(delivery.id ?? '');
  const ts = String(delivery.timestamp ?? '');
  if (id === '' || id.includes('.') || !/^\d{1,12}$/.test(ts)) return false;
  const tolerance = options.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS;
  if (Math.abs((options.nowMs ?? Date.now()) / 1000 - Number(ts)) > tolerance) return false;
  const expected = hmac(secret, { id, timestamp: ts, body: delivery.body });
  let ok = false;
  for (const entry of (signatureHeader ?? '').trim().split(/\s+/)) {
    const m = /^v1,([A-Za-z0-9+/]{43}=)$/.exec(entry);
    if (m && timingSafeEqual(expected, Buffer.from(m[1], 'base64'))) ok = true;
  }
  return ok;
}

function hmac(secret: string, d: SignedDelivery): Buffer {
  return createHmac('sha256', webhookSecretKey(secret)).update(`${d.id}.${d.timestamp}.`).update(d.body).digest();
}
