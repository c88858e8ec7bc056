// Fail fast, never hang. The CLI process ends when its command is done, whatever is left behind:
// an error that escapes every handler (an unhandled rejection, an uncaught exception, an 'error'
// event nobody listens to, such as EPIPE on a closed stdout) becomes one line on stderr and exit
// status 1 after long-running commands had `graceMs` to shut down in order; and a handle left open
// after the command returned (a timer, a socket, a worker thread) cannot keep the process alive
// past `graceMs`: it is named on stderr and the process exits with the command's status.
import { SharpeyeError, toSharpeyeError } from '../core/index.js';

export interface ExitGuardOptions {
  /** `sharpeye <command>` prefix of the lines written. */
  prefix: string;
  stderr: NodeJS.WritableStream;
  /** How long shutdown may take after a fatal error or after the command returned. @defaultValue 10000 */
  graceMs?: number;
  /** Ends the process; tests of the guard itself pass their own. @defaultValue process.exit */
  exit?: (code: number) => void;
}

export interface ExitGuard {
  /** Aborted on the first escaped error; long-running commands stop on it (serve shuts down in order). */
  readonly signal: AbortSignal;
  /** The first escaped error, if any. */
  readonly fatal: SharpeyeError | undefined;
  /** The command returned `code`: set the exit status (1 if an error escaped) and arm the watchdog. */
  finish(code: number): void;
}

/** Exit status when an unexpected error escaped or start-up failed on something other than the config. */
export const EXIT_FAILURE = 1;

/** Installs process-wide handlers; call once, before the command runs. */
export function installExitGuard(o: ExitGuardOptions): ExitGuard {
  const graceMs = o.graceMs ?? 10_000;
  const exit = o.exit ?? ((code: number) => process.exit(code));
  const controller = new AbortController();
  let fatal: SharpeyeError | undefined;

  const onFatal = (err: unknown) => {
    if (fatal) return; // the first one says what went wrong; later ones are its consequences
    fatal = (err as NodeJS.ErrnoException)?.code === 'EPIPE'
      ? new SharpeyeError('E_INTERNAL', `output closed by its reader (${(err as Error).message}); stopping`, { cause: err })
      : toSharpeyeError(err, 'E_INTERNAL');
    o.stderr.write(`${o.prefix}: ${fatal.code}: ${oneLine(fatal.message)}\n`);
    process.exitCode = EXIT_FAILURE;
    controller.abort(fatal);
    setTimeout(() => exit(EXIT_FAILURE), graceMs).unref();
  };
  process.on('unhandledRejection', onFatal);
  process.on('uncaughtException', onFatal);

  return {
    signal: controller.signal,
    get fatal() { return fatal; },
    finish(code) {
      process.exitCode = fatal ? EXIT_FAILURE : code;
      // Unref'd: it fires only if something else still keeps the event loop alive.
      setTimeout(() => {
        const open = [...new Set(process.getActiveResourcesInfo())].filter((r) => r !== 'TTYWrap').join(', ');
        o.stderr.write(`${o.prefix}: E_INTERNAL: still running ${graceMs} ms after finishing (open: ${open || 'none'}); exiting\n`);
        exit(Number(process.exitCode ?? code));
      }, graceMs).unref();
    },
  };
}

/** Any text as one line: line breaks and other control characters shown escaped. */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? ' ' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}
