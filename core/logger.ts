// Operational logging (pino): one event per line on stderr, JSON by default, human-readable
// (pino-pretty) on a terminal or with SHARPEYE_LOG_FORMAT=pretty. Secrets are removed here, by the
// logger configuration, so no call site has to remember to: values under secret-named keys at any
// depth become '[redacted]', and credentials in every string written (fields, the message, error
// messages and stacks, URL objects) are masked with redactUrl. Data output (frames, objects) never
// goes through this logger: it belongs on stdout or the API.
import { createRequire } from 'node:module';
import { pino, stdSerializers, type DestinationStream, type Logger } from 'pino';
import { SharpeyeError } from './errors.js';
import { redactUrl } from './redact-url.js';

/** Pino redact paths (fast, fixed depth): secret-named keys at the top level and one level down, and HTTP headers. */
export const REDACT_PATHS = [
  ...['password', 'passwd', 'passphrase', 'username', 'token', 'accessToken', 'access_token', 'refreshToken', 'apiKey', 'api_key', 'secret',
    'clientSecret', 'credentials', 'authorization', 'cookie'].flatMap((key) => [key, `*.${key}`]),
  'req.headers.authorization', 'req.headers.cookie', 'req.headers["proxy-authorization"]', 'res.headers["set-cookie"]',
  'headers["proxy-authorization"]', 'headers["set-cookie"]',
];

/** The same keys at any depth (matched case-insensitively, `-`/`_` ignored) for the deep scrub pino's paths cannot express. */
const SECRET_KEY = /^(?:password|passwd|pwd|passphrase|username|token|accesstoken|refreshtoken|apikey|secret|clientsecret|credentials|authorization|proxyauthorization|cookie|setcookie)$/;
const CENSOR = '[redacted]';
/** Deeper values are cut: log records are small, and a cycle or a huge object must not stall a log call. */
const MAX_DEPTH = 8;

export type LogFormat = 'json' | 'pretty';

export interface LoggerOptions {
  /** Minimum level: fatal, error, warn, info, debug, trace or silent. @defaultValue $SHARPEYE_LOG_LEVEL or 'info' */
  level?: string;
  /** `name` field of every line. @defaultValue 'sharpeye' */
  name?: string;
  /** Where lines go: a file descriptor or a stream with `write(line)`. @defaultValue 2 (stderr) */
  destination?: number | DestinationStream;
  /** Pretty lines instead of JSON. @defaultValue true when $SHARPEYE_LOG_FORMAT is 'pretty', or unset and the destination is a terminal */
  pretty?: boolean;
  /** Environment read for the defaults. @defaultValue process.env */
  env?: NodeJS.ProcessEnv;
}

/**
 * A pino logger with sharpeye's conventions: a camera's events carry `camera` (its id), failures
 * `err` (serialized, with its `code` lifted to a top-level `code` field), e.g.
 * `log.warn({ camera: 'gate-1', err }, 'stream lost; reconnecting')`. Child loggers
 * (`log.child({ camera })`) are scrubbed the same way.
 * @throws SharpeyeError E_CONFIG_INVALID for an unknown level or $SHARPEYE_LOG_FORMAT.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const env = options.env ?? process.env;
  const level = options.level ?? (env.SHARPEYE_LOG_LEVEL || 'info');
  if (!Object.hasOwn(pino.levels.values, level) && level !== 'silent') {
    throw new SharpeyeError('E_CONFIG_INVALID', `unknown log level '${level}'; use one of ${Object.keys(pino.levels.values).join(', ')} or silent`);
  }
  const destination = options.destination ?? 2;
  const pretty = options.pretty ?? prettyByDefault(env.SHARPEYE_LOG_FORMAT, destination);
  const logger = pino(
    {
      name: options.name ?? 'sharpeye',
      level,
      redact: { paths: REDACT_PATHS, censor: CENSOR },
      serializers: { err: (e: unknown) => (e instanceof Error ? scrub(e, 0, new WeakSet()) : e) },
      formatters: { log: scrubRecord, bindings: scrubRecord },
      hooks: { logMethod(args, method) { method.apply(this, scrubArgs(args) as Parameters<typeof method>); } },
    },
    pretty ? prettyStream(destination) : typeof destination === 'number' ? pino.destination({ dest: destination, sync: true }) : destination,
  );
  // pino applies no formatter to child bindings: scrub them here. Children inherit this method.
  const child = logger.child;
  logger.child = function scrubbedChild(this: Logger, bindings, childOptions) {
    return child.call(this, scrubRecord(bindings), childOptions);
  } as Logger['child'];
  return logger;
}

function prettyByDefault(format: string | undefined, destination: number | DestinationStream): boolean {
  if (format === 'pretty') return true;
  if (format === 'json') return false;
  if (format !== undefined && format !== '') {
    throw new SharpeyeError('E_CONFIG_INVALID', `SHARPEYE_LOG_FORMAT must be 'json' or 'pretty', got '${redactUrl(format)}'`);
  }
  return destination === 2 && process.stderr.isTTY === true;
}

/** pino-pretty in this thread (no transport worker to outlive the process), loaded only when asked for. */
function prettyStream(destination: number | DestinationStream): DestinationStream {
  const pinoPretty = createRequire(import.meta.url)('pino-pretty') as (o: object) => DestinationStream;
  const colorize = destination === 2 ? process.stderr.isTTY === true : destination === 1 ? process.stdout.isTTY === true : false;
  return pinoPretty({ destination, sync: true, colorize, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
}

/** Log call arguments with strings masked; `log.error(err)` becomes `log.error({ err }, err.message)` so its message is masked too. */
function scrubArgs(args: unknown[]): unknown[] {
  const [first, ...rest] = args;
  const spelled = first instanceof Error ? [{ err: first }, ...(rest.length > 0 ? rest : [first.message])] : args;
  return spelled.map((a) => (typeof a === 'string' ? redactUrl(a) : a));
}

function scrubRecord(record: Record<string, unknown>): Record<string, unknown> {
  const out = scrub(record, 0, new WeakSet()) as Record<string, unknown>;
  const code = (out.err as { code?: unknown } | undefined)?.code;
  if (out.code === undefined && typeof code === 'string') out.code = code;
  return out;
}

/** A copy of `value` with secret-named keys censored and URL credentials masked in every string; never mutates. */
function scrub(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactUrl(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof URL) return redactUrl(value.href);
  // pino's serialized error has its own prototype: copied to a plain object so it is scrubbed too.
  if (value instanceof Error) return scrub({ ...stdSerializers.err(value) }, depth, seen);
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1, seen));
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return value; // Date, Buffer, typed arrays: their own JSON
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      out[key] = v !== undefined && v !== null && SECRET_KEY.test(key.toLowerCase().replace(/[-_]/g, '')) ? CENSOR : scrub(v, depth + 1, seen);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

export type { Logger };
