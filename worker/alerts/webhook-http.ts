// One webhook POST over node:http(s), not fetch: the request's `lookup` is the guarded resolver, so
// the address connected to is the address checked (fetch exposes no such hook without undici's
// Agent). Redirects are never followed; the answer's body is discarded as it arrives.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';

/** What the sender needs from an answer. */
export interface WebhookAnswer {
  status: number;
  retryAfter: string | null;
}

/** Keep-alive connection pools of one sender; `destroy()` closes every idle socket. */
export class WebhookAgents {
  readonly http = new HttpAgent({ keepAlive: true });
  readonly https = new HttpsAgent({ keepAlive: true });

  destroy(): void {
    this.http.destroy();
    this.https.destroy();
  }
}

export interface PostOptions {
  headers: Readonly<Record<string, string>>;
  signal: AbortSignal;
  lookup: LookupFunction;
  agents: WebhookAgents;
}

/**
 * POSTs `body` to `url` and resolves with the status once the answer has been read (or the
 * connection ended); rejects on network errors, a refused address (BlockedAddressError) or abort.
 */
export function postWebhook(url: URL, body: string, o: PostOptions): Promise<WebhookAnswer> {
  const https = url.protocol === 'https:';
  const request = https ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: { ...o.headers, 'content-length': String(Buffer.byteLength(body)) },
      signal: o.signal,
      lookup: o.lookup,
      agent: https ? o.agents.https : o.agents.http,
    }, (res: IncomingMessage) => {
      const answer = { status: res.statusCode ?? 0, retryAfter: headerValue(res.headers['retry-after']) };
      // Only the status matters; reading to the end frees the connection for the next delivery.
      res.on('error', () => resolve(answer));
      res.on('close', () => resolve(answer));
      res.on('end', () => resolve(answer));
      res.resume();
    });
    req.on('error', reject);
    req.end(body);
  });
}

function headerValue(v: string | string[] | undefined): string | null {
  return v === undefined ? null : Array.isArray(v) ? v[0] ?? null : v;
}
