// Hostile configuration files through the real CLI: `serve --config` (with a camera that would
// only fail later, so an accepted config would keep serving) and `analyze --rules`. Each must end
// with status 2 and exactly one stderr line naming the file, the path and the field, start
// nothing, and never print the secret planted in the file.
import t, { type Test } from 'tap';
import { join } from 'node:path';
import { startSharpeye, type CliResult } from '../helpers/cli.js';
import { video } from '../helpers/fixtures.js';
import { processesWithTag } from '../helpers/processes.js';
import { configNamingRules, hostileConfigCases, hostileRulesCases, hostileTree } from '../helpers/hostile-config-files.js';

const tree = hostileTree();
/** Not a speed assert: a run that has not ended by then is hanging (serving, or blocked on a FIFO). */
const HANG_MS = 60_000;

async function run(args: string[]): Promise<CliResult & { hung: boolean }> {
  const child = startSharpeye(args);
  let hung = false;
  const timer = setTimeout(() => { hung = true; void child.stop('SIGKILL'); }, HANG_MS);
  const r = await child.exited;
  clearTimeout(timer);
  return { ...r, hung };
}

function checkRefused(t: Test, r: CliResult & { hung: boolean }, prefix: string, expect: RegExp) {
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
async function inBatches<T>(items: T[], size: number, job: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(job));
}

t.test('serve --config naming a hostile rules file', async (t) => {
  await inBatches(hostileRulesCases(tree), 3, async (c) => {
    const config = configNamingRules(tree, c.file);
    const r = await run(['serve', '--config', config, ...(c.roots ?? []).flatMap((root) => ['--config-root', root])]);
    await t.test(c.name, async (t) => checkRefused(t, r, `sharpeye serve: E_CONFIG_INVALID: ${config}: camera 'cam' (cameras[0].rulesFile`, c.expect));
  });
});

t.test('serve --config with a hostile config file', async (t) => {
  await inBatches(hostileConfigCases(tree), 3, async (c) => {
    const r = await run(['serve', '--config', c.path]);
    await t.test(c.name, async (t) => checkRefused(t, r, `sharpeye serve: E_CONFIG_INVALID: ${c.path}`, c.expect));
  });
});

t.test('analyze --rules with a hostile rules file', async (t) => {
  await inBatches(hostileRulesCases(tree), 3, async (c) => {
    const path = join(tree.cfg, c.file);
    const r = await run(['analyze', video('highway.mp4'), '--rules', path]);
    // The user names this file directly, so there is no folder to stay in; every content check holds.
    await t.test(c.name, async (t) => checkRefused(t, r, 'sharpeye analyze: E_CONFIG_INVALID: ', /./));
  });
});
