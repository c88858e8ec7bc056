// Webhook targets: the config schema (one entry per receiving URL, with its retry policy and rule
// filter) and the resolved form the sender uses, where credentials written into the URL have moved
// into an Authorization header and logs see only the masked URL. A URL whose host is a link-local
// or metadata address (in any spelling the URL parser accepts) is refused here, at config time.
import { Type, type Static } from '@sinclair/typebox';
import { configError, validateConfig, type ConfigProblem } from '../../core/index.js';
import { redactUrl, urlSecrets } from '../../ingest/index.js';
import type { LookupFunction } from 'node:net';
import { blockingRefusal, guardedLookup } from './webhook-address.js';
import { WEBHOOK_HEADERS, secretProblem } from './webhook-signature.js';

export const WebhookTargetSchema = Type.Object({
  id: Type.Optional(Type.String({ description: 'name in stats, events and logs (default: webhook-<index>)', minLength: 1 })),
  url: Type.String({ description: 'http(s) URL the alerts are POSTed to; user:password@ in it is sent as basic auth', minLength: 1 }),
  secret: Type.Optional(Type.String({ description: 'HMAC-SHA256 key for the webhook-signature header: whsec_<base64> (Standard Webhooks) or a string of at least 24 bytes', minLength: 1 })),
  allowLinkLocal: Type.Boolean({ description: 'allow a host that is or resolves to a link-local or cloud metadata address (169.254.0.0/16, fe80::/10)', default: false }),
  ruleIds: Type.Array(Type.String({ minLength: 1 }), { description: 'rules whose alerts go here; empty means all', default: [] }),
  headers: Type.Record(Type.String(), Type.String(), { description: 'extra request headers (cannot replace content-type, webhook-* or x-sharpeye-*)', default: {} }),
  timeoutMs: Type.Integer({ description: 'time one attempt may take, answer included', default: 5000, minimum: 1, maximum: 600_000 }),
  maxAttempts: Type.Integer({ description: 'attempts per delivery, the first included', default: 6, minimum: 1, maximum: 100 }),
  initialDelayMs: Type.Integer({ description: 'wait before the first retry; doubles per retry', default: 1000, minimum: 1, maximum: 3_600_000 }),
  maxDelayMs: Type.Integer({ description: 'ceiling of any wait between attempts, Retry-After included', default: 60_000, minimum: 1, maximum: 3_600_000 }),
  jitter: Type.Number({ description: 'relative random spread of each backoff delay, 0..1', default: 0.2, minimum: 0, maximum: 1 }),
  capacity: Type.Integer({ description: 'deliveries waiting for this target; past it the oldest is dropped', default: 1000, minimum: 1, maximum: 1_000_000 }),
  concurrency: Type.Integer({ description: 'deliveries in flight (or waiting to retry) at once for this target', default: 2, minimum: 1, maximum: 64 }),
}, { additionalProperties: false });

export const WebhookTargetsSchema = Type.Array(WebhookTargetSchema, { description: 'webhook targets' });

/** A validated target with defaults filled in. */
export type WebhookTargetConfig = Static<typeof WebhookTargetSchema>;

/** One webhook target as written in config; see {@link WebhookTargetSchema} for bounds. */
export interface WebhookTargetOptions {
  /** Name in stats, events and logs. @defaultValue `webhook-<index>` */
  id?: string;
  /** http(s) URL the alerts are POSTed to. `user:password@` is sent as basic auth; the URL is masked in logs and errors. */
  url: string;
  /**
   * Key for the `webhook-signature` HMAC: `whsec_<base64>` (Standard Webhooks; the decoded bytes are
   * the key) or any other string of at least 24 bytes (its UTF-8 bytes are the key).
   * @defaultValue none: deliveries are unsigned
   */
  secret?: string;
  /**
   * Send to a host that is, or resolves to, a link-local or cloud metadata address (169.254.0.0/16,
   * fe80::/10, fd00:ec2::254, 100.100.100.200). Unspecified, multicast and broadcast addresses are
   * refused regardless. @defaultValue false
   */
  allowLinkLocal?: boolean;
  /** Rules whose alerts go to this target. @defaultValue `[]`, meaning every rule */
  ruleIds?: string[];
  /** Extra request headers; they cannot replace content-type, `webhook-*` or `x-sharpeye-*` headers. @defaultValue `{}` */
  headers?: Record<string, string>;
  /** Time one attempt may take, answer included. @defaultValue 5000 */
  timeoutMs?: number;
  /** Attempts per delivery, the first included. @defaultValue 6 */
  maxAttempts?: number;
  /** Wait before the first retry; doubles per retry. @defaultValue 1000 */
  initialDelayMs?: number;
  /** Ceiling of any wait between attempts, a Retry-After answer included. @defaultValue 60000 */
  maxDelayMs?: number;
  /** Relative spread of each backoff delay, 0..1 (the delay is scaled by [1 - jitter, 1 + jitter]). @defaultValue 0.2 */
  jitter?: number;
  /** Deliveries waiting for this target; past it the oldest is dropped and counted. @defaultValue 1000 */
  capacity?: number;
  /** Deliveries in flight or waiting to retry at once for this target. @defaultValue 2 */
  concurrency?: number;
}

/** A target ready to send to. */
export interface ResolvedWebhookTarget {
  readonly id: string;
  readonly config: WebhookTargetConfig;
  /** The URL requested: credentials removed. */
  readonly fetchUrl: string;
  /** Resolves the URL's host for the connection, refusing addresses the target may not reach. */
  readonly lookup: LookupFunction;
  /** The URL for logs and errors: credentials and secret query parameters masked. */
  readonly safeUrl: string;
  /** Configured headers plus Authorization from URL credentials. */
  readonly headers: Readonly<Record<string, string>>;
  /** Strings that must never reach a log line (URL credentials, token parameters). */
  readonly secrets: readonly string[];
}

/**
 * Validates targets (defaults, bounds, http(s) URLs, allowed hosts, secret strength, unique ids);
 * errors are E_CONFIG_INVALID naming `<collection>[i].field` in `source`, never quoting a secret.
 */
export function resolveWebhookTargets(targets: readonly WebhookTargetOptions[], source = 'webhooks', collection = 'targets'): ResolvedWebhookTarget[] {
  const label = (path: string) => `${collection}${path}`;
  const configs = validateConfig(WebhookTargetsSchema, targets, source, label);
  const problems: ConfigProblem[] = [];
  const seen = new Set<string>();
  const resolved = configs.map((config, i) => {
    const id = config.id ?? `webhook-${i}`;
    if (seen.has(id)) problems.push({ path: `[${i}].id`, message: `duplicate target id '${id}'` });
    seen.add(id);
    if (config.maxDelayMs < config.initialDelayMs) problems.push({ path: `[${i}].maxDelayMs`, message: `must be at least initialDelayMs (${config.initialDelayMs})` });
    const secret = config.secret === undefined ? undefined : secretProblem(config.secret);
    if (secret) problems.push({ path: `[${i}].secret`, message: secret });
    for (const name of Object.keys(config.headers)) {
      if (RESERVED_HEADER.test(name)) problems.push({ path: `[${i}].headers`, message: `'${name}' is set by sharpeye and cannot be configured` });
    }
    const url = parseHttpUrl(config.url);
    if (!url) {
      problems.push({ path: `[${i}].url`, message: `must be an http:// or https:// URL, got ${JSON.stringify(redactUrl(config.url))}` });
      return undefined;
    }
    const refusal = blockingRefusal(url.hostname, config.allowLinkLocal);
    if (refusal) {
      const fix = refusal.allowable ? '; set allowLinkLocal: true on this target if that is really meant' : '';
      problems.push({ path: `[${i}].url`, message: `host ${refusal.what}${fix}` });
      return undefined;
    }
    return resolveOne(id, config, url);
  });
  if (problems.length > 0) throw configError(source, problems, label);
  return resolved as ResolvedWebhookTarget[];
}

function resolveOne(id: string, config: WebhookTargetConfig, url: URL): ResolvedWebhookTarget {
  const headers: Record<string, string> = { ...config.headers };
  const secrets = urlSecrets(config.url);
  const hasAuth = Object.keys(headers).some((h) => h.toLowerCase() === 'authorization');
  if ((url.username || url.password) && !hasAuth) {
    const user = safeDecode(url.username);
    const pass = safeDecode(url.password);
    headers.authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
  }
  url.username = '';
  url.password = '';
  for (const [name, value] of url.searchParams) {
    if (/^(password|passwd|pwd|pass|token|access_token|auth|key|secret|signature)$/i.test(name) && value.length >= 3) secrets.push(value);
  }
  return { id, config, fetchUrl: url.toString(), safeUrl: redactUrl(config.url), headers, secrets, lookup: guardedLookup(config.allowLinkLocal) };
}

/** Headers the sender owns: a configured one would be dropped or would forge the signed fields. */
const RESERVED_HEADER = new RegExp(`^(content-type|content-length|transfer-encoding|${Object.values(WEBHOOK_HEADERS).join('|')})$`, 'i');

function parseHttpUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined; // not a URL at all: reported by the caller as a config problem
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s; // not valid percent-encoding: the raw form is what the user wrote
  }
}
