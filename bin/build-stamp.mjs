// The build stamp: which sources dist/ was compiled from. `npm run build` (scripts/build.mjs)
// writes it into dist/ after a successful compile; bin/sharpeye.mjs compares it with the sources
// in a checkout and runs dist/ only when they are the same, so edited sources never run stale.
// Plain JavaScript (no TypeScript, no dependencies): the bin reads it before anything is compiled.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** File name of the stamp inside the build output folder. */
export const STAMP_FILE = '.build-stamp.json';

/** Files whose content can change the compiled output: TypeScript and the JSON it may import. */
const SOURCE_FILE = /\.(?:[cm]?ts|tsx|json)$/;

/** Top-level files of the checkout that change the output: the compiler settings. */
export const CONFIG_FILES = ['tsconfig.json', 'tsconfig.build.json'];

/**
 * Fingerprint of the sources under `roots` (folders relative to `repoRoot`) plus the compiler
 * settings: a SHA-1 over every source file's relative path, mtime (ms) and size, in sorted order.
 * Any edit, added, removed or renamed file, or a file put back with an older mtime changes it.
 * Costs one readdir per folder and one stat per file (about 200 files today: a few ms).
 */
export function sourceFingerprint(repoRoot, roots) {
  const entries = [];
  for (const root of roots) walk(repoRoot, root, entries);
  for (const file of CONFIG_FILES) entries.push(describe(repoRoot, file));
  entries.sort();
  const hash = createHash('sha1');
  for (const e of entries) hash.update(e + '\n');
  return { files: entries.length, sha1: hash.digest('hex') };
}

function walk(repoRoot, dir, entries) {
  let dirents;
  try {
    dirents = readdirSync(join(repoRoot, dir), { withFileTypes: true });
  } catch {
    entries.push(`${dir}\0missing`);
    return;
  }
  for (const d of dirents) {
    const rel = `${dir}/${d.name}`;
    if (d.isDirectory()) walk(repoRoot, rel, entries);
    else if (SOURCE_FILE.test(d.name)) entries.push(describe(repoRoot, rel));
  }
}

function describe(repoRoot, rel) {
  try {
    const s = statSync(join(repoRoot, rel));
    return `${rel}\0${s.mtimeMs}\0${s.size}`;
  } catch {
    return `${rel}\0missing`;
  }
}

/** The stamp in `distDir`, or undefined when there is none (never built, or a build under way). */
export function readStamp(distDir) {
  try {
    const stamp = JSON.parse(readFileSync(join(distDir, STAMP_FILE), 'utf8'));
    return Array.isArray(stamp.roots) && typeof stamp.sha1 === 'string' ? stamp : undefined;
  } catch {
    return undefined;
  }
}

/** True when dist/ was built from exactly the sources now in the checkout. */
export function isBuildCurrent(repoRoot, distDir) {
  const stamp = readStamp(distDir);
  if (!stamp) return false;
  const now = sourceFingerprint(repoRoot, stamp.roots);
  return now.sha1 === stamp.sha1 && now.files === stamp.files;
}
