// Hostile configuration files, as an attacker or a careless user writes them: names that leave
// the config's folder (traversal, absolute, symlinks), files that are not files (FIFO, device,
// folder), too big, not text, not a mapping, prototype keys, alias bombs, deep nesting, duplicate
// keys. Every file carries a secret that must never come back in any output. Also runs the CLI on
// them (runUntilExit, checkRefusedRun) for the test/cli hostile tables.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Test } from 'tap';
import { startSharpeye, type CliResult } from './cli.js';
import { processesWithTag } from './processes.js';

/** A config folder with hostile files in it, a folder outside it with secrets, and the secret. */
export interface HostileTree {
  /** The config's folder. */
  cfg: string;
  /** A sibling folder the config must not reach. */
  outside: string;
  /** Planted in every hostile file; must never appear in any output. */
  secret: string;
  /** A number planted where a string belongs (a PIN as password); must never appear either. */
  secretNumber: string;
}

/** A rules file a config names (`rulesFile`) or `analyze --rules` is given, and what the error must say. */
export interface HostileRulesCase {
  name: string;
  /** The name as written in the config, relative to `cfg` (or absolute). */
  file: string;
  /** What the error line must contain after `cameras[0].rulesFile` (serve) or the file name. */
  expect: RegExp;
  /** Extra folders the operator allows (`--config-root`). */
  roots?: string[];
}

/** A whole serve config file that is hostile itself, and what its error must say. */
export interface HostileConfigCase {
  name: string;
  /** The config's path, inside `cfg` (or a special file). */
  path: string;
  expect: RegExp;
}

const bomb = (secret: string) => [
  `a: &a ["${secret}", "${secret}", "${secret}", "${secret}", "${secret}", "${secret}", "${secret}", "${secret}", "${secret}"]`,
  'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
  'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
  'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
  'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
  'zones: [*e, *e, *e, *e, *e, *e, *e, *e, *e]',
  '',
].join('\n');

/** A camera that would fail later (nothing listens on port 9): a config that passes would keep `serve` running. */
export const LATE_FAILING_CAMERA = 'rtsp://127.0.0.1:9/never';

/** Creates the tree: hostile rules files in `cfg`, secrets in `outside`, symlinks between them. */
export function hostileTree(): HostileTree {
  const top = mkdtempSync(join(tmpdir(), 'sharpeye-hostile-'));
  const cfg = join(top, 'cfg'), outside = join(top, 'outside');
  mkdirSync(cfg);
  mkdirSync(outside);
  const secret = `SECRET-${randomUUID()}`;
  const secretNumber = String(900_000_000 + Math.floor(Math.random() * 99_999_999));
  const put = (name: string, content: string | Buffer) => writeFileSync(join(cfg, name), content);
  writeFileSync(join(outside, 'secret.yaml'), `zones:\n  - id: ${secret}\n    polygon: [[0, 0], [1, 0], [1, 1]]\npassword: ${secret}\n`);
  writeFileSync(join(outside, 'shadow'), `root:$6$${secret}:19000:0:99999:7:::\n`);
  symlinkSync(join(outside, 'secret.yaml'), join(cfg, 'link-out.yaml'));
  symlinkSync(outside, join(cfg, 'dir-link'));
  symlinkSync('/dev/zero', join(cfg, 'zero.yaml'));
  execFileSync('mkfifo', [join(cfg, 'fifo.yaml')]);
  mkdirSync(join(cfg, 'a-folder.yaml'));
  put('huge.yaml', `zones: []\n${`# ${secret}\n`.repeat(Math.ceil((1100 * 1024) / (secret.length + 3)))}`);
  put('notes.txt', `${secret}\nthis is not YAML config, just notes\n`);
  put('list.yaml', `- ${secret}\n- zones\n`);
  put('proto-top.yaml', `__proto__:\n  zones: []\n  note: ${secret}\nzones: []\n`);
  put('proto-zone.yaml', `zones:\n  - id: z\n    polygon: [[0, 0], [1, 0], [1, 1]]\n    __proto__: { description: ${secret} }\n`);
  put('constructor.yaml', `zones:\n  - { id: z, polygon: [[0, 0], [1, 0], [1, 1]] }\nrules:\n  - { id: r, type: zone_intrusion, zone: z, constructor: { prototype: ${secret} } }\n`);
  put('prototype-deep.yaml', `calibration:\n  - image: [0.1, 0.1]\n    ground: [0, 0]\n    extra:\n      prototype: ${secret}\n`);
  put('bomb.yaml', bomb(secret));
  put('deep-flow.yaml', `zones: ${'['.repeat(30_000)}${secret}${']'.repeat(30_000)}\n`);
  put('deep-block.yaml', `zones:\n${'- '.repeat(5000)}${secret}\n`);
  put('duplicate.yaml', `zones: []\nzones: [${secret}]\n`);
  put('non-utf8.yaml', Buffer.concat([Buffer.from(`zones: []\n# ${secret} `), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from('\n')]));
  put('binary.yaml', Buffer.concat([Buffer.from('zones: []\n'), Buffer.from([0, 1, 2, 3]), Buffer.from(secret)]));
  put('two-docs.yaml', `zones: []\n---\nnote: ${secret}\n`);
  put('unknown-key.yaml', `zones: []\napi_token: ${secret}\n`);
  put('wrong-type.yaml', `zones: ${secret}\n`);
  put('bad-timezone.yaml', `timezone: ${secret}\n`);
  put('bad-reference.yaml', `rules:\n  - { id: r, type: loitering, zone: ${secret} }\n`);
  put('bowtie.yaml', 'zones:\n  - id: kerb\n    polygon: [[0.1, 0.1], [0.9, 0.6], [0.9, 0.1], [0.1, 0.9]]\nrules:\n  - { id: jam, type: congestion, zone: kerb, measure: occupancy, busy: 0.2, congested: 0.5 }\n');
  put('repeated-point.yaml', 'zones:\n  - id: gate\n    polygon: [[0, 0], [0.5, 0.5], [1, 0], [1, 1], [0.5, 0.5], [0, 1]]\n');
  return { cfg, outside, secret, secretNumber };
}

/** Rules files a serve config names; each must be refused with its reason. */
export function hostileRulesCases(tree: HostileTree): HostileRulesCase[] {
  const out = relative(tree.cfg, join(tree.outside, 'secret.yaml'));
  return [
    { name: 'traversal to a sibling folder', file: out, expect: /: \.\.\/outside\/secret\.yaml: is outside the config folder/ },
    { name: 'deep traversal to /etc', file: `${'../'.repeat(16)}etc/shadow`, expect: /etc\/shadow: is outside the config folder/ },
    { name: 'traversal hidden in a sub-path', file: `a-folder.yaml/../../outside/shadow`, expect: /is outside the config folder/ },
    { name: 'absolute path outside', file: join(tree.outside, 'secret.yaml'), expect: /is outside the config folder/ },
    { name: 'absolute /etc/passwd', file: '/etc/passwd', expect: /\/etc\/passwd: is outside the config folder/ },
    { name: 'symlink to a file outside', file: 'link-out.yaml', expect: /link-out\.yaml: leads outside the config folder through a symbolic link/ },
    { name: 'symlinked folder outside', file: 'dir-link/secret.yaml', expect: /dir-link\/secret\.yaml: leads outside the config folder through a symbolic link/ },
    { name: 'symlink to /dev/zero', file: 'zero.yaml', expect: /zero\.yaml: leads outside the config folder/ },
    { name: '/dev/zero with /dev allowed by the operator', file: '/dev/zero', roots: ['/dev'], expect: /\/dev\/zero: is not a regular file/ },
    { name: 'a FIFO', file: 'fifo.yaml', expect: /fifo\.yaml: is not a regular file/ },
    { name: 'a folder', file: 'a-folder.yaml', expect: /a-folder\.yaml: is not a regular file/ },
    { name: 'a file over 1 MiB', file: 'huge.yaml', expect: /huge\.yaml: is larger than 1048576 bytes/ },
    { name: 'a text file', file: 'notes.txt', expect: /a rules file is a mapping .*a single value/ },
    { name: 'a list', file: 'list.yaml', expect: /a rules file is a mapping .*a list/ },
    { name: '__proto__ at the top', file: 'proto-top.yaml', expect: /\(cameras\[0\]\.rulesFile\): proto-top\.yaml: __proto__: the key '__proto__' is not allowed/ },
    { name: '__proto__ inside zones[0]', file: 'proto-zone.yaml', expect: /zones\[0\]\.__proto__: the key '__proto__' is not allowed/ },
    { name: 'constructor inside rules[0]', file: 'constructor.yaml', expect: /rules\[0\]\.constructor: the key 'constructor' is not allowed/ },
    { name: 'prototype three levels down', file: 'prototype-deep.yaml', expect: /calibration\[0\]\.extra\.prototype: the key 'prototype' is not allowed/ },
    { name: 'alias bomb', file: 'bomb.yaml', expect: /bomb\.yaml: expands aliases more than 100 times/ },
    { name: 'deep flow nesting', file: 'deep-flow.yaml', expect: /deep-flow\.yaml: is nested deeper than 64 levels/ },
    { name: 'deep block nesting', file: 'deep-block.yaml', expect: /deep-block\.yaml: is nested deeper than 64 levels/ },
    { name: 'duplicate keys', file: 'duplicate.yaml', expect: /duplicate\.yaml: YAML syntax error at line 2, column 1: map keys must be unique/ },
    { name: 'non-UTF-8 bytes', file: 'non-utf8.yaml', expect: /non-utf8\.yaml: is not UTF-8 text/ },
    { name: 'binary bytes', file: 'binary.yaml', expect: /binary\.yaml: holds control characters/ },
    { name: 'two YAML documents', file: 'two-docs.yaml', expect: /several YAML documents/ },
    { name: 'an unknown key holding the secret', file: 'unknown-key.yaml', expect: /\(document\): unknown key; the keys allowed here are timezone, zones, lines, rules/ },
    { name: 'the secret where a list belongs', file: 'wrong-type.yaml', expect: /zones: expected array.*got a string/ },
    { name: 'the secret as a time zone', file: 'bad-timezone.yaml', expect: /timezone: unknown time zone/ },
    { name: 'the secret as a zone reference', file: 'bad-reference.yaml', expect: /rules\[0\]\.zone: rule 'r' references a zone this file does not define/ },
    { name: 'a bow-tie zone', file: 'bowtie.yaml', expect: /zones\[0\]\.polygon: zone 'kerb' is self-intersecting: edge 0-1 crosses edge 2-3/ },
    { name: 'a zone repeating a point', file: 'repeated-point.yaml', expect: /zones\[0\]\.polygon: zone 'gate' repeats a point: vertices 1 and 4/ },
    { name: 'a name with a newline', file: 'no\nsuch.yaml', expect: /no\\u000asuch\.yaml: does not exist/ },
    { name: 'a missing file', file: 'missing.yaml', expect: /missing\.yaml: does not exist/ },
  ];
}

const camera = (extra = '') => `cameras:\n  - id: cam\n    url: ${LATE_FAILING_CAMERA}\n${extra}`;

/** Whole serve configs that are hostile themselves. */
export function hostileConfigCases(tree: HostileTree): HostileConfigCase[] {
  const put = (name: string, content: string | Buffer) => { writeFileSync(join(tree.cfg, name), content); return join(tree.cfg, name); };
  return [
    { name: '__proto__ switching on allowFiles', path: put('c-proto-allow.yaml', `__proto__:\n  allowFiles: true\n  note: ${tree.secret}\ncameras:\n  - { id: cam, url: ${join(tree.outside, 'shadow')} }\n`), expect: /: __proto__: the key '__proto__' is not allowed/ },
    { name: '__proto__ inside cameras[0] switching it off', path: put('c-proto-cam.yaml', camera(`    __proto__: { enabled: false, name: ${tree.secret} }\n`)), expect: /c-proto-cam\.yaml: cameras\[0\]\.__proto__: the key '__proto__' is not allowed/ },
    { name: '__proto__ inside cameras[0].reconnect', path: put('c-proto-deep.yaml', camera(`    reconnect:\n      __proto__: { failedAfterAttempts: 1 }\n`)), expect: /cameras\[0\]\.reconnect\.__proto__: the key '__proto__'/ },
    { name: 'constructor in detector', path: put('c-ctor.yaml', `detector:\n  constructor: { prototype: ${tree.secret} }\n${camera()}`), expect: /detector\.constructor: the key 'constructor' is not allowed/ },
    { name: 'prototype in a webhook', path: put('c-prototype.yaml', `webhooks:\n  - url: http://127.0.0.1:9/hook\n    prototype: ${tree.secret}\n${camera()}`), expect: /webhooks\[0\]\.prototype: the key 'prototype' is not allowed/ },
    { name: 'alias bomb', path: put('c-bomb.yaml', `${bomb(tree.secret).replace('zones:', 'bombs:')}${camera()}`), expect: /c-bomb\.yaml: expands aliases more than 100 times/ },
    { name: 'deep nesting', path: put('c-deep.yaml', `${camera()}    motion: ${'{a: '.repeat(3000)}${tree.secret}${'}'.repeat(3000)}\n`), expect: /c-deep\.yaml: is nested deeper than 64 levels/ },
    { name: 'duplicate keys', path: put('c-dup.yaml', `${camera()}cameras: [${tree.secret}]\n`), expect: /c-dup\.yaml: YAML syntax error at line \d+, column \d+: map keys must be unique/ },
    { name: 'non-UTF-8 bytes', path: put('c-latin1.yaml', Buffer.concat([Buffer.from(camera()), Buffer.from(`# ${tree.secret} caf`), Buffer.from([0xe9]), Buffer.from('\n')])), expect: /c-latin1\.yaml: is not UTF-8 text/ },
    { name: 'a text file as the config', path: put('c-text.yaml', `${tree.secret} and more words\n`), expect: /c-text\.yaml: \(document\): expected object, got a string/ },
    { name: 'a list as the config', path: put('c-list.yaml', `- ${tree.secret}\n`), expect: /c-list\.yaml: \(document\): expected object, got a list/ },
    { name: 'a config over 1 MiB', path: put('c-huge.yaml', `${camera()}${`# ${tree.secret}\n`.repeat(30_000)}`), expect: /c-huge\.yaml: is larger than 1048576 bytes/ },
    { name: 'a FIFO as the config', path: join(tree.cfg, 'fifo.yaml'), expect: /fifo\.yaml: is a FIFO \(named pipe\), not a regular file/ },
    { name: '/dev/zero as the config', path: '/dev/zero', expect: /\/dev\/zero: is a device, not a regular file/ },
    { name: 'a folder as the config', path: join(tree.cfg, 'a-folder.yaml'), expect: /a-folder\.yaml: is a directory, not a regular file/ },
    { name: 'a secret string in an enum', path: put('c-enum.yaml', camera(`    decoder: ${tree.secret}\n`)), expect: /camera 'cam' \(cameras\[0\]\.decoder\): must be one of "ffmpeg", "gstreamer", got a string/ },
    { name: 'a numeric password', path: put('c-pin.yaml', camera(`    password: ${tree.secretNumber}\n`)), expect: /camera 'cam' \(cameras\[0\]\.password\): expected string.*got a number/ },
    { name: 'an unknown key holding the secret', path: put('c-unknown.yaml', camera(`    token: ${tree.secret}\n`)), expect: /camera 'cam' \(cameras\[0\]\): unknown key; the keys allowed here are id, / },
    { name: 'a near-miss key is named with its fix', path: put('c-typo.yaml', camera('    fsp: 5\n')), expect: /camera 'cam' \(cameras\[0\]\): unknown key 'fsp' \(did you mean 'fps'\?\)/ },
    { name: 'snapshotsDir outside', path: put('c-snaps.yaml', `snapshotsDir: ../outside/snaps\n${camera()}`), expect: /snapshotsDir: \.\.\/outside\/snaps: is outside the config folder/ },
    { name: 'a model path outside', path: put('c-model.yaml', `detector:\n  model: ${join(tree.outside, 'secret.yaml')}.onnx\n${camera()}`), expect: /detector\.model: .*: is outside the config folder/ },
    { name: 'a sqlite store outside', path: put('c-store.yaml', `store:\n  spec: sqlite:/tmp/../etc/sharpeye-events.db\n${camera()}`), expect: /store\.spec: \/tmp\/\.\.\/etc\/sharpeye-events\.db: is outside the config folder/ },
    { name: 'a file camera outside', path: put('c-file-cam.yaml', `allowFiles: true\ncameras:\n  - { id: cam, url: ../outside/shadow }\n`), expect: /camera 'cam' \(cameras\[0\]\.url\): \.\.\/outside\/shadow: is outside the config folder/ },
    { name: 'a file camera through a symlink', path: put('c-file-link.yaml', 'allowFiles: true\ncameras:\n  - { id: cam, url: link-out.yaml }\n'), expect: /camera 'cam' \(cameras\[0\]\.url\): link-out\.yaml: leads outside the config folder through a symbolic link/ },
    { name: 'a motion mask bow-tie', path: put('c-mask.yaml', camera('    motion: { ignore: [[[0, 0], [1, 1], [1, 0], [0, 1]]] }\n')), expect: /camera 'cam' \(cameras\[0\]\.motion\.ignore\[0\]\): motion ignore polygon is self-intersecting/ },
  ];
}

/** A serve config naming `rulesFile` for one late-failing camera. */
export function configNamingRules(tree: HostileTree, rulesFile: string): string {
  const path = join(tree.cfg, `serve-${randomUUID()}.yaml`);
  writeFileSync(path, `cameras:\n  - id: cam\n    url: ${LATE_FAILING_CAMERA}\n    rulesFile: ${JSON.stringify(rulesFile)}\n`);
  return path;
}

/** Not a speed assert: a run that has not ended by then is hanging (serving, or blocked on a FIFO). */
const HANG_MS = 60_000;

/** Runs the CLI to its end; `hung` when it had to be killed. */
export async function runUntilExit(args: string[]): Promise<CliResult & { hung: boolean }> {
  const child = startSharpeye(args);
  let hung = false;
  const timer = setTimeout(() => { hung = true; void child.stop('SIGKILL'); }, HANG_MS);
  const r = await child.exited;
  clearTimeout(timer);
  return { ...r, hung };
}

/** Status 2, one stderr line starting with `prefix` and matching `expect`, no stdout, no secret, nothing left running. */
export function checkRefusedRun(t: Test, tree: HostileTree, r: CliResult & { hung: boolean }, prefix: string, expect: RegExp) {
  t.notOk(r.hung, 'ends by itself');
  t.equal(r.code, 2, 'exit status 2');
  const lines = r.stderr.split('\n').filter(Boolean);
  t.equal(lines.length, 1, `one line on stderr: ${r.stderr.slice(0, 400)}`);
  t.ok(lines[0]?.startsWith(prefix), `names the file and the field: ${lines[0]?.slice(0, 300)}`);
  t.match(lines[0] ?? '', expect);
  t.equal(r.stdout, '', 'nothing on stdout');
  t.notOk((r.stdout + r.stderr).includes(tree.secret) || (r.stdout + r.stderr).includes(tree.secretNumber), 'the planted secret is never printed');
  t.same(processesWithTag(r.tag), [], 'nothing left running');
}

/** Runs `jobs` a few at a time (the machine is shared; each is a node process). */
export async function inBatches<T>(items: T[], size: number, job: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(job));
}
