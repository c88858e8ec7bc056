// A Server-Sent Events client for tests and benchmarks: one real HTTP connection (node:http),
// frames parsed by eventsource-parser, every event, comment and the response end recorded, with
// pause/resume to play a client that stops reading.
import { request, type IncomingMessage } from 'node:http';
import { createParser, type EventSourceMessage } from 'eventsource-parser';

export interface SseClient {
  readonly status: number;
  readonly headers: IncomingMessage['headers'];
  readonly events: EventSourceMessage[];
  readonly comments: string[];
  /** Wall-clock ms (performance.now()) each event arrived, same order as `events`. */
  readonly arrivedAt: number[];
  /** Resolves when the server ends the response or the connection closes. */
  readonly ended: Promise<void>;
  /** Resolves once `predicate` holds (checked on each frame); rejects after `timeoutMs`. */
  waitFor(predicate: (c: SseClient) => boolean, timeoutMs?: number, what?: string): Promise<void>;
  pause(): void;
  resume(): void;
  /** Goes away: destroys the connection. */
  close(): void;
}

/** Opens `url` (GET, Accept: text/event-stream) and resolves with the client once headers arrive; a non-200 answer's body is in `events[0].data`. */
export function openSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { accept: 'text/event-stream', ...headers } });
    req.on('error', reject);
    req.on('response', (res) => {
      const events: EventSourceMessage[] = [];
      const comments: string[] = [];
      const arrivedAt: number[] = [];
      const checks = new Set<() => void>();
      const parser = createParser({
        onEvent: (e) => { events.push(e); arrivedAt.push(performance.now()); },
        onComment: (c) => comments.push(c),
      });
      let endedFlag = false;
      const ended = new Promise<void>((done) => {
        const finish = () => { endedFlag = true; done(); for (const check of [...checks]) check(); };
        res.on('end', finish);
        res.on('close', finish);
        res.on('error', finish);
      });
      res.setEncoding('utf8');
      if (res.statusCode !== 200) {
        let body = '';
        res.on('data', (d: string) => { body += d; });
        res.on('end', () => events.push({ event: 'error', data: body, id: undefined }));
      } else {
        res.on('data', (chunk: string) => { parser.feed(chunk); for (const check of [...checks]) check(); });
      }
      const client: SseClient = {
        status: res.statusCode ?? 0, headers: res.headers, events, comments, arrivedAt, ended,
        waitFor(predicate, timeoutMs = 10_000, what = 'condition') {
          return new Promise<void>((ok, fail) => {
            const check = () => {
              if (predicate(client)) { cleanup(); ok(); } else if (endedFlag) { cleanup(); fail(new Error(`SSE stream ended before ${what}: ${events.length} events`)); }
            };
            const timer = setTimeout(() => { cleanup(); fail(new Error(`timed out waiting for ${what}: ${events.length} events, ${comments.length} comments`)); }, timeoutMs);
            const cleanup = () => { clearTimeout(timer); checks.delete(check); };
            checks.add(check);
            check();
          });
        },
        pause: () => res.pause(),
        resume: () => res.resume(),
        close: () => { req.destroy(); res.destroy(); },
      };
      resolve(client);
    });
    req.end();
  });
}

/** The seqs (SSE ids) of the client's alert events, in order. */
export const alertIds = (c: SseClient): number[] => c.events.filter((e) => e.event === 'alert').map((e) => Number(e.id));

/** Polls `check` every 10 ms until it holds; rejects after `timeoutMs` naming `what`. */
export async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
