// `sharpeye models list | fetch NAME [--from DIR|URL] | verify [NAME...]`: which models exist,
// where they are on this machine, bringing one into the cache, and re-checking local copies.
import { SharpeyeError } from '../../core/index.js';
import { fetchModel, getModelSpec, listModels, verifyModels, type ModelStatus } from '../../models/index.js';
import type { CliCommand, CliIo } from '../cli-io.js';
import { parseOptions } from '../parse-options.js';

const HELP = `usage: sharpeye models <list | fetch NAME | verify [NAME...]> [options]

  list               the model manifest and where each model is present on this machine
  fetch NAME         copy or download NAME into the cache after checking its sha256
  verify [NAME...]   re-hash the present model files (all models by default);
                     exits 1 if any is corrupt, missing ones are only reported

options:
  --from DIR|URL     fetch from this directory, file:// or http(s):// base URL only
                     (default: $SHARPEYE_MODEL_MIRROR, then the manifest URLs)
  --json             print JSON instead of text
  -h, --help         show this help

environment:
  SHARPEYE_MODEL_DIR     directory searched before the cache
  SHARPEYE_CACHE_DIR     the cache (default ~/.cache/sharpeye/models)
  SHARPEYE_MODEL_MIRROR  mirror directory or URL (air-gapped sites)
  SHARPEYE_OFFLINE=1     never download from the manifest URLs
`;

interface Context { io: CliIo; json: boolean; from?: string }
type Subcommand = (args: string[], ctx: Context) => Promise<number>;

const SUBCOMMANDS: Record<string, Subcommand> = { list: runList, fetch: runFetch, verify: runVerify };

export const modelsCommand: CliCommand = async (argv, io) => {
  const { values, positionals } = parseOptions(argv, { json: { type: 'boolean' }, from: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  const [name, ...args] = positionals;
  if (values.help || !name) {
    io.stdout.write(HELP);
    return values.help ? 0 : 2;
  }
  const sub = Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
  if (!sub) throw new SharpeyeError('E_CONFIG_INVALID', `unknown models command '${name}'; use list, fetch or verify (sharpeye models --help)`);
  if (values.from !== undefined && name !== 'fetch') throw new SharpeyeError('E_CONFIG_INVALID', `--from applies to 'models fetch' only`);
  return sub(args, { io, json: values.json ?? false, from: values.from });
};

function print(ctx: Context, data: unknown, text: () => string): void {
  ctx.io.stdout.write(ctx.json ? `${JSON.stringify(data, null, 2)}\n` : text());
}

async function runList(args: string[], ctx: Context): Promise<number> {
  if (args.length > 0) throw new SharpeyeError('E_CONFIG_INVALID', `'models list' takes no names; use 'models verify ${args.join(' ')}'`);
  const statuses = new Map((await verifyModels([], { env: ctx.io.env })).map((s) => [s.name, s]));
  const rows = listModels().map((m) => {
    const st = statuses.get(m.name)!;
    return {
      name: m.name, task: m.task, family: m.family ?? null, input: `${m.inputSize[0]}x${m.inputSize[1]}`, license: m.license,
      file: m.file, sha256: m.sha256, bytes: m.bytes, urls: m.urls, status: st.status, path: st.path ?? null, source: st.source ?? null,
    };
  });
  print(ctx, rows, () => {
    const header = `${'NAME'.padEnd(20)} ${'TASK'.padEnd(15)} ${'FAMILY'.padEnd(8)} ${'INPUT'.padEnd(8)} ${'LICENSE'.padEnd(11)} LOCAL COPY\n`;
    return header + listModels().map((m, i) => {
      const r = rows[i];
      // The SPDX id leads every licence string; the full text is in --json.
      const cells = [r.name.padEnd(20), r.task.padEnd(15), (r.family ?? '-').padEnd(8), r.input.padEnd(8), m.license.split(' ')[0].padEnd(11)];
      return `${cells.join(' ')} ${where(statuses.get(m.name)!)}\n`;
    }).join('');
  });
  return 0;
}

function where(s: ModelStatus): string {
  if (s.status === 'missing') return 'not present';
  if (s.path) return `${s.path} (${s.source})${s.status === 'corrupt' ? ' - another copy is corrupt, see models verify' : ''}`;
  return `corrupt: ${s.copies[0].path} (run sharpeye models verify ${s.name})`;
}

async function runFetch(args: string[], ctx: Context): Promise<number> {
  if (args.length !== 1) throw new SharpeyeError('E_CONFIG_INVALID', 'usage: sharpeye models fetch NAME [--from DIR|URL]; names: ' + listModels().map((m) => m.name).join(', '));
  const spec = getModelSpec(args[0]);
  const r = await fetchModel(spec.name, { from: ctx.from, env: ctx.io.env });
  const data = { name: spec.name, file: spec.file, sha256: spec.sha256, path: r.path, source: r.source, origin: r.origin };
  print(ctx, data, () => r.source === 'cache'
    ? `${spec.name}: already in the cache, verified: ${r.path}\n`
    : `${spec.name}: ${spec.file} verified (sha256 ${spec.sha256}) and cached at ${r.path}, from ${r.source} ${r.origin}\n`);
  return 0;
}

async function runVerify(names: string[], ctx: Context): Promise<number> {
  const statuses = await verifyModels(names, { env: ctx.io.env });
  print(ctx, statuses, () => statuses.map(describeStatus).join(''));
  const corrupt = statuses.filter((s) => s.status === 'corrupt');
  if (corrupt.length === 0) return 0;
  ctx.io.stderr.write(`sharpeye models: corrupt model files for ${corrupt.map((s) => s.name).join(', ')}; ` +
    `replace them with \`sharpeye models fetch NAME --from DIR\` (cache) or a good copy (model dir)\n`);
  return 1;
}

function describeStatus(s: ModelStatus): string {
  if (s.status === 'missing') return `${s.name.padEnd(20)} missing  (not in the model dir or the cache)\n`;
  const expected = getModelSpec(s.name).sha256;
  return s.copies.map((c) => `${s.name.padEnd(20)} ${c.status === 'ok' ? 'ok      ' : 'CORRUPT '} ${c.path} (${c.source})` +
    `${c.status === 'corrupt' ? `: sha256 ${c.sha256}, expected ${expected}` : ''}\n`).join('');
}
