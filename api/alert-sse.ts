// Writes a node's alert stream to one HTTP response as Server-Sent Events (WHATWG HTML, "Server-sent
// events"): `id: <seq>` so a client resumes with Last-Event-ID, `event: alert` with the AlertEvent as
// JSON, `event: dropped` with the count when the client fell behind its bounded buffer, and comment
// heartbeats so proxies and clients see a live connection. Backpressure is the socket's: while the
// client does not read, records wait in the port's bounded stream, which drops its oldest.
import type { ServerResponse } from 'node:http';
import type { EventStream } from '../core/index.js';
import type { AlertRecord } from '../node/index.js';
import type { ApiMetrics } from './api-metrics.js';

export interface AlertSseOptions {
  /** Milliseconds between heartbeat comments (skipped while the client is not reading). */
  readonly heartbeatMs: number;
  /** Sent as the SSE `retry:` field: how long a client waits before reconnecting, ms. */
  readonly retryMs: number;
  readonly metrics: ApiMetrics;
  /** Headers already set on the reply (CORS and the like), written with the SSE ones. */
  readonly headers?: Record<string, string | number | string[] | undefined>;
  /** Ends the stream from the server's side (shutdown), also while a write waits for the client. */
  readonly signal?: AbortSignal;
}

// Every client gets the same record object from the bus: its frame is built once, not per client.
const frames = new WeakMap<AlertRecord, string>();

/** One SSE frame for a record: its seq as id, the AlertEvent as JSON (JSON.stringify never emits a raw newline). */
export function alertFrame(record: AlertRecord): string {
  let frame = frames.get(record);
  if (frame === undefined) {
    frame = `id: ${record.seq}\nevent: alert\ndata: ${JSON.stringify(record.event)}\n\n`;
    frames.set(record, frame);
  }
  return frame;
}

/** The frame that tells a client `count` alerts were dropped for it since the last one it got. */
export function droppedFrame(count: number): string {
  return `event: dropped\ndata: ${JSON.stringify({ count })}\n\n`;
}

/**
 * Streams `stream` to `res` until the stream ends (its signal, close(), the node closing) or the
 * client goes away; then ends the response. Resolves when done; never rejects (a write to a gone
 * client is the end of the stream, not an error).
 */
export async function pumpAlertSse(res: ServerResponse, stream: EventStream<AlertRecord>, o: AlertSseOptions): Promise<void> {
  const { metrics } = o;
  metrics.sseClients.inc();
  let reportedDrops = 0;
  const onGone = () => stream.close();
  res.once('close', onGone);
  const heartbeat = setInterval(() => {
    if (!res.writableNeedDrain && !res.writableEnded) res.write(': heartbeat\n\n');
  }, o.heartbeatMs);
  heartbeat.unref();
  try {
    res.writeHead(200, {
      ...o.headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      // nginx buffers proxied responses unless told not to; SSE must not be buffered.
      'x-accel-buffering': 'no',
    });
    res.write(`retry: ${o.retryMs}\n: connected\n\n`);
    for await (const record of stream) {
      if (res.destroyed || o.signal?.aborted) break;
      const drops = stream.dropped - reportedDrops;
      if (drops > 0) {
        reportedDrops += drops;
        metrics.sseEventsDropped.inc(drops);
        res.write(droppedFrame(drops));
      }
      const flowing = res.write(alertFrame(record));
      metrics.sseEventsSent.inc();
      if (!flowing) await drained(res, o.signal);
    }
  } finally {
    clearInterval(heartbeat);
    res.off('close', onGone);
    const unreported = stream.dropped - reportedDrops;
    if (unreported > 0) metrics.sseEventsDropped.inc(unreported);
    stream.close();
    metrics.sseClients.dec();
    if (!res.writableEnded && !res.destroyed) res.end();
  }
}

/** Resolves when `res` can take more, when it is gone, or when `signal` aborts. */
function drained(res: ServerResponse, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
    signal?.addEventListener('abort', done, { once: true });
    if (signal?.aborted) done();
  });
}

/** Waits up to `graceMs` for an ended response to flush; a client that does not read is cut off. */
export async function finishOrDestroy(res: ServerResponse, graceMs: number): Promise<void> {
  if (res.destroyed || res.writableFinished) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => { res.destroy(); resolve(); }, graceMs);
    timer.unref();
    const done = () => { clearTimeout(timer); resolve(); };
    res.once('finish', done);
    res.once('close', done);
  });
}
