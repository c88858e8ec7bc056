// SSE fan-out: one API server (the live routes over the test ports harness: core EventBus and an
// in-memory alert log) streaming alerts to C clients on real HTTP connections, the clients in a
// separate process so they do not share the server's event loop. N alerts are published at a fixed
// rate; each carries its publish time (performance.timeOrigin + now(), an epoch clock shared by the
// two processes), and each client records when each alert arrived. Reports delivery latency
// p50/p99/max over every (client, alert), checks every client got every alert in order, and takes
// the median over several runs. Prints a table and writes JSON to benchmarks/results/. Usage:
//   node --import tsx benchmarks/api/sse-fanout.ts [--clients 100] [--alerts 200] [--rate 20] [--runs 5]
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { openLivePorts } from '../../test/helpers/api-live-ports.js';
import { makeAlertEvent } from '../../test/helpers/api-alerts.js';
import { startLiveApp } from '../../test/helpers/api-live-app.js';
import { alertIds, openSse, type SseClient } from '../../test/helpers/sse-client.js';
import { machineInfo, median } from '../machine-info.js';

const { values } = parseArgs({ options: {
  clients: { type: 'string', default: '100' },
  alerts: { type: 'string', default: '200' },
  rate: { type: 'string', default: '20' },
  runs: { type: 'string', default: '5' },
  'client-of': { type: 'string' },
} });
const clients = Number(values.clients), alerts = Number(values.alerts), rate = Number(values.rate), runs = Number(values.runs);
const epochNow = () => performance.timeOrigin + performance.now();

interface RunResult { p50Ms: number; p99Ms: number; maxMs: number; complete: boolean; inOrder: boolean; delivered: number; expected: number; publishSeconds: number }

if (values['client-of']) await clientProcess(values['client-of']);
else await main();

/** The client side: C connections; prints `ready`, then one JSON line of latencies once all got N alerts. */
async function clientProcess(url: string): Promise<void> {
  const conns: SseClient[] = [];
  for (let i = 0; i < clients; i++) conns.push(await openSse(`${url}/api/alerts/stream`));
  process.stdout.write('ready\n');
  await Promise.all(conns.map((c) => c.waitFor((c) => alertIds(c).length >= alerts, 120_000, `${alerts} alerts`)));
  const latencies: number[] = [];
  let inOrder = true;
  let delivered = 0;
  for (const c of conns) {
    const ids = alertIds(c);
    delivered += ids.length;
    if (ids.some((id, i) => i > 0 && id !== ids[i - 1] + 1)) inOrder = false;
    c.events.forEach((e, i) => {
      if (e.event !== 'alert') return;
      const sentAt = Number(JSON.parse(e.data).alert.details.sentAtMs);
      latencies.push(performance.timeOrigin + c.arrivedAt[i] - sentAt);
    });
    c.close();
  }
  process.stdout.write(JSON.stringify({ latencies, inOrder, delivered }) + '\n');
}

async function oneRun(): Promise<RunResult> {
  const lp = await openLivePorts({ events: 40 });
  const app = await startLiveApp(lp.ports, { alerts: { streamCapacity: 256 } });
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, '--client-of', app.url, '--clients', String(clients), '--alerts', String(alerts)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    if ((await lines.next()).value !== 'ready') throw new Error('client process did not start');
    const gapMs = 1000 / rate;
    const start = performance.now();
    for (let i = 0; i < alerts; i++) {
      lp.alerts.publish(makeAlertEvent({ details: { sentAtMs: epochNow() } }));
      const due = start + (i + 1) * gapMs;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
    }
    const publishSeconds = (performance.now() - start) / 1000;
    const { value } = await lines.next();
    const r = JSON.parse(value as string) as { latencies: number[]; inOrder: boolean; delivered: number };
    const sorted = r.latencies.sort((a, b) => a - b);
    const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    return {
      p50Ms: q(0.5), p99Ms: q(0.99), maxMs: sorted.at(-1)!, complete: r.delivered === clients * alerts, inOrder: r.inOrder,
      delivered: r.delivered, expected: clients * alerts, publishSeconds,
    };
  } finally {
    await app.close();
    await lp.close();
  }
}

async function main(): Promise<void> {
  const results: RunResult[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await oneRun();
    results.push(r);
    console.log(`run ${i + 1}: p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms, max ${r.maxMs.toFixed(1)} ms, ${r.delivered}/${r.expected} delivered${r.inOrder ? ', in order' : ', OUT OF ORDER'}`);
  }
  const summary = {
    clients, alerts, ratePerSecond: rate, runs,
    p50Ms: median(results.map((r) => r.p50Ms)), p99Ms: median(results.map((r) => r.p99Ms)), maxMs: median(results.map((r) => r.maxMs)),
    everyClientGotEveryAlert: results.every((r) => r.complete && r.inOrder),
  };
  console.log('\n| clients | alerts | rate /s | runs | p50 ms | p99 ms | max ms | all delivered in order |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|:---|');
  console.log(`| ${clients} | ${alerts} | ${rate} | ${runs} | ${summary.p50Ms.toFixed(2)} | ${summary.p99Ms.toFixed(2)} | ${summary.maxMs.toFixed(1)} | ${summary.everyClientGotEveryAlert ? 'yes' : 'NO'} |`);
  const dir = resolve(import.meta.dirname, '..', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `sse-fanout-${clients}x${alerts}-${rate}per-s.json`);
  // Load average: the figures depend on what else the machine runs (shared CI or dev boxes).
  writeFileSync(file, JSON.stringify({ machine: machineInfo(), loadAverage1m: loadavg()[0], summary, runs: results }, null, 2));
  console.log(`\nwrote ${file}`);
  if (!summary.everyClientGotEveryAlert) process.exitCode = 1;
}
