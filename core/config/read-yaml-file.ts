// Reads a YAML config file into plain data, as data only: bounded size, bounded nesting, bounded
// aliases ("billion laughs"), no duplicate keys, no prototype keys. Every failure is one
// E_CONFIG_INVALID line naming the file (and the line), and never quotes the file's text.
import { CST, Lexer, parseDocument } from 'yaml';
import { SharpeyeError } from '../errors.js';
import { configFileError } from './config-file-error.js';
import { forbiddenKeyProblems, MAX_CONFIG_DEPTH } from './forbidden-keys.js';
import { CONFIG_FILE_MAX_BYTES, readConfigText, type ReadConfigTextOptions } from './read-config-text.js';
import { shownName } from './shown-name.js';
import { configError } from './validate-config.js';

/** Most alias expansions a document may make (the yaml package's own default, set explicitly). */
export const YAML_MAX_ALIAS_COUNT = 100;

/** Reads and parses the YAML file at `path` (see readConfigText for the file checks). */
export async function readYamlFile(path: string, o: ReadConfigTextOptions = {}): Promise<unknown> {
  return parseYamlText(await readConfigText(path, o), path, o.maxBytes);
}

/**
 * Parses YAML `text` from `source` (a file name, 'API') into plain data. Throws E_CONFIG_INVALID
 * for text over `maxChars`, nesting deeper than MAX_CONFIG_DEPTH, syntax errors, duplicate keys,
 * several documents, too many alias expansions, and the keys `__proto__`, `constructor`,
 * `prototype` at any depth. An empty document is `null`.
 */
export function parseYamlText(text: string, source: string, maxChars = CONFIG_FILE_MAX_BYTES): unknown {
  if (text.length > maxChars) throw configFileError(source, `is larger than ${maxChars} characters`);
  // The composer recurses per level: a hostile depth must be refused before it runs.
  const depth = nestingBound(text, MAX_CONFIG_DEPTH);
  if (depth > MAX_CONFIG_DEPTH) throw configFileError(source, `is nested deeper than ${MAX_CONFIG_DEPTH} levels`);
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, merge: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const pos = e.linePos?.[0] ?? lineOf(text, e.pos[0]);
    throw configFileError(source, `YAML syntax error at line ${pos.line}, column ${pos.col}: ${yamlProblem(e.code)}`, e);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: YAML_MAX_ALIAS_COUNT });
  } catch (err) {
    // The yaml package throws a ReferenceError for an alias bomb; anything else is a bad document too.
    const message = (err as Error).message;
    const reason = /excessive alias count/i.test(message) ? `expands aliases more than ${YAML_MAX_ALIAS_COUNT} times (a YAML alias bomb?)`
      : /unresolved alias/i.test(message) ? `YAML error: ${yamlProblem('BAD_ALIAS')}` : 'is not a valid YAML document';
    throw configFileError(source, reason, err);
  }
  const unsafe = forbiddenKeyProblems(value);
  if (unsafe.length > 0) throw configError(shownName(source), unsafe);
  return value;
}

/**
 * An upper bound on the nesting of `text`, from the lexer alone (fast, stops past `limit`): open
 * flow brackets, plus the open block indentation levels, plus the `-`, `?` and `:` indicators on
 * the current line (compact nesting like `- - - x`).
 */
function nestingBound(text: string, limit: number): number {
  let flow = 0, onLine = 0, max = 0, lineStart = true;
  const indents: number[] = [];
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    if (type === 'newline') { lineStart = true; onLine = 0; continue; }
    if (lineStart) {
      const indent = type === 'space' ? token.length : 0;
      while (indents.length > 0 && indents[indents.length - 1] >= indent) indents.pop();
      indents.push(indent);
      lineStart = false;
      if (type === 'space') continue;
    }
    if (type === 'flow-seq-start' || type === 'flow-map-start') flow++;
    else if (type === 'flow-seq-end' || type === 'flow-map-end') flow = Math.max(0, flow - 1);
    else if (type === 'seq-item-ind' || type === 'explicit-key-ind' || type === 'map-value-ind') onLine++;
    max = Math.max(max, flow + indents.length + onLine);
    if (max > limit) break;
  }
  return max;
}

function lineOf(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, Math.max(0, offset));
  const line = before.split('\n').length;
  return { line, col: offset - before.lastIndexOf('\n') };
}

/** The yaml package's error codes in words; its own messages may quote the text, so they are not used. */
function yamlProblem(code: string): string {
  const words: Record<string, string> = {
    DUPLICATE_KEY: 'map keys must be unique (a key is given twice)',
    MULTIPLE_DOCS: 'the file holds several YAML documents; give one',
    BAD_ALIAS: 'an alias refers to an anchor that is not defined before it',
    BAD_INDENT: 'bad indentation',
    TAB_AS_INDENT: 'a tab is used for indentation; use spaces',
    MULTILINE_IMPLICIT_KEY: 'a key spans several lines (a missing quote or colon?)',
    BLOCK_AS_IMPLICIT_KEY: 'a nested block is used as a key',
    KEY_OVER_1024_CHARS: 'a key is longer than 1024 characters',
    MISSING_CHAR: 'a closing quote or bracket is missing',
    UNEXPECTED_TOKEN: 'unexpected text',
    BAD_SCALAR_START: 'a value starts with a reserved character (quote it)',
    BAD_DQ_ESCAPE: 'an invalid escape sequence in a double-quoted string',
    BLOCK_IN_FLOW: 'a block value inside [ ] or { }',
    MULTIPLE_ANCHORS: 'a node has several anchors',
    MULTIPLE_TAGS: 'a node has several tags',
    TAG_RESOLVE_FAILED: 'a tagged value cannot be read as its tag says',
    RESOURCE_EXHAUSTION: 'the document is too large or too deeply nested',
  };
  return words[code] ?? `invalid YAML (${code.toLowerCase().replace(/_/g, ' ')})`;
}
