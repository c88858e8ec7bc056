// Makes a dynamic-batch copy of a fixture model in a temp dir (via the test venv's `onnx`), so the
// batched inference path is tested on real weights. Fails loudly if the venv is missing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './fixtures.js';

export function makeDynamicBatchModel(source: string, fileName: string): string {
  const python = process.env.SHARPEYE_TEST_PYTHON ?? join(REPO_ROOT, '.venv-test', 'bin', 'python');
  if (!existsSync(python)) throw new Error(`${python} not found: run scripts/setup.sh (it creates the test venv with onnx)`);
  const dir = mkdtempSync(join(tmpdir(), 'sharpeye-dynbatch-'));
  const out = join(dir, fileName);
  execFileSync(python, [join(REPO_ROOT, 'test', 'helpers', 'make_dynamic_batch.py'), source, out]);
  return out;
}
