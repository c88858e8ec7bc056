// Configuration files are data, not a way to reach the file system: every hostile rules file a
// serve config can name, and every hostile serve config itself, is refused by loadServeConfig with
// one E_CONFIG_INVALID line that names the config, the path and the field, and never the secret
// planted in the file. Well-behaved names (sub-folders, symlinks inside, --config-root) still work.
import t, { type Test } from 'tap';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRulesFile, loadServeConfig } from '../../worker/index.js';
import { configNamingRules, hostileConfigCases, hostileRulesCases, hostileTree } from '../helpers/hostile-config-files.js';

const tree = hostileTree();

function checkRefusal(t: Test, err: unknown, expect: RegExp, ...names: string[]) {
  const e = err as { code?: string; message?: string; details?: unknown } | undefined;
  t.equal(e?.code, 'E_CONFIG_INVALID', 'E_CONFIG_INVALID');
  const text = `${e?.message}\n${JSON.stringify(e?.details ?? {})}`;
  t.match(e?.message ?? '', expect);
  for (const name of names) t.ok(e?.message?.includes(name), `names ${name}`);
  t.notOk(/\n/.test(e?.message ?? ''), 'one line');
  t.notOk(text.includes(tree.secret) || text.includes(tree.secretNumber), 'the planted secret never comes back');
}

t.test('hostile rules files named by a serve config', async (t) => {
  for (const c of hostileRulesCases(tree)) {
    await t.test(c.name, async (t) => {
      const config = configNamingRules(tree, c.file);
      const err = await loadServeConfig(config, { roots: c.roots }).then(() => undefined, (e) => e);
      checkRefusal(t, err, c.expect, config, "camera 'cam' (cameras[0].rulesFile");
    });
  }
});

t.test('hostile serve configs', async (t) => {
  for (const c of hostileConfigCases(tree)) {
    await t.test(c.name, async (t) => {
      const err = await loadServeConfig(c.path).then(() => undefined, (e) => e);
      checkRefusal(t, err, c.expect, c.path);
    });
  }
});

t.test('hostile rules files given directly (analyze --rules)', async (t) => {
  for (const c of hostileRulesCases(tree)) {
    const path = join(tree.cfg, c.file);
    await t.test(c.name, async (t) => {
      const err = await loadRulesFile(path).then(() => undefined, (e) => e);
      // Named directly by the user: no folder confinement, but every content check still holds.
      checkRefusal(t, err, /./);
      t.notOk((err as Error | undefined)?.message.includes('rulesFile'));
    });
  }
});

t.test('names inside the config folder work: sub-folders, absolute paths, symlinks that stay inside, --config-root', async (t) => {
  const top = mkdtempSync(join(tmpdir(), 'sharpeye-scope-'));
  const cfg = join(top, 'etc'), shared = join(top, 'shared');
  mkdirSync(join(cfg, 'rules'), { recursive: true });
  mkdirSync(shared);
  const rules = 'zones:\n  - { id: z, polygon: [[0, 0], [1, 0], [1, 1]] }\nrules:\n  - { id: r, type: zone_intrusion, zone: z }\n';
  writeFileSync(join(cfg, 'rules', 'gate.yaml'), rules);
  writeFileSync(join(shared, 'common.yaml'), rules);
  symlinkSync(join(cfg, 'rules', 'gate.yaml'), join(cfg, 'current.yaml'));
  symlinkSync(join(shared, 'common.yaml'), join(cfg, 'common.yaml'));
  const write = (name: string, text: string) => { writeFileSync(join(cfg, name), text); return join(cfg, name); };
  const cam = (id: string, rulesFile: string) => `  - { id: ${id}, url: "rtsp://127.0.0.1:9/x", rulesFile: ${JSON.stringify(rulesFile)} }\n`;
  const config = write('serve.yaml', `snapshotsDir: snaps/new\nstore: { spec: "sqlite:data/events.db" }\ncameras:\n${cam('a', 'rules/gate.yaml')}${cam('b', join(cfg, 'rules', 'gate.yaml'))}${cam('c', 'current.yaml')}${cam('d', 'rules/../rules/gate.yaml')}`);
  const loaded = await loadServeConfig(config);
  t.same(loaded.cameras.map((c) => c.rules?.rules.zones[0].id), ['z', 'z', 'z', 'z']);
  t.equal(loaded.snapshotsDir, join(cfg, 'snaps', 'new'), 'snapshotsDir is relative to the config folder, not the working directory');
  t.equal(loaded.store?.spec, `sqlite:${join(cfg, 'data', 'events.db')}`, 'so is a sqlite store path');
  t.equal(loaded.cameras[0].url, 'rtsp://127.0.0.1:9/x');

  const widened = write('widened.yaml', `cameras:\n${cam('a', 'common.yaml')}${cam('b', '../shared/common.yaml')}`);
  await t.rejects(loadServeConfig(widened), { code: 'E_CONFIG_INVALID', message: /common\.yaml: leads outside the config folder through a symbolic link/ });
  const ok = await loadServeConfig(widened, { roots: [shared] });
  t.equal(ok.cameras[1].rules?.rules.rules[0].id, 'r', '--config-root allows exactly the folder named');
  await t.rejects(loadServeConfig(widened, { roots: [join(top, 'nope')] }), { code: 'E_CONFIG_INVALID', message: /--config-root .*nope cannot be used \(ENOENT\)/ });

  const files = write('files.yaml', `allowFiles: true\ncameras:\n  - { id: f, url: rules/gate.yaml }\n  - { id: g, url: "file://${join(cfg, 'rules', 'gate.yaml')}" }\n`);
  t.same((await loadServeConfig(files)).cameras.map((c) => c.url), [join(cfg, 'rules', 'gate.yaml'), join(cfg, 'rules', 'gate.yaml')], 'file cameras resolve against the config folder');
});
