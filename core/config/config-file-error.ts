// The error for a file a config names that cannot be used: `<name>: <reason>`, one line, with the
// reason kept apart so a caller can file it under the config path that named the file.
import { SharpeyeError } from '../errors.js';
import { shownName } from './shown-name.js';

/**
 * E_CONFIG_INVALID `<name>: <reason>` for a file that cannot be used; `details.reason` holds the
 * reason alone, so a caller can put it under the config path that named the file.
 */
export function configFileError(name: string, reason: string, cause?: unknown): SharpeyeError {
  return new SharpeyeError('E_CONFIG_INVALID', `${shownName(name)}: ${reason}`, { cause, details: { source: shownName(name), reason } });
}

