// Where the files a config names may be: its own folder, plus folders the operator adds on the
// command line (`--config-root`, never a key of the config itself). Names are resolved against
// the config's folder; a name that leads outside, lexically or through a symlink, is refused.
import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { SharpeyeError } from '../errors.js';
import { configFileError } from './config-file-error.js';
import { shownName } from './shown-name.js';

/** The folders a config's file names may reach, as given and as real paths (symlinks resolved). */
export interface ConfigFileScope {
  /** Folder relative names are resolved against: the config file's folder. */
  readonly base: string;
  /** Allowed folders, absolute, as given (for the lexical check and for messages). */
  readonly roots: readonly string[];
  /** The same folders with symlinks resolved (for the check on what a name really opens). */
  readonly realRoots: readonly string[];
}

/** What a name must be: an existing file, an existing folder, or a place a file or folder may be created. */
export type ScopedPathKind = 'file' | 'path-to-create';

/** True when `path` is `root` or lies below one of `roots` (all absolute and normalised). */
export function isInsideRoots(path: string, roots: readonly string[]): boolean {
  return roots.some((root) => {
    const rel = relative(root, path);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  });
}

/**
 * The scope of the config file at `configPath`: its folder plus `extraRoots` (operator's choice,
 * e.g. `--config-root /var/lib/sharpeye`). Throws E_CONFIG_INVALID for an extra root that is not
 * an existing folder.
 */
export async function configFileScope(configPath: string, extraRoots: readonly string[] = []): Promise<ConfigFileScope> {
  const base = dirname(resolve(configPath));
  const roots = [base, ...extraRoots.map((r) => resolve(r))];
  const realRoots = await Promise.all(roots.map(async (r, i) => {
    try {
      return await realpath(r);
    } catch (err) {
      const what = i === 0 ? `the folder of ${shownName(configPath)}` : `--config-root ${shownName(r)}`;
      throw new SharpeyeError('E_CONFIG_INVALID', `${what} cannot be used (${(err as NodeJS.ErrnoException).code ?? 'error'})`, { cause: err });
    }
  }));
  return { base, roots, realRoots };
}

/**
 * Resolves `name` (from a config) against the scope's base and checks it stays inside the scope,
 * before and after symlinks. Returns the real path. Throws E_CONFIG_INVALID from configFileError
 * (`details.reason` says why) for an empty name, a NUL, a name outside the scope, a symlink that
 * leads out, or, for 'file', a name that does not exist or is not a regular file (FIFO, device, folder).
 */
export async function resolveInScope(scope: ConfigFileScope, name: string, kind: ScopedPathKind): Promise<string> {
  if (name.length === 0) throw configFileError(name, 'is an empty file name');
  if (name.includes('\0')) throw configFileError(name, 'a file name cannot contain a NUL character');
  const abs = resolve(scope.base, name);
  if (!isInsideRoots(abs, scope.roots) && !isInsideRoots(abs, scope.realRoots)) {
    throw configFileError(name, `is outside the config folder ${shownName(scope.base)}; a config may only name files in its own folder (the operator can allow another with --config-root DIR)`);
  }
  const real = await realPathOf(abs, name, kind);
  if (!isInsideRoots(real, scope.realRoots)) throw configFileError(name, 'leads outside the config folder through a symbolic link');
  if (kind === 'file' && !(await stat(real)).isFile()) throw configFileError(name, 'is not a regular file');
  return real;
}

/** The real path of `abs`; for a path to create, the real path of its nearest existing ancestor plus the rest. */
async function realPathOf(abs: string, name: string, kind: ScopedPathKind): Promise<string> {
  let rest = '';
  let at = abs;
  for (;;) {
    try {
      const real = await realpath(at);
      return rest === '' ? real : join(real, rest);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' || kind === 'file') throw configFileError(name, code === 'ENOENT' ? 'does not exist' : `cannot be used (${code ?? 'error'})`, err);
      if (dirname(at) === at) throw configFileError(name, 'cannot be used (no existing parent folder)', err);
      rest = rest === '' ? basename(at) : join(basename(at), rest);
      at = dirname(at);
    }
  }
}
