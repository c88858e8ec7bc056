// Prints the configuration reference (Markdown) generated from the node config schema: one row per
// key path with its type, default, bounds and description. README "Configuration reference" holds
// this text between the config-reference markers; test/scripts/config-reference.test.ts checks it
// is current. Usage: node --import tsx scripts/config-reference.ts > section.md
import { fileURLToPath } from 'node:url';
import { nodeConfigJsonSchema } from '../node/index.js';

type Json = Record<string, unknown>;

/** Keys whose contents are documented elsewhere: their row links there instead of listing them. */
const DOCUMENTED_ELSEWHERE: Record<string, string> = {
  'cameras[].rules': 'README "Rules"',
};

export const CONFIG_REFERENCE_START = '<!-- config-reference:start -->';
export const CONFIG_REFERENCE_END = '<!-- config-reference:end -->';

/** The reference as Markdown (no markers): a short preamble and one table. */
export function configReference(): string {
  const rows: string[][] = [];
  walk(nodeConfigJsonSchema(), '', rows);
  return [
    'Generated from the config schema (`node --import tsx scripts/config-reference.ts`; `sharpeye config schema` prints the same model as JSON Schema).',
    'Keys with a default may be left out. `cameras[]` means each entry of the `cameras` list. Units are in the key names',
    '(`Ms` milliseconds, `Seconds`, `Hours`, `Bytes`); coordinates are fractions of the picture, origin top-left.',
    '',
    '| Key | Type | Default | Bounds | Description |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
    '',
  ].join('\n');
}

function walk(schema: Json, path: string, rows: string[][]): void {
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema.required ?? []) as string[]);
  for (const [key, child] of Object.entries(properties)) {
    const at = path === '' ? key : `${path}.${key}`;
    const elsewhere = DOCUMENTED_ELSEWHERE[at.replace(/\[\]\./g, '[].')];
    rows.push([`\`${at}\``, typeOf(child), defaultOf(child, required.has(key)), boundsOf(child), `${description(child)}${elsewhere ? ` (see ${elsewhere})` : ''}`]);
    if (elsewhere) continue;
    if (child.type === 'object') walk(child, at, rows);
    const items = child.items as Json | undefined;
    if (child.type === 'array' && items && !Array.isArray(items) && items.type === 'object') walk(items, `${at}[]`, rows);
  }
}

function typeOf(s: Json): string {
  const anyOf = s.anyOf as Json[] | undefined;
  if (anyOf?.every((b) => 'const' in b)) return anyOf.map((b) => JSON.stringify(b.const)).join(' or ');
  if (anyOf) return anyOf.map(typeOf).join(' or ');
  if (s.type === 'array') {
    const items = s.items as Json | Json[] | undefined;
    if (Array.isArray(items)) return `[${items.map(typeOf).join(', ')}]`;
    return items ? `list of ${typeOf(items).replace(/^list of /, 'lists of ')}` : 'list';
  }
  if (s.type === 'object') return s.patternProperties || s.additionalProperties ? 'mapping of names to values' : 'mapping';
  return typeof s.type === 'string' ? s.type : 'any';
}

function defaultOf(s: Json, required: boolean): string {
  if (!('default' in s)) return required ? 'required' : '';
  const d = s.default;
  if (d !== null && typeof d === 'object' && !Array.isArray(d) && Object.keys(d).length === 0 && s.type === 'object' && s.properties) return '';
  return `\`${JSON.stringify(d)}\``;
}

function boundsOf(s: Json): string {
  const out: string[] = [];
  const n = (k: string) => s[k] as number | undefined;
  if (n('minimum') !== undefined && n('maximum') !== undefined) out.push(`${n('minimum')} to ${n('maximum')}`);
  else if (n('minimum') !== undefined) out.push(`≥ ${n('minimum')}`);
  else if (n('maximum') !== undefined) out.push(`≤ ${n('maximum')}`);
  if (n('exclusiveMinimum') !== undefined) out.push(`> ${n('exclusiveMinimum')}`);
  if (n('exclusiveMaximum') !== undefined) out.push(`< ${n('exclusiveMaximum')}`);
  if (n('multipleOf') !== undefined) out.push(`multiple of ${n('multipleOf')}`);
  const count = (min: number | undefined, max: number | undefined, one: string, many: string) => {
    if (min !== undefined && max !== undefined) out.push(`${min} to ${max} ${many}`);
    else if (min !== undefined) out.push(`at least ${min} ${min === 1 ? one : many}`);
    else if (max !== undefined) out.push(`at most ${max} ${many}`);
  };
  count(n('minLength'), n('maxLength'), 'character', 'characters');
  count(n('minItems'), n('maxItems'), 'entry', 'entries');
  if (typeof s.pattern === 'string') out.push(`pattern \`${s.pattern}\``);
  return out.join(', ');
}

function description(s: Json): string {
  return typeof s.description === 'string' ? s.description : '';
}

/** A table cell: pipes escaped, one line. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.stdout.write(configReference());
