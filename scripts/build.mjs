// `npm run build`: compiles the sources listed in tsconfig.build.json into dist/ and stamps the
// result with the fingerprint of the sources it was compiled from (bin/build-stamp.mjs), which the
// bin checks before running dist/. The sources are fingerprinted before compiling, so a file edited
// during the build leaves dist/ marked stale. The output is compiled into a fresh folder and swapped
// in whole: a bin started meanwhile finds either the old complete dist/, or none and runs the
// sources, never a half-written one, and files of deleted sources do not linger.
import { spawnSync } from 'node:child_process';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STAMP_FILE, sourceFingerprint } from '../bin/build-stamp.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const staging = join(root, `.dist-build-${process.pid}`);
const old = join(root, `.dist-old-${process.pid}`);

const roots = JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8')).include;
const fingerprint = sourceFingerprint(root, roots);
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

rmSync(staging, { recursive: true, force: true });
const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', staging], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) {
  rmSync(staging, { recursive: true, force: true });
  process.stderr.write(`build: tsc failed (status ${result.status ?? result.signal}); dist/ left as it was\n`);
  process.exit(result.status || 1);
}
writeFileSync(join(staging, STAMP_FILE), JSON.stringify({ roots, ...fingerprint, builtAt: new Date().toISOString() }, null, 2) + '\n');
rmSync(join(dist, STAMP_FILE), { force: true }); // the old dist/ stops counting as current first
try {
  renameSync(dist, old);
} catch (err) {
  if (err.code !== 'ENOENT') throw err;
}
renameSync(staging, dist);
rmSync(old, { recursive: true, force: true });
