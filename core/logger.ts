// Structured logging (pino), one JSON event per line on stderr. Secrets are redacted here, by the
// logger configuration, so call sites never have to remember to.
import { pino, type Logger } from 'pino';

export const REDACT_PATHS = ['password', 'username', '*.password', '*.username', 'credentials', '*.credentials', 'authorization', '*.authorization'];

export function createLogger(options: { level?: string; name?: string } = {}): Logger {
  return pino(
    {
      name: options.name ?? 'sharpeye',
      level: options.level ?? process.env.SHARPEYE_LOG_LEVEL ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    pino.destination(2),
  );
}

export type { Logger };
