// Creating a folder and its missing parents without Node's `mkdir(..., { recursive: true })`,
// which spins forever (100% CPU, event loop blocked in the sync form) when a parent exists but
// cannot hold children: a path under /proc, a dangling symlink. Here each missing level is made
// once, from the top down, and the first refusal is thrown.
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Makes `path` (and its missing parents) a folder. Throws the system error of the first level that
 * cannot be made (ENOENT, EACCES, EROFS...), or ENOTDIR when something on the way is not a folder.
 */
export function makeDirsSync(path: string): void {
  const missing: string[] = [];
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    const found = statOrUndefined(dir);
    if (found?.isDirectory()) break;
    if (found) throw Object.assign(new Error(`ENOTDIR: ${dir} is not a folder`), { code: 'ENOTDIR', path: dir });
    if (dirname(dir) === dir) break; // the root itself: mkdir below reports why
    missing.push(dir);
  }
  for (const dir of missing.reverse()) {
    try {
      mkdirSync(dir);
    } catch (err) {
      // Made meanwhile by someone else is fine; a dangling symlink (EEXIST, yet no folder) is not.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (!statOrUndefined(dir)?.isDirectory()) throw Object.assign(new Error(`ENOTDIR: ${dir} is not a folder (a link to nowhere?)`), { code: 'ENOTDIR', path: dir });
    }
  }
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw err;
  }
}
