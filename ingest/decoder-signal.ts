// A decoder child that dies from a signal nobody in sharpeye sent (the kernel's OOM killer, an
// operator's `kill`, a supervisor) has not met a fault of its stream: it gets its own code,
// E_INGEST_KILLED, which the camera runtime neither counts towards 'failed' nor treats as a refusal.
import { SharpeyeError } from '../core/index.js';

/**
 * Signals that come from outside (the OOM killer, an operator, a supervisor), as opposed to a
 * crash (SIGSEGV, SIGABRT) that the stream may have caused.
 */
export const EXTERNAL_SIGNALS: readonly NodeJS.Signals[] = ['SIGKILL', 'SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT'];

/** E_INGEST_KILLED for a decoder stopped by a signal sharpeye did not send; undefined otherwise. */
export function killedBySignal(decoder: string, display: string, signal: NodeJS.Signals | string | null | undefined): SharpeyeError | undefined {
  if (!signal || !(EXTERNAL_SIGNALS as readonly string[]).includes(signal)) return undefined;
  const why = signal === 'SIGKILL' ? 'the out-of-memory killer or an operator' : 'an operator or a supervisor';
  return new SharpeyeError('E_INGEST_KILLED',
    `${display}: the ${decoder} process was killed by ${signal} from outside sharpeye (likely ${why}); this is not a fault of the stream, the decoder is restarted`,
    { retryable: true, details: { input: display, signal } });
}

