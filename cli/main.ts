// `sharpeye` command line: dispatches to one module per subcommand. Any SharpeyeError ends the
// process with one clear line on stderr (code + message) and a non-zero status: 2 when the
// configuration or an option is invalid (E_CONFIG_INVALID), 1 for anything else. The exit guard
// makes sure the process does end, even when something escaped or was left open. `--version` and
// `--help` import nothing but this file (core/ and every command are loaded on first use), so
// they answer in a few tens of milliseconds.
import type { CliCommand, CliIo } from './cli-io.js';
import { packageVersion } from './version.js';

/** Exit status of an invalid configuration or command line: fix the input, retrying will not help. */
export const EXIT_USAGE = 2;

const COMMANDS: Record<string, { summary: string; load: () => Promise<CliCommand> }> = {
  detect: { summary: 'detect objects in images', load: async () => (await import('./commands/detect.js')).detectCommand },
  analyze: { summary: 'run detection over a video file or URL', load: async () => (await import('./commands/analyze.js')).analyzeCommand },
  serve: { summary: 'run live cameras from a config file', load: async () => (await import('./commands/serve.js')).serveCommand },
  events: { summary: 'list stored object events with filters', load: async () => (await import('./commands/events.js')).eventsCommand },
  export: { summary: 'export stored object events as GA/T 1400 JSON, JSON or CSV', load: async () => (await import('./commands/export.js')).exportCommand },
  similar: { summary: 'find stored objects that look alike', load: async () => (await import('./commands/similar.js')).similarCommand },
  models: { summary: 'list, fetch and verify models', load: async () => (await import('./commands/models.js')).modelsCommand },
  config: { summary: 'check a config file, print the config JSON Schema', load: async () => (await import('./commands/config.js')).configCommand },
};

export function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return ['usage: sharpeye <command> [options]', '', 'commands:', ...lines, '', "run 'sharpeye <command> --help' for options; 'sharpeye --version' for the version"].join('\n');
}

/** Answers `--help` and `--version` (no core/ loaded); undefined for anything else. */
function quickAnswer(argv: string[], io: CliIo): number | undefined {
  const [name] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage() + '\n');
    return name ? 0 : EXIT_USAGE;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  return undefined;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const quick = quickAnswer(argv, io);
  if (quick !== undefined) return quick;
  const [name, ...rest] = argv;
  const { EXIT_FAILURE, oneLine } = await import('./exit-guard.js');
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.stderr.write(`sharpeye: unknown command '${oneLine(name)}'\n${usage()}\n`);
    return EXIT_USAGE;
  }
  const { SharpeyeError, toSharpeyeError } = await import('../core/index.js');
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
  const quick = quickAnswer(argv, { stdout: process.stdout, stderr: process.stderr, env: process.env });
  if (quick !== undefined) {
    process.exitCode = quick;
    return;
  }
  const { installExitGuard } = await import('./exit-guard.js');
  const command = argv[0] && Object.hasOwn(COMMANDS, argv[0]) ? ` ${argv[0]}` : '';
  const guard = installExitGuard({ prefix: `sharpeye${command}`, stderr: process.stderr });
  guard.finish(await main(argv, { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: guard.signal }));
}
