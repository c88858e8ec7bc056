// Class names for detector and classifier outputs: a named list shipped in models/labels (names
// only, never weights), an inline list from a manifest entry, or a `.names` / `labels.txt` file
// beside a model file; generic `class<N>` names as a last resort.
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SharpeyeError } from '../core/index.js';
import { fileExists } from './model-files.js';
import type { ModelSpec } from './model-spec.js';

const here = dirname(fileURLToPath(import.meta.url));
// From sources the lists sit beside this module; from the compiled dist/models/ (tsc copies no
// .txt files) they are found in the checkout's models/labels.
const LABEL_DIRS = [join(here, 'labels'), join(here, '..', '..', 'models', 'labels')];
const lists = new Map<string, Promise<string[]>>();

/**
 * Labels for a model, index = class id. Without a spec list or a file beside the model, gives
 * `class0..class<classCount-1>`, or `[]` when the class count is not known either.
 */
export async function loadLabels(spec: ModelSpec | undefined, modelPath: string, classCount?: number): Promise<string[]> {
  if (Array.isArray(spec?.labels)) return [...spec.labels];
  if (typeof spec?.labels === 'string') return [...(await namedList(spec.labels))];
  const stem = basename(modelPath).replace(/\.onnx$/i, '');
  for (const candidate of [join(dirname(modelPath), `${stem}.names`), join(dirname(modelPath), 'labels.txt')]) {
    if (await fileExists(candidate)) return [...(await readList(candidate))];
  }
  return Array.from({ length: classCount ?? 0 }, (_, i) => `class${i}`);
}

async function namedList(name: string): Promise<string[]> {
  // A name, not a path: an entry from outside the manifest must not read arbitrary files.
  if (!/^[a-z0-9-]+$/.test(name)) throw new SharpeyeError('E_CONFIG_INVALID', `label list name '${name}' must be lowercase letters, digits and dashes`);
  for (const dir of LABEL_DIRS) {
    const path = join(dir, `${name}.txt`);
    if (await fileExists(path)) return readList(path);
  }
  throw new SharpeyeError('E_CONFIG_INVALID', `label list '${name}' is not in ${LABEL_DIRS[0]}; use one of the shipped lists (coco, imagenet) or an inline list`, { details: { labels: name } });
}

function readList(path: string): Promise<string[]> {
  let list = lists.get(path);
  if (!list) {
    list = readFile(path, 'utf8').then(parseList);
    lists.set(path, list);
  }
  return list;
}

/** One name per line; trailing blank lines dropped, an interior blank keeps its index as `class<i>`. */
export function parseList(text: string): string[] {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((l, i) => l || `class${i}`);
}
