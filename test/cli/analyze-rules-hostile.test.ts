// Hostile rules files through the real CLI, `analyze --rules`: each must end with status 2 and
// exactly one stderr line naming the file and the path, start nothing (no decoder, no model), and
// never print the secret planted in the file. (serve --config: serve-config-hostile.test.ts.)
import t from 'tap';
import { join } from 'node:path';
import { video } from '../helpers/fixtures.js';
import { hostileRulesCases, hostileTree, checkRefusedRun, inBatches, runUntilExit } from '../helpers/hostile-config-files.js';

// Some 30-60 short CLI processes: about a minute on a quiet machine, several on a loaded one.
t.setTimeout(900_000);
const tree = hostileTree();
t.test('analyze --rules with a hostile rules file', async (t) => {
  await inBatches(hostileRulesCases(tree), 4, async (c) => {
    const path = join(tree.cfg, c.file);
    const r = await runUntilExit(['analyze', video('highway.mp4'), '--rules', path]);
    // The user names this file directly, so there is no folder to stay in; every content check holds.
    await t.test(c.name, async (t) => checkRefusedRun(t, tree, r, 'sharpeye analyze: E_CONFIG_INVALID: ', /./));
  });
});
