// `sharpeye` command line: dispatches to one module per subcommand. Any SharpeyeError ends the
// process with one clear line on stderr (code + message) and a non-zero status: 2 when the
// configuration or an option is invalid (E_CONFIG_INVALID), 1 for anything else. The exit guard
// makes sure the process does end, even when something escaped or was left open.
import { SharpeyeError, toSharpeyeError } from '../core/index.js';
import type { CliCommand, CliIo } from './cli-io.js';
import { EXIT_FAILURE, installExitGuard, oneLine } from './exit-guard.js';

/** Exit status of an invalid configuration or command line: fix the input, retrying will not help. */
export const EXIT_USAGE = 2;

const COMMANDS: Record<string, { summary: string; load: () => Promise<CliCommand> }> = {
  detect: { summary: 'detect objects in images', load: async () => (await import('./commands/detect.js')).detectCommand },
  analyze: { summary: 'run detection over a video file or URL', load: async () => (await import('./commands/analyze.js')).analyzeCommand },
  serve: { summary: 'run live cameras from a config file', load: async () => (await import('./commands/serve.js')).serveCommand },
  events: { summary: 'list stored object events with filters', load: async () => (await import('./commands/events.js')).eventsCommand },
  similar: { summary: 'find stored objects that look alike', load: async () => (await import('./commands/similar.js')).similarCommand },
  models: { summary: 'list, fetch and verify models', load: async () => (await import('./commands/models.js')).modelsCommand },
  config: { summary: 'check a config file, print the config JSON Schema', load: async () => (await import('./commands/config.js')).configCommand },
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
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.stderr.write(`sharpeye: unknown command '${oneLine(name)}'\n${usage()}\n`);
    return EXIT_USAGE;
  }
  try {
    return await (await command.load())(rest, io);
  } catch (err) {
    const e = err instanceof SharpeyeError ? err : toSharpeyeError(err, 'E_INTERNAL');
    io.stderr.write(`sharpeye ${name}: ${e.code}: ${oneLine(e.message)}\n`);
    if (e.code === 'E_INTERNAL' && io.env.SHARPEYE_DEBUG) io.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
    return e.code === 'E_CONFIG_INVALID' ? EXIT_USAGE : EXIT_FAILURE;
  }
}

/** Runs the CLI on this process's argv and sets the exit code (used by bin/sharpeye.mjs). */
export async function runCli(): Promise<void> {
  const argv = process.argv.slice(2);
  const command = argv[0] && Object.hasOwn(COMMANDS, argv[0]) ? ` ${argv[0]}` : '';
  const guard = installExitGuard({ prefix: `sharpeye${command}`, stderr: process.stderr });
  guard.finish(await main(argv, { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: guard.signal }));
}
