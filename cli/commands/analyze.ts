// `sharpeye analyze <video-or-url>`: a shell over a footage run (node/footage-run.ts). It parses
// the flags, opens --out and the store, writes each output line as JSON, shows progress on stderr
// and prints the summary; the run itself decodes, detects, tracks and indexes.
import { createWriteStream, openSync } from 'node:fs';
import { once } from 'node:events';
import { SharpeyeError } from '../../core/index.js';
import { openIndexing, runFootage, type FootageRunResult } from '../../node/index.js';
import { ANALYZE_HELP, parseAnalyzeArgs } from '../analyze-options.js';
import type { CliCommand } from '../cli-io.js';
import { progressDisplay } from '../progress-display.js';
import { indexingFromFlags } from '../store-options.js';

export const analyzeCommand: CliCommand = async (argv, io) => {
  const args = await parseAnalyzeArgs(argv);
  if (args.help) { io.stdout.write(ANALYZE_HELP); return 0; }
  const dataOnTerminal = !args.out && (io.stdout as NodeJS.WriteStream).isTTY === true;
  const display = progressDisplay(args.progress, io.stderr, { dataOnTerminal, linesEverySeconds: args.progressEverySeconds });
  const out = args.out ? openOutput(args.out) : io.stdout;
  const write = async (obj: object) => { if (!out.write(JSON.stringify(obj) + '\n')) await once(out, 'drain'); };
  // A signal ends the run like the input's end: what is in flight is still written.
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => stop.abort(signal);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let indexing: Awaited<ReturnType<typeof openIndexing>> | undefined;
  try {
    indexing = args.store ? await openIndexing(indexingFromFlags(args.values, args.store)) : undefined;
    const result = await runFootage(
      { ...args.run, ...(indexing ? { indexer: indexing.indexer } : {}), signal: io.signal ? AbortSignal.any([stop.signal, io.signal]) : stop.signal, progressIntervalMs: display.intervalMs },
      { line: write, progress: (p) => display.update(p) },
    );
    display.stop();
    io.stderr.write(summaryText(result));
    if (indexing) {
      await indexing.store.flush();
      const s = indexing.indexer.stats;
      io.stderr.write(`  stored ${s.indexed} object records (${s.embedded} with an appearance embedding, ${s.snapshots} snapshots) in ${args.store}\n`);
    }
    if (args.summary === 'json') {
      if (out === io.stdout) await write(result.summary);
      else io.stdout.write(JSON.stringify(result.summary) + '\n');
    }
    return 0;
  } finally {
    display.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await indexing?.close();
    if (out !== io.stdout) await new Promise<void>((resolve) => (out as NodeJS.WritableStream).end(resolve));
  }
};

/** Opens --out up front so an unwritable path fails before any decoding, with a clear message. */
function openOutput(path: string): NodeJS.WritableStream {
  try {
    return createWriteStream('', { fd: openSync(path, 'w') });
  } catch (err) {
    throw new SharpeyeError('E_CONFIG_INVALID', `cannot write --out ${path}: ${(err as Error).message}`, { cause: err });
  }
}

function summaryText(r: FootageRunResult): string {
  const s = r.stats;
  const seconds = (s.endedAtMs - s.startedAtMs) / 1000;
  const perFrame = (ms: number) => (s.frames > 0 ? (ms / s.frames).toFixed(1) : '0');
  const classes = Object.entries(s.perClass).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}=${v}`).join(' ') || 'none';
  return [
    `analyzed ${r.source} with ${r.model}${r.stoppedBy ? ` (stopped by ${r.stoppedBy})` : ''}`,
    `  frames ${s.frames}, inferences ${s.inferences}, ${seconds.toFixed(2)} s, ${(s.frames / Math.max(seconds, 1e-9)).toFixed(2)} frames/s`,
    `  per frame: decode wait ${perFrame(s.decodeWaitMs)} ms, preprocess ${perFrame(s.preprocessMs)} ms, inference ${perFrame(s.inferenceMs)} ms`,
    `  detections: ${classes}`,
    '',
  ].join('\n');
}
