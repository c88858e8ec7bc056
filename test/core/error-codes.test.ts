// The error catalogue: codes are unique, well-formed, documented in the README, and every code
// used in the sources exists in the catalogue.
import t from 'tap';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODES, SharpeyeError, isSharpeyeError, toSharpeyeError } from '../../core/index.js';
import { REPO_ROOT } from '../helpers/fixtures.js';

const codes = Object.keys(ERROR_CODES);

t.test('codes are well-formed and described', async (t) => {
  t.equal(new Set(codes).size, codes.length);
  for (const code of codes) {
    t.match(code, /^E_[A-Z]+(_[A-Z]+)*$/, `${code} is E_<AREA>[_<WHAT>]`);
    t.ok(ERROR_CODES[code as keyof typeof ERROR_CODES].description.length > 10, `${code} has a description`);
  }
});

t.test('every code is documented in the README error table', async (t) => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  for (const code of codes) t.match(readme, new RegExp(`\\| \`${code}\` \\|`), `${code} in README`);
});

t.test('every code the sources use is in the catalogue', async (t) => {
  const used = new Set<string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts')) for (const m of readFileSync(p, 'utf8').matchAll(/'(E_[A-Z_]+)'/g)) used.add(m[1]);
    }
  };
  for (const dir of ['core', 'ingest', 'inference', 'models', 'worker', 'cli']) walk(join(REPO_ROOT, dir));
  for (const code of used) t.ok(codes.includes(code), `${code} is catalogued`);
});

t.test('SharpeyeError carries code, retryable default and cause', async (t) => {
  const cause = new Error('socket closed');
  const e = new SharpeyeError('E_INGEST_UNREACHABLE', 'camera gate-1 unreachable', { cause });
  t.equal(e.retryable, true);
  t.equal(e.cause, cause);
  t.ok(isSharpeyeError(e, 'E_INGEST_UNREACHABLE'));
  t.notOk(isSharpeyeError(e, 'E_MODEL_SHAPE'));
  t.same(e.toJSON(), { code: 'E_INGEST_UNREACHABLE', message: 'camera gate-1 unreachable', retryable: true, details: {} });
  t.equal(toSharpeyeError(new Error('x')).code, 'E_INTERNAL');
  t.equal(toSharpeyeError(e), e);
});
