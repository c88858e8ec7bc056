// Hostile configuration files through the real CLI, `serve --config` (with a camera that would
// only fail later, so an accepted config would keep serving). Each must end with status 2 and
// exactly one stderr line naming the file, the path and the field, start nothing, and never print
// the secret planted in the file. (analyze --rules: analyze-rules-hostile.test.ts.)
import t from 'tap';
import { configNamingRules, hostileConfigCases, hostileRulesCases, hostileTree, checkRefusedRun, inBatches, runUntilExit } from '../helpers/hostile-config-files.js';

// Some 30-60 short CLI processes: about a minute on a quiet machine, several on a loaded one.
t.setTimeout(900_000);
const tree = hostileTree();
t.test('serve --config naming a hostile rules file', async (t) => {
  await inBatches(hostileRulesCases(tree), 4, async (c) => {
    const config = configNamingRules(tree, c.file);
    const r = await runUntilExit(['serve', '--config', config, ...(c.roots ?? []).flatMap((root) => ['--config-root', root])]);
    await t.test(c.name, async (t) => checkRefusedRun(t, tree, r, `sharpeye serve: E_CONFIG_INVALID: ${config}: camera 'cam' (cameras[0].rulesFile`, c.expect));
  });
});

t.test('serve --config with a hostile config file', async (t) => {
  await inBatches(hostileConfigCases(tree), 4, async (c) => {
    const r = await runUntilExit(['serve', '--config', c.path]);
    await t.test(c.name, async (t) => checkRefusedRun(t, tree, r, `sharpeye serve: E_CONFIG_INVALID: ${c.path}`, c.expect));
  });
});
