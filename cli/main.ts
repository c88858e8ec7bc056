// `sharpeye` command line: dispatches to one module per subcommand. Any SharpeyeError ends the
// process with one clear line on stderr (code + message) and a non-zero status.
import { SharpeyeError, toSharpeyeError } from '../core/index.js';
import type { CliCommand, CliIo } from './cli-io.js';

const COMMANDS: Record<string, { summary: string; load: () => Promise<CliCommand> }> = {
  detect: { summary: 'detect objects in images', load: async () => (await import('./commands/detect.js')).detectCommand },
  analyze: { summary: 'run detection over a video file or URL', load: async () => (await import('./commands/analyze.js')).analyzeCommand },
  serve: { summary: 'run live cameras from a config file', load: async () => (await import('./commands/serve.js')).serveCommand },
  events: { summary: 'list stored object events with filters', load: async () => (await import('./commands/events.js')).eventsCommand },
  similar: { summary: 'find stored objects that look alike', load: async () => (await import('./commands/similar.js')).similarCommand },
  models: { summary: 'list, fetch and verify models', load: async () => (await import('./commands/models.js')).modelsCommand },
};

export function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return ['usage: sharpeye <command> [options]', '', 'commands:', ...lines, '', "run 'sharpeye <command> --help' for options"].join('\n');
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage() + '\n');
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`sharpeye: unknown command '${name}'\n${usage()}\n`);
    return 2;
  }
  try {
    return await (await command.load())(rest, io);
  } catch (err) {
    const e = err instanceof SharpeyeError ? err : toSharpeyeError(err, 'E_INTERNAL');
    io.stderr.write(`sharpeye ${name}: ${e.code}: ${e.message}\n`);
    if (e.code === 'E_INTERNAL' && io.env.SHARPEYE_DEBUG) io.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
    return e.code === 'E_CONFIG_INVALID' ? 2 : 1;
  }
}

/** Runs the CLI on this process's argv and sets the exit code (used by bin/sharpeye.mjs). */
export async function runCli(): Promise<void> {
  process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
}
