// The package version for `sharpeye --version`: read from package.json, found relative to this
// module both in the sources (cli/) and in the compiled output (dist/cli/). Node built-ins only,
// so `--version` loads nothing else.
import { readFileSync } from 'node:fs';

const CANDIDATES = ['../package.json', '../../package.json'];

/** The `version` of the sharpeye package.json this module belongs to; 'unknown' if none is found. */
export function packageVersion(): string {
  for (const candidate of CANDIDATES) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(candidate, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'sharpeye' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // Not at this level (sources vs dist/): try the next.
    }
  }
  return 'unknown';
}
