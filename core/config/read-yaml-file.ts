// Reads a YAML config file into plain data. Unreadable files and YAML syntax errors become
// E_CONFIG_INVALID naming the file (and the line), before any schema check runs.
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { SharpeyeError } from '../errors.js';

export async function readYamlFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new SharpeyeError('E_CONFIG_INVALID', `config file ${path} cannot be read (${code ?? (err as Error).message}); check the path`, { cause: err, details: { path } });
  }
  return parseYamlText(text, path);
}

export function parseYamlText(text: string, source: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const where = e.linePos ? ` at line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '';
    throw new SharpeyeError('E_CONFIG_INVALID', `${source}: YAML syntax error${where}: ${e.message.split('\n')[0]}`, { details: { source } });
  }
  return doc.toJS();
}
