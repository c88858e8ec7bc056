// A real HTTP receiver on 127.0.0.1, port 0, for webhook tests: it records every request (raw
// body included) and answers each with the next scripted reply, so a test says "500, then 200".
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AlertEvent } from '../../core/index.js';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  json: AlertEvent;
  atMs: number;
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
  close(): Promise<void>;
}

/** `replies[i]` answers request i; requests past the script get `fallback`. */
export async function startReceiver(replies: Reply[] = [], fallback: Reply = { status: 200 }): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const hung: ServerResponse[] = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      const reply = replies[requests.length] ?? fallback;
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, rawBody, json: JSON.parse(rawBody.toString('utf8')) as AlertEvent, atMs: performance.now() });
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
    close: () => {
      for (const res of hung.splice(0)) res.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
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
