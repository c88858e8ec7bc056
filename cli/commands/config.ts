// `sharpeye config check FILE` and `sharpeye config schema`: the node config checked the way
// `serve` loads it (the file, its rules files, webhook targets, file names kept inside the config's
// folder or a --config-root), and the config model printed as JSON Schema for editors.
import { configError, SharpeyeError } from '../../core/index.js';
import { checkStoreSpec } from '../../indexer/index.js';
import { loadNodeConfig, nodeConfigJsonSchema, type NodeConfig } from '../../node/index.js';
import type { CliCommand } from '../cli-io.js';
import { parseOptions } from '../parse-options.js';

const HELP = `usage: sharpeye config check FILE [--config-root DIR]...
       sharpeye config schema

  check    validates FILE (YAML) exactly as \`sharpeye serve --config FILE\` loads it: every key
           against the schema, cameras, rules and rules files, webhooks, the store spec, and every
           file name inside the config's folder or a --config-root DIR (repeatable). Prints
           "ok: ..." and exits 0, or one line naming the file and the field and exits 2.
  schema   prints the config's JSON Schema (draft-07) on stdout. Save it and point your editor at it,
           e.g. with the YAML language server: # yaml-language-server: $schema=sharpeye.schema.json
`;

export const configCommand: CliCommand = async (argv, io) => {
  const { values, positionals } = parseOptions(argv, { 'config-root': { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } });
  if (values.help) { io.stdout.write(HELP); return 0; }
  const [action, ...rest] = positionals;
  if (action === 'schema' && rest.length === 0 && values['config-root'] === undefined) {
    io.stdout.write(JSON.stringify(nodeConfigJsonSchema(), null, 2) + '\n');
    return 0;
  }
  if (action === 'check' && rest.length === 1) {
    const file = rest[0];
    const config = await loadNodeConfig(file, { roots: values['config-root'] });
    checkStore(config, file);
    io.stdout.write(`ok: ${file}: ${describe(config)}\n`);
    return 0;
  }
  throw new SharpeyeError('E_CONFIG_INVALID', 'usage: sharpeye config check FILE [--config-root DIR]... | sharpeye config schema');
};

/** The store spec's own check (backend known, target well-formed), reported under `store.spec`. */
function checkStore(config: NodeConfig, file: string): void {
  if (config.store === undefined) return;
  try {
    checkStoreSpec(config.store.spec);
  } catch (err) {
    throw configError(file, [{ path: 'store.spec', message: (err as Error).message }]);
  }
}

/** One line about what the config runs; never a URL or a spec (they may hold credentials). */
function describe(c: NodeConfig): string {
  const enabled = c.cameras.filter((cam) => cam.enabled).length;
  const withRules = c.cameras.filter((cam) => cam.rules !== undefined).length;
  const store = c.store ? `store ${c.store.spec.slice(0, c.store.spec.indexOf(':'))}` : 'no store';
  return [
    `${c.cameras.length} camera${c.cameras.length === 1 ? '' : 's'} (${enabled} enabled, ${withRules} with rules)`,
    store,
    `${c.webhooks.length} webhook${c.webhooks.length === 1 ? '' : 's'}`,
    `api ${c.api.host.includes(':') ? `[${c.api.host}]` : c.api.host}:${c.api.port}`,
  ].join(', ');
}
