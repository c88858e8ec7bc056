// WebhookSender: POSTs alert events to the configured HTTP targets, signed, with retries. Each
// target has its own bounded queue (drop-oldest, counted) and a concurrency limit, so a dead or
// slow receiver costs a fixed amount of memory and never holds up the pipeline or other targets.
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { SharpeyeError, type AlertEvent } from '../../core/index.js';
import { backoffDelayMs, redactSecrets } from '../../ingest/index.js';
import { BlockedAddressError, guardedLookup } from './webhook-address.js';
import { postWebhook, WebhookAgents, type WebhookAnswer } from './webhook-http.js';
import { WEBHOOK_HEADERS, signWebhookPayload } from './webhook-signature.js';
import { resolveWebhookTargets, type ResolvedWebhookTarget, type WebhookTargetOptions } from './webhook-target.js';

/** The few logger methods the sender uses; a pino Logger fits. */
export interface WebhookLogger {
  warn(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

export interface WebhookSenderOptions {
  targets: readonly WebhookTargetOptions[];
  /** Wall clock in ms since epoch, for `webhook-timestamp` and Retry-After dates. @defaultValue Date.now */
  now?: () => number;
  /** Random source in [0, 1) for backoff jitter. @defaultValue Math.random */
  random?: () => number;
  /** Where retries, failures and drops are logged (URLs masked). @defaultValue none */
  logger?: WebhookLogger;
}

export interface CloseWebhookSenderOptions {
  /** How long queued and in-flight deliveries may still finish before the rest is abandoned. @defaultValue 5000 */
  drainMs?: number;
}

export interface WebhookDeliveryStats {
  delivered: number;
  /** Deliveries given up: refused (4xx) or out of attempts. */
  failed: number;
  /** Attempts after the first. */
  retries: number;
  /** Deliveries pushed out of a full queue by newer ones. */
  dropped: number;
  /** Deliveries still pending when close() gave up on them. */
  abandoned: number;
  /** Queued plus in flight (including those waiting to retry). */
  pending: number;
}

export interface WebhookSenderStats extends WebhookDeliveryStats {
  targets: Record<string, WebhookDeliveryStats>;
}

/** Identifies one delivery in events. */
export interface WebhookDeliveryInfo {
  targetId: string;
  deliveryId: string;
  /** `alert.started`, `alert.updated`, `alert.ended`. */
  eventType: string;
  alertId: string;
  /** Attempts made so far. */
  attempts: number;
}

export interface WebhookSenderEvents {
  delivered: [WebhookDeliveryInfo & { status: number }];
  retry: [WebhookDeliveryInfo & { delayMs: number; error: SharpeyeError }];
  failed: [WebhookDeliveryInfo & { error: SharpeyeError }];
  dropped: [WebhookDeliveryInfo & { reason: 'overflow' | 'closed' }];
}

interface Delivery {
  readonly id: string;
  readonly eventType: string;
  readonly alertId: string;
  readonly body: string;
  attempts: number;
}

interface TargetState {
  readonly target: ResolvedWebhookTarget;
  readonly queue: Delivery[];
  active: number;
  readonly stats: Omit<WebhookDeliveryStats, 'pending'>;
}

type AttemptResult = { ok: true; status: number } | { ok: false; error: SharpeyeError; retryAfterMs?: number };

interface Sleeper { readonly wakeAtMs: number; wake(elapsed: boolean): void }

/**
 * Sends each alert event to every target whose `ruleIds` match (empty = all) as
 * `POST <url>` with the event as JSON and these headers (Standard Webhooks 1.0):
 * - `x-sharpeye-event`: `alert.<kind>`;
 * - `webhook-id`: a UUID, the same on every retry, for receivers to dedupe;
 * - `webhook-timestamp`: unix seconds of this attempt;
 * - `webhook-signature` (targets with a `secret`): `v1,` + base64 HMAC-SHA256 of
 *   `<id>.<timestamp>.<raw body>`; check it with `verifyWebhookSignature`.
 *
 * A 2xx answer delivers. Network errors, timeouts and 408/429/5xx are retried up to `maxAttempts`
 * with capped exponential backoff and jitter, or after the answer's Retry-After (capped at
 * `maxDelayMs`). Other answers, redirects included, fail at once (`E_WEBHOOK_REJECTED`). A host
 * that resolves to a refused address (see webhook-address.ts) fails at once (`E_WEBHOOK_BLOCKED`).
 */
export class WebhookSender extends EventEmitter<WebhookSenderEvents> {
  readonly #targets: TargetState[];
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #logger: WebhookLogger | undefined;
  readonly #inFlight = new Set<AbortController>();
  readonly #agents = new WebhookAgents();
  readonly #sleepers = new Set<Sleeper>();
  readonly #idleWaiters: Array<() => void> = [];
  #closing: Promise<void> | undefined;
  /** performance.now() after which a closing sender abandons what is left. */
  #drainDeadline = Infinity;
  #abandoned = false;

  /** Throws `E_CONFIG_INVALID` naming `targets[i].field` when a target is invalid. */
  constructor(options: WebhookSenderOptions) {
    super();
    this.#targets = resolveWebhookTargets(options.targets).map((target) => ({
      target, queue: [], active: 0, stats: { delivered: 0, failed: 0, retries: 0, dropped: 0, abandoned: 0 },
    }));
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
    this.#logger = options.logger;
  }

  get stats(): WebhookSenderStats {
    const total: WebhookSenderStats = { delivered: 0, failed: 0, retries: 0, dropped: 0, abandoned: 0, pending: 0, targets: {} };
    for (const t of this.#targets) {
      const s = { ...t.stats, pending: t.queue.length + t.active };
      total.targets[t.target.id] = s;
      for (const k of ['delivered', 'failed', 'retries', 'dropped', 'abandoned', 'pending'] as const) total[k] += s[k];
    }
    return total;
  }

  /** Timers the sender holds (retry waits, the drain deadline excluded); 0 once closed. */
  get pendingTimers(): number {
    return this.#sleepers.size;
  }

  /**
   * Queues `event` for every matching target and returns how many took it; never waits on the
   * network. Returns 0 once close() has been called.
   */
  send(event: AlertEvent): number {
    if (this.#closing) return 0;
    const targets = this.#targets.filter((t) => t.target.config.ruleIds.length === 0 || t.target.config.ruleIds.includes(event.alert.ruleId));
    if (targets.length === 0) return 0;
    const body = JSON.stringify(event);
    const eventType = `alert.${event.kind}`;
    for (const t of targets) {
      this.#enqueue(t, { id: randomUUID(), eventType, alertId: event.alert.id, body, attempts: 0 });
    }
    return targets.length;
  }

  /**
   * Stops taking events, lets queued and in-flight deliveries finish for up to `drainMs` (a retry
   * that would start after that is abandoned at once), then aborts the rest and counts it as
   * abandoned. Leaves no timer behind. Idempotent: later calls return the first call's promise.
   */
  close(options: CloseWebhookSenderOptions = {}): Promise<void> {
    this.#closing ??= this.#close(Math.max(0, options.drainMs ?? 5000));
    return this.#closing;
  }

  async #close(drainMs: number): Promise<void> {
    this.#drainDeadline = performance.now() + drainMs;
    for (const s of [...this.#sleepers]) if (s.wakeAtMs > this.#drainDeadline) s.wake(false);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => { timer = setTimeout(resolve, drainMs); });
    await Promise.race([this.#idle(), deadline]);
    clearTimeout(timer);
    this.#abandoned = true;
    for (const t of this.#targets) for (const d of t.queue.splice(0)) this.#drop(t, d, 'closed');
    for (const s of [...this.#sleepers]) s.wake(false);
    for (const c of this.#inFlight) c.abort(new Error('webhook sender closed'));
    await this.#idle();
    this.#agents.destroy();
  }

  #enqueue(t: TargetState, delivery: Delivery): void {
    if (t.queue.length >= t.target.config.capacity) this.#drop(t, t.queue.shift()!, 'overflow');
    t.queue.push(delivery);
    this.#pump(t);
  }

  #pump(t: TargetState): void {
    while (!this.#abandoned && t.active < t.target.config.concurrency && t.queue.length > 0) {
      const delivery = t.queue.shift()!;
      t.active++;
      void this.#deliver(t, delivery).finally(() => {
        t.active--;
        this.#pump(t);
        this.#checkIdle();
      });
    }
  }

  /** Attempts until delivered, refused, out of attempts or abandoned; never rejects. */
  async #deliver(t: TargetState, d: Delivery): Promise<void> {
    const { config } = t.target;
    for (;;) {
      d.attempts++;
      const result = await this.#attempt(t.target, d);
      if (result.ok) {
        t.stats.delivered++;
        this.emit('delivered', { ...this.#info(t, d), status: result.status });
        return;
      }
      if (this.#abandoned) return this.#drop(t, d, 'closed');
      if (!result.error.retryable || d.attempts >= config.maxAttempts) return this.#fail(t, d, result.error);
      const delayMs = result.retryAfterMs !== undefined
        ? Math.min(config.maxDelayMs, result.retryAfterMs)
        : backoffDelayMs(d.attempts, { ...config, multiplier: 2 }, this.#random);
      t.stats.retries++;
      this.#logger?.debug({ code: result.error.code, target: t.target.id, url: t.target.safeUrl, deliveryId: d.id, attempt: d.attempts, delayMs }, result.error.message);
      this.emit('retry', { ...this.#info(t, d), delayMs, error: result.error });
      if (!(await this.#sleep(delayMs))) return this.#drop(t, d, 'closed');
    }
  }

  async #attempt(target: ResolvedWebhookTarget, d: Delivery): Promise<AttemptResult> {
    const { config } = target;
    const timestamp = Math.floor(this.#now() / 1000);
    // Configured headers cannot name ours (resolveWebhookTargets refuses them), so ours come last.
    const headers: Record<string, string> = {
      ...target.headers,
      'content-type': 'application/json',
      [WEBHOOK_HEADERS.event]: d.eventType,
      [WEBHOOK_HEADERS.id]: d.id,
      [WEBHOOK_HEADERS.timestamp]: String(timestamp),
    };
    if (config.secret !== undefined) headers[WEBHOOK_HEADERS.signature] = signWebhookPayload(config.secret, { id: d.id, timestamp, body: d.body });

    const controller = new AbortController();
    const timeout = AbortSignal.timeout(config.timeoutMs);
    const onTimeout = () => controller.abort(timeout.reason);
    timeout.addEventListener('abort', onTimeout, { once: true });
    this.#inFlight.add(controller);
    try {
      const answer = await postWebhook(new URL(target.fetchUrl), d.body, { headers, signal: controller.signal, lookup: target.lookup, agents: this.#agents });
      return this.#classify(target, answer);
    } catch (err) {
      if (err instanceof BlockedAddressError) {
        const fix = err.refusal.allowable ? '; set allowLinkLocal: true on the target if that is really meant' : '';
        return { ok: false, error: this.#error(target, 'E_WEBHOOK_BLOCKED', `not sent: ${err.message}${fix}`, d) };
      }
      const why = timeout.aborted ? `did not answer within ${config.timeoutMs} ms` : `could not be reached (${describeNetworkError(err)})`;
      return { ok: false, error: this.#error(target, 'E_WEBHOOK_DELIVERY', `${why}; retrying with backoff`, d, { cause: err }) };
    } finally {
      timeout.removeEventListener('abort', onTimeout);
      this.#inFlight.delete(controller);
    }
  }

  #classify(target: ResolvedWebhookTarget, answer: WebhookAnswer): AttemptResult {
    const { status } = answer;
    if (status >= 200 && status < 300) return { ok: true, status };
    if (status === 408 || status === 429 || status >= 500) {
      const error = this.#error(target, 'E_WEBHOOK_DELIVERY', `answered ${status}; retrying with backoff`, undefined, { status });
      return { ok: false, error, retryAfterMs: parseRetryAfterMs(answer.retryAfter, this.#now()) };
    }
    const fix = status >= 300 && status < 400 ? 'configure the final URL (redirects are not followed)' : 'check the URL, credentials and the receiver';
    return { ok: false, error: this.#error(target, 'E_WEBHOOK_REJECTED', `answered ${status}; not retried: ${fix}`, undefined, { status }) };
  }

  #fail(t: TargetState, d: Delivery, last: SharpeyeError): void {
    t.stats.failed++;
    const error = last.code !== 'E_WEBHOOK_DELIVERY'
      ? last
      : this.#error(t.target, 'E_WEBHOOK_DELIVERY', `gave up after ${d.attempts} attempt(s); last: ${last.message}`, d, { cause: last, status: last.details.status });
    this.#logger?.warn({ code: error.code, target: t.target.id, url: t.target.safeUrl, deliveryId: d.id, attempts: d.attempts }, error.message);
    this.emit('failed', { ...this.#info(t, d), error });
  }

  #drop(t: TargetState, d: Delivery, reason: 'overflow' | 'closed'): void {
    if (reason === 'overflow') t.stats.dropped++;
    else t.stats.abandoned++;
    this.#logger?.warn({ target: t.target.id, url: t.target.safeUrl, deliveryId: d.id, reason }, `webhook delivery ${reason === 'overflow' ? 'dropped: queue full' : 'abandoned at close'}`);
    this.emit('dropped', { ...this.#info(t, d), reason });
  }

  /** An error whose message names the target by its masked URL and never carries its secrets. */
  #error(target: ResolvedWebhookTarget, code: 'E_WEBHOOK_DELIVERY' | 'E_WEBHOOK_REJECTED' | 'E_WEBHOOK_BLOCKED', what: string, d?: Delivery, extra: { cause?: unknown; status?: unknown } = {}): SharpeyeError {
    const message = redactSecrets(`webhook '${target.id}' (${target.safeUrl}) ${what}`, target.secrets);
    const details: Record<string, unknown> = { target: target.id, url: target.safeUrl };
    if (extra.status !== undefined) details.status = extra.status;
    if (d) details.attempts = d.attempts;
    return new SharpeyeError(code, message, { cause: extra.cause, details });
  }

  #info(t: TargetState, d: Delivery): WebhookDeliveryInfo {
    return { targetId: t.target.id, deliveryId: d.id, eventType: d.eventType, alertId: d.alertId, attempts: d.attempts };
  }

  /** Resolves true after `ms`, or false at once when the sender is closing past this wait or gives up. */
  #sleep(ms: number): Promise<boolean> {
    const wakeAtMs = performance.now() + ms;
    if (this.#abandoned || wakeAtMs > this.#drainDeadline) return Promise.resolve(false);
    return new Promise((resolve) => {
      const sleeper: Sleeper = {
        wakeAtMs,
        wake: (elapsed) => {
          clearTimeout(timer);
          this.#sleepers.delete(sleeper);
          resolve(elapsed);
        },
      };
      const timer = setTimeout(() => sleeper.wake(true), ms);
      this.#sleepers.add(sleeper);
    });
  }

  #idle(): Promise<void> {
    if (this.#pendingTotal() === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #checkIdle(): void {
    if (this.#pendingTotal() === 0) for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }

  #pendingTotal(): number {
    return this.#targets.reduce((n, t) => n + t.queue.length + t.active, 0);
  }
}

/** Retry-After as delta-seconds or an HTTP date, in ms from `nowMs`; undefined when absent or unreadable. */
export function parseRetryAfterMs(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** The useful part of a network error: its code (ECONNREFUSED, ENOTFOUND...) or else its message. */
function describeNetworkError(err: unknown): string {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') return code;
  return err instanceof Error ? err.message : String(err);
}
