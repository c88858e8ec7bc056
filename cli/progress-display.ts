// How a long command shows its progress on stderr: a progress bar with fps and ETA on a terminal
// (cli-progress), or one JSON line every few seconds where stderr is a file or a pipe (logs, CI,
// a supervising process). Data output never goes here: it stays on stdout or --out.
import cliProgress from 'cli-progress';
import { SharpeyeError } from '../core/index.js';
import type { FootageProgress } from '../node/index.js';

export type ProgressMode = 'auto' | 'bar' | 'lines' | 'off';
export const PROGRESS_MODES: readonly ProgressMode[] = ['auto', 'bar', 'lines', 'off'];

export interface ProgressDisplay {
  /** Least time between reports the display wants from the run, ms. */
  readonly intervalMs: number;
  update(p: FootageProgress): void;
  /** Leaves the terminal clean for what follows (the summary, an error line). Idempotent. */
  stop(): void;
}

/** Bar steps: the bar runs on the fraction done, in thousandths, so cli-progress's ETA follows it. */
const STEPS = 1000;

/**
 * `auto`: the bar when stderr is a terminal and the data does not go to that terminal too
 * (`dataOnTerminal`), else lines. `linesEverySeconds`: the period of JSON lines. Throws
 * E_CONFIG_INVALID for an unknown mode.
 */
export function progressDisplay(mode: string, stderr: NodeJS.WritableStream, o: { dataOnTerminal: boolean; linesEverySeconds: number }): ProgressDisplay {
  if (!(PROGRESS_MODES as readonly string[]).includes(mode)) throw new SharpeyeError('E_CONFIG_INVALID', `--progress must be one of ${PROGRESS_MODES.join(', ')}, got '${mode}'`);
  const tty = (stderr as NodeJS.WriteStream).isTTY === true;
  const chosen = mode === 'auto' ? (tty && !o.dataOnTerminal ? 'bar' : 'lines') : mode;
  if (chosen === 'off') return { intervalMs: Infinity, update: () => undefined, stop: () => undefined };
  if (chosen === 'lines') return progressLines(stderr, o.linesEverySeconds * 1000);
  return progressBar(stderr);
}

function progressLines(stderr: NodeJS.WritableStream, intervalMs: number): ProgressDisplay {
  return {
    intervalMs,
    update(p) {
      if (p.done) return; // the summary follows at once
      const r = (v: number | null, digits: number) => (v === null ? null : Number(v.toFixed(digits)));
      stderr.write(JSON.stringify({
        type: 'progress', frames: p.frames, pts: r(p.ptsSeconds, 3), duration: r(p.durationSeconds, 3), fraction: r(p.fraction, 4),
        fps: r(p.fps, 2), speed: r(p.speed, 2), elapsed: r(p.elapsedSeconds, 1), eta: r(p.etaSeconds, 1),
      }) + '\n');
    },
    stop: () => undefined,
  };
}

function progressBar(stderr: NodeJS.WritableStream): ProgressDisplay {
  let bar: cliProgress.SingleBar | undefined;
  let known = false;
  const payload = (p: FootageProgress) => ({
    frames: p.frames, fpsText: p.fps.toFixed(1), position: `${p.ptsSeconds.toFixed(1)}${p.durationSeconds !== null ? `/${p.durationSeconds.toFixed(1)}` : ''} s`,
  });
  return {
    intervalMs: 200,
    update(p) {
      if (!bar) {
        // Until the length is known (live streams: never) there is no bar or ETA, only the counters.
        known = p.fraction !== null;
        bar = new cliProgress.SingleBar({
          stream: stderr, noTTYOutput: true, hideCursor: null, etaBuffer: 50, fps: 5,
          // Before the rate is known cli-progress's ETA is the text 'NULL' or 'INF': shown as '--'.
          formatTime: (t, options, round) => (typeof t === 'number' && Number.isFinite(t) ? cliProgress.Format.TimeFormat(t, options, round) : '--'),
          format: known ? 'analyze |{bar}| {percentage}% | {position} | {frames} frames | {fpsText} fps | ETA {eta_formatted}' : 'analyze {position} | {frames} frames | {fpsText} fps',
        }, cliProgress.Presets.shades_classic);
        bar.start(STEPS, 0, payload(p));
      }
      bar.update(known && p.fraction !== null ? Math.round(p.fraction * STEPS) : 0, payload(p));
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
