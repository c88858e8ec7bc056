// A real HTTP receiver on 127.0.0.1, port 0, for webhook tests: it records every request (raw
// body included) and answers each with the next scripted reply, so a test says "500, then 200".
// Given a secret it checks each request the way a Standard Webhooks receiver does, with its own
// code (not sharpeye's), and answers 401 to one that fails: a reference receiver for the scheme.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, request, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AlertEvent } from '../../core/index.js';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  json: AlertEvent;
  atMs: number;
  /** With a receiver secret: whether id, timestamp and body carried a valid signature within 5 minutes. */
  verified?: boolean;
}

export interface ReceiverOptions {
  /** Verify every request with this secret (whsec_<base64> or a plain string); failures get 401. */
  secret?: string;
}

/** What to do with one request: answer with a status (and headers), or never answer (a hung receiver). */
export type Reply = { status: number; headers?: Record<string, string> } | 'hang';

export interface Receiver {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  /** Resolves once `n` requests have arrived in total. */
  waitFor(n: number): Promise<void>;
  /** Answers every hung request with `status`. */
  release(status?: number): void;
  /** POSTs a recorded request again, with some headers replaced (an attacker's replay); resolves with the status. */
  replay(original: ReceivedRequest, headers: Record<string, string>): Promise<number>;
  close(): Promise<void>;
}

/** `replies[i]` answers request i; requests past the script get `fallback`. */
export async function startReceiver(replies: Reply[] = [], fallback: Reply = { status: 200 }, options: ReceiverOptions = {}): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const hung: ServerResponse[] = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      const scripted = replies[requests.length] ?? fallback;
      const verified = options.secret === undefined ? undefined : verifyStandardWebhook(options.secret, req.headers, rawBody, Date.now());
      const reply: Reply = verified === false ? { status: 401 } : scripted;
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, rawBody, json: JSON.parse(rawBody.toString('utf8')) as AlertEvent, atMs: performance.now(), verified });
      for (const w of waiters.filter((w) => requests.length >= w.n)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(); }
      if (reply === 'hang') return void hung.push(res);
      res.writeHead(reply.status, reply.headers).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    requests,
    waitFor: (n) => (requests.length >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }))),
    release: (status = 200) => { for (const res of hung.splice(0)) if (!res.destroyed) res.writeHead(status).end('ok'); },
    replay: (original, headers) => new Promise((resolve, reject) => {
      const sent = { ...original.headers, ...headers, host: `127.0.0.1:${port}` };
      const req = request({ host: '127.0.0.1', port, path: original.path, method: original.method, headers: sent, agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(original.rawBody);
    }),
    close: () => {
      for (const res of hung.splice(0)) res.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The receiver's check, written from the Standard Webhooks spec: key = base64-decoded rest of a
 * whsec_ secret (else the secret's UTF-8 bytes); expected = base64 HMAC-SHA256 of
 * `<webhook-id>.<webhook-timestamp>.<raw body>`; any `v1,` entry of webhook-signature may match;
 * the timestamp must be within 5 minutes of the receiver's clock.
 */
export function verifyStandardWebhook(secret: string, headers: IncomingHttpHeaders, rawBody: Buffer, nowMs: number): boolean {
  const id = headers['webhook-id'], ts = headers['webhook-timestamp'], sig = headers['webhook-signature'];
  if (typeof id !== 'string' || typeof ts !== 'string' || typeof sig !== 'string' || !/^\d+$/.test(ts)) return false;
  if (Math.abs(nowMs / 1000 - Number(ts)) > 300) return false;
  const key = secret.startsWith('whsec_') ? Buffer.from(secret.slice(6), 'base64') : Buffer.from(secret);
  const expected = createHmac('sha256', key).update(Buffer.concat([Buffer.from(`${id}.${ts}.`), rawBody])).digest();
  return sig.split(' ').some((entry) => {
    const [version, value] = entry.split(',');
    const given = Buffer.from(value ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

let seq = 0;

/** A minimal alert event for rule `ruleId`; each call gets a distinct alert id. */
export function alertEvent(ruleId = 'r1', kind: AlertEvent['kind'] = 'started'): AlertEvent {
  seq++;
  return {
    kind, frameIndex: seq, ptsMs: seq * 200, wallMs: 1_700_000_000_000 + seq,
    alert: {
      id: `${ruleId}:cam-1:${seq * 200}:${seq}`, ruleId, type: 'zone_intrusion', severity: 'warning', camera: 'cam-1',
      startedPtsMs: seq * 200, startedWallMs: 1_700_000_000_000 + seq, objects: [seq], labels: ['person'], zone: 'gate', details: { count: 1 },
    },
  };
}
