// Label lists for detector and classifier outputs: named lists shipped in models/labels (class
// names only, never weights), inline lists from a manifest entry, or a `.names` file beside a
// model file; generic `class<N>` names as a last resort.
import { readFile } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModelSpec } from './model-spec.js';
import { fileExists } from './model-files.js';

const LABEL_DIR = join(dirname(fileURLToPath(import.meta.url)), 'labels');
const cache = new Map<string, string[]>();

async function readList(path: string): Promise<string[]> {
  const known = cache.get(path);
  if (known) return known;
  const list = (await readFile(path, 'utf8')).split('\n').map((l) => l.trim()).filter(Boolean);
  cache.set(path, list);
  return list;
}

/** Labels for a model; `[]` when nothing names them (decoders then use `class<N>`). */
export async function loadLabels(spec: ModelSpec | undefined, modelPath: string): Promise<string[]> {
  if (Array.isArray(spec?.labels)) return spec.labels;
  if (typeof spec?.labels === 'string') return readList(join(LABEL_DIR, `${spec.labels}.txt`));
  const stem = basename(modelPath).replace(/\.onnx$/, '');
  for (const candidate of [join(dirname(modelPath), `${stem}.names`), join(dirname(modelPath), 'labels.txt')]) {
    if (await fileExists(candidate)) return readList(candidate);
  }
  return [];
}
