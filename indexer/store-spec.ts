// Checks the one-line store specs that the CLI and config files name a store with, before anything
// is opened, so a typo or a trick fails with one E_CONFIG_INVALID line instead of creating folders,
// files or collections somewhere unexpected:
//   sqlite:PATH                            a plain file path (relative to the working directory)
//   milvus:[https://]HOST:PORT[/COLLECTION] Milvus over gRPC
import { SharpeyeError } from '../core/index.js';

export interface SqliteTarget { readonly path: string }
export interface MilvusTarget { readonly address: string; readonly collection?: string }

const MAX_PATH_LENGTH = 4096;
const COLLECTION = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;

/** The spec as it may appear in a message: one line, quoted, shortened, without Milvus credentials. */
export function quoteSpec(spec: string): string {
  // Anything before an '@' may be a user and password (milvus:user:pw@host, x://user:pw@host); a
  // SQLite spec is a path, where '@' is just a character.
  const at = spec.lastIndexOf('@');
  const scheme = spec.indexOf('://');
  const start = scheme >= 0 && scheme < at ? scheme + 3 : spec.indexOf(':') + 1;
  const safe = at < 0 || spec.startsWith('sqlite:') ? spec : `${spec.slice(0, start)}***${spec.slice(at)}`;
  return JSON.stringify(safe.length > 200 ? `${safe.slice(0, 200)}...` : safe);
}

function invalid(spec: string, why: string): SharpeyeError {
  return new SharpeyeError('E_CONFIG_INVALID', `store ${quoteSpec(spec)}: ${why}`, { details: { spec: quoteSpec(spec) } });
}

/**
 * The file path of a `sqlite:` spec. Refused: an empty path; SQLite URI filenames (`file:...`) and
 * query strings (`?mode=ro`), which would change how the file is opened (and which a plain open
 * turns into folders named `file:`); `:memory:` and other special names, which hold nothing past the
 * process; paths naming a folder; control characters.
 */
export function parseSqliteTarget(target: string, spec: string): SqliteTarget {
  if (target === '') throw invalid(spec, 'needs a file path after sqlite: (e.g. sqlite:events.db)');
  if (target.length > MAX_PATH_LENGTH) throw invalid(spec, `the path is longer than ${MAX_PATH_LENGTH} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(target)) throw invalid(spec, 'the path contains a control character');
  if (/^file:/i.test(target)) throw invalid(spec, 'SQLite URI filenames (file:...) are not accepted; give a plain file path');
  if (target.includes('?')) throw invalid(spec, "the path contains '?'; query strings such as ?mode=ro are not accepted, give a plain file path");
  if (target.startsWith(':')) throw invalid(spec, `'${target}' is a special SQLite name, not a file: a stored event store needs a file path`);
  if (/(^|\/)\.{0,2}$/.test(target)) throw invalid(spec, 'the path names a folder; name the database file in it (e.g. events.db)');
  return { path: target };
}

/** Address and collection of a `milvus:` spec; credentials in it are refused (they would show in process lists). */
export function parseMilvusTarget(target: string, spec: string): MilvusTarget {
  const example = 'must be HOST:PORT or HOST:PORT/COLLECTION (https://HOST:PORT for TLS), e.g. milvus:127.0.0.1:19530/city_events';
  if (target.includes('@')) {
    throw invalid(spec, 'credentials do not belong in the store spec (process lists show it); set SHARPEYE_MILVUS_TOKEN or SHARPEYE_MILVUS_USER and SHARPEYE_MILVUS_PASSWORD');
  }
  const m = /^(https?:\/\/)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9][A-Za-z0-9.-]*):(\d{1,5})(?:\/([^/]*))?$/.exec(target);
  if (!m) throw invalid(spec, example);
  const [, scheme = '', host, port, collection] = m;
  const n = Number(port);
  if (n < 1 || n > 65535) throw invalid(spec, `port ${port} is outside 1-65535`);
  try {
    new URL(`http://${host}:${n}`);
  } catch {
    throw invalid(spec, `'${host}' is not a valid host name or address`);
  }
  if (collection !== undefined && !COLLECTION.test(collection)) {
    throw invalid(spec, 'the collection name must be letters, digits and underscores (up to 255), not starting with a digit');
  }
  return { address: `${scheme}${host}:${n}`, ...(collection !== undefined ? { collection } : {}) };
}
