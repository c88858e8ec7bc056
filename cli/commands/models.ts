// `sharpeye models list | fetch NAME [--from DIR|URL] | verify [NAME...]`: what models exist, where
// they resolve on this machine, bringing them into the cache, and checking their hashes.
import { SharpeyeError } from '../../core/index.js';
import { fetchModel, listModels, verifyModels, type ModelStatus } from '../../models/index.js';
import type { CliCommand, CliIo } from '../cli-io.js';
import { parseOptions } from '../parse-options.js';

const HELP = `usage: sharpeye models <list | fetch NAME [--from DIR|URL] | verify [NAME...]> [--json]

  list      the model manifest and where each model is present on this machine
  fetch     copy or download a model into the cache after checking its sha256
            (--from: a directory or URL mirroring the files; default $SHARPEYE_MODEL_MIRROR, then the manifest URLs)
  verify    re-hash present model files; exits 1 if any is corrupt
`;

const write = (io: CliIo, json: boolean, data: unknown, text: string) => io.stdout.write(json ? JSON.stringify(data, null, 2) + '\n' : text);

export const modelsCommand: CliCommand = async (argv, io) => {
  const { values, positionals } = parseOptions(argv, { json: { type: 'boolean' }, from: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  const [sub, ...names] = positionals;
  if (values.help || !sub) { io.stdout.write(HELP); return values.help ? 0 : 2; }
  const json = values.json ?? false;
  const env = io.env;
  if (sub === 'list') {
    const status = new Map((await verifyModels([], { env })).map((s) => [s.name, s]));
    const rows = listModels().map((m) => ({
      name: m.name, task: m.task, family: m.family ?? null, input: `${m.inputSize[0]}x${m.inputSize[1]}`, license: m.license, file: m.file,
      sha256: m.sha256, urls: m.urls, status: status.get(m.name)?.status ?? 'missing', path: status.get(m.name)?.path ?? null,
    }));
    write(io, json, rows, rows.map((r) => `${r.name.padEnd(20)} ${r.task.padEnd(7)} ${(r.family ?? '-').padEnd(8)} ${r.input.padEnd(8)} ${r.status === 'ok' ? r.path : r.status}\n`).join(''));
    return 0;
  }
  if (sub === 'fetch') {
    if (names.length !== 1) throw new SharpeyeError('E_CONFIG_INVALID', 'usage: sharpeye models fetch NAME [--from DIR|URL]');
    const r = await fetchModel(names[0], { from: values.from, env });
    write(io, json, { name: names[0], path: r.path, source: r.source }, `${names[0]}: ${r.path} (from ${r.source})\n`);
    return 0;
  }
  if (sub === 'verify') {
    const statuses = await verifyModels(names, { env });
    write(io, json, statuses, statuses.map(describe).join(''));
    return statuses.some((s) => s.status === 'corrupt') ? 1 : 0;
  }
  throw new SharpeyeError('E_CONFIG_INVALID', `unknown models subcommand '${sub}'; use list, fetch or verify`);
};

function describe(s: ModelStatus): string {
  if (s.status === 'missing') return `${s.name.padEnd(20)} missing\n`;
  return `${s.name.padEnd(20)} ${s.status.padEnd(8)} ${s.path}${s.status === 'corrupt' ? ` (sha256 ${s.sha256})` : ''}\n`;
}
