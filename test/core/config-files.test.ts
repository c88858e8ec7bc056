// core/config on its own: YAML as bounded data (aliases, nesting, prototype keys, syntax errors
// that never quote the text), file reads capped on the bytes actually read, names kept in the
// config's scope also for paths still to be created, and schema messages that never echo strings.
import t from 'tap';
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { configFileScope, oneLine, parseYamlText, readConfigText, resolveInScope, validateConfig } from '../../core/index.js';

const SECRET = 'SECRET-4e1f0c';

t.test('YAML errors say what and where, never the text', async (t) => {
  const cases: Array<[string, RegExp]> = [
    [`a: "${SECRET}\n`, /^f\.yaml: YAML syntax error at line \d+, column \d+: a closing quote or bracket is missing$/],
    [`a: *${SECRET}\n`, /^f\.yaml: YAML error: an alias refers to an anchor that is not defined before it$/],
    [`a: 1\na: ${SECRET}\n`, /map keys must be unique/],
    [`a: [${SECRET}\nb: 2\n`, /^f\.yaml: YAML syntax error at line/],
    [`a:\n\t- ${SECRET}\n`, /a tab is used for indentation/],
    [`${SECRET}: x\n---\nb: 1\n`, /several YAML documents/],
    [`a: ${'['.repeat(65)}${']'.repeat(65)}\n`, /^f\.yaml: is nested deeper than 64 levels$/],
    [`x: &x [${SECRET}, ${SECRET}]\n${Array.from({ length: 200 }, (_, i) => `k${i}: *x`).join('\n')}\n`, /^f\.yaml: expands aliases more than 100 times/],
  ];
  for (const [text, message] of cases) {
    const err = t.throws(() => parseYamlText(text, 'f.yaml'), { code: 'E_CONFIG_INVALID', message }) as Error;
    t.notMatch(err?.message ?? '', SECRET, 'no text of the file');
  }
  t.same(parseYamlText(`a: ${'['.repeat(20)}1${']'.repeat(20)}\n`, 'f.yaml'), { a: JSON.parse(`${'['.repeat(20)}1${']'.repeat(20)}`) }, 'reasonable nesting is fine');
  t.same(parseYamlText('x: &x [1, 2]\ny: *x\n', 'f.yaml'), { x: [1, 2], y: [1, 2] }, 'a few aliases are fine');
  t.equal(parseYamlText('', 'f.yaml'), null, 'an empty document is null');
});

t.test('prototype keys are refused from YAML and from objects (API bodies) alike', async (t) => {
  t.throws(() => parseYamlText('a:\n  - b: { prototype: 1 }\n', 'f.yaml'), { message: /^f\.yaml: a\[0\]\.b\.prototype: the key 'prototype' is not allowed/ });
  const schema = Type.Object({ allowFiles: Type.Boolean({ default: false }), n: Type.Number() }, { additionalProperties: false });
  const body = JSON.parse('{"n": 1, "__proto__": {"allowFiles": true}}');
  t.throws(() => validateConfig(schema, body, 'API'), { code: 'E_CONFIG_INVALID', message: /^API: __proto__: the key '__proto__' is not allowed/ });
  t.same(validateConfig(schema, { n: 1 }, 'API'), { allowFiles: false, n: 1 });
});

t.test('schema messages: numbers against bounds, never strings; unknown keys only as near misses', async (t) => {
  const schema = Type.Object({ fps: Type.Number({ minimum: 1 }), mode: Type.Union([Type.Literal('a'), Type.Literal('b')]), name: Type.String() }, { additionalProperties: false });
  const err = t.throws(() => validateConfig(schema, { fps: 0, mode: SECRET, name: 7, fsp: 1 }, 'c.yaml')) as Error;
  t.match(err.message, /fps: expected number to be greater or equal to 1, got 0/);
  t.match(err.message, /mode: must be one of "a", "b", got a string/);
  t.match(err.message, /name: expected string, got a number/);
  t.match(err.message, /\(document\): unknown key 'fsp' \(did you mean 'fps'\?\)/);
  t.notMatch(err.message, SECRET);
  t.throws(() => validateConfig(schema, { fps: 1, mode: 'a', name: 'x', [SECRET]: 1 }, 'c.yaml'), { message: /\(document\): unknown key; the keys allowed here are fps, mode, name$/ });
  t.equal(oneLine('a\nb\u001b[31m'), 'a\\u000ab\\u001b[31m');
});

t.test('reads are capped on the bytes read, not on the size a file reports', async (t) => {
  // /proc files report size 0 but have content.
  await t.rejects(readConfigText('/proc/self/status', { maxBytes: 10 }), { code: 'E_CONFIG_INVALID', message: /^\/proc\/self\/status: is larger than 10 bytes$/ });
  await t.rejects(readConfigText('/proc/self/status', { roots: [tmpdir()] }), { message: /leads outside the config folder/ });
  await t.rejects(readConfigText('bad\0name'), { message: /NUL/ });
});

t.test('paths still to be created stay in scope through symlinked ancestors', async (t) => {
  const top = mkdtempSync(join(tmpdir(), 'sharpeye-scope-core-'));
  mkdirSync(join(top, 'cfg'));
  mkdirSync(join(top, 'elsewhere'));
  symlinkSync(join(top, 'elsewhere'), join(top, 'cfg', 'out'));
  const scope = await configFileScope(join(top, 'cfg', 'serve.yaml'));
  t.equal(await resolveInScope(scope, 'snaps/a/b', 'path-to-create'), join(top, 'cfg', 'snaps', 'a', 'b'));
  await t.rejects(resolveInScope(scope, 'out/new/snaps', 'path-to-create'), { message: /out\/new\/snaps: leads outside the config folder through a symbolic link/ });
  await t.rejects(resolveInScope(scope, '', 'file'), { message: /empty file name/ });
  const wide = await configFileScope(join(top, 'cfg', 'serve.yaml'), [join(top, 'elsewhere')]);
  t.equal(await resolveInScope(wide, 'out/new/snaps', 'path-to-create'), join(top, 'elsewhere', 'new', 'snaps'), 'allowed once the operator adds the folder');
});
