// Command-line options: negative and otherwise bad numbers for numeric flags get the same one-line
// usage error in every command (never parseArgs' three-line "ambiguous argument" text), and
// parser errors are one line whatever the input holds.
import t from 'tap';
import { isSharpeyeError } from '../../core/index.js';
import { parseIntegerOption, parseNumberOption, parseOptions } from '../../cli/parse-options.js';
import { runSharpeye } from '../helpers/cli.js';
import { image, video } from '../helpers/fixtures.js';

const FLAGS = { limit: { type: 'string' }, json: { type: 'boolean' }, k: { type: 'string', short: 'k' } } as const;

t.test('a negative number after a string flag is its value', async (t) => {
  for (const [argv, limit] of [[['--limit', '-3'], '-3'], [['--limit', '-0.5'], '-0.5'], [['--limit', '-.5'], '-.5'], [['--limit', '-1e3'], '-1e3'], [['--limit=-7'], '-7']] as const) {
    t.equal(parseOptions([...argv], FLAGS).values.limit, limit, argv.join(' '));
  }
  t.equal(parseOptions(['-k', '-2'], FLAGS).values.k, '-2', 'short flags too');
  t.same(parseOptions(['--json', '--', '-3'], FLAGS).positionals, ['-3'], 'after -- it stays a positional');
  t.throws(() => parseOptions(['--json', '-3'], FLAGS), /Unknown option '-3'/, 'a boolean flag takes no value');
  t.throws(() => parseOptions(['--limit', '--json'], FLAGS), /E_CONFIG_INVALID|argument/i, 'a flag is not a value');
});

t.test('parser errors are one line', async (t) => {
  for (const argv of [['--bogus'], ['--limit'], ['--json=1'], ['--limit', '--json'], ['--bo\ngus']]) {
    const err = t.throws(() => parseOptions(argv, FLAGS, false));
    t.ok(isSharpeyeError(err, 'E_CONFIG_INVALID'));
    t.equal((err as Error).message.split('\n').length, 1, `${JSON.stringify(argv)}: ${(err as Error).message}`);
  }
});

t.test('numbers: plain decimals within bounds only, echoed safely', async (t) => {
  t.equal(parseNumberOption('x', undefined, 7, 0, 10), 7, 'absent: the default');
  t.equal(parseNumberOption('x', '2.5', 1, 0, 10), 2.5);
  t.equal(parseNumberOption('x', '1e1', 1, 0, 10), 10);
  t.equal(parseIntegerOption('x', '+3', 1, 0, 10), 3);
  for (const raw of ['-1', '11', '', ' ', ' 5', '0x5', '0b1', '0o7', '1_0', 'Infinity', '-Infinity', 'NaN', '5abc', '1e999', '.', '-', '5\n6', '\u0665']) {
    const err = t.throws(() => parseNumberOption('x', raw, 1, 0, 10), `${JSON.stringify(raw)} refused`);
    t.match((err as Error).message, /^--x must be a number between 0 and 10, got '.*'$/);
    t.equal((err as Error).message.split('\n').length, 1, 'one line');
  }
  t.throws(() => parseIntegerOption('x', '2.5', 1, 0, 10), /--x must be a whole number between 0 and 10, got '2\.5'/);
  const long = t.throws(() => parseNumberOption('x', '9'.repeat(500), 1, 0, 10));
  t.ok((long as Error).message.length < 120, 'a long value is cut short in the message');
});

t.test('every command: negative and malformed numbers give the one-line usage error, status 2', async (t) => {
  const cases: Array<[string[], RegExp]> = [
    [['detect', image('bus.jpg'), '--conf', '-1'], /--conf must be a number between 0 and 1, got '-1'/],
    [['detect', image('bus.jpg'), '--sessions', '-2'], /--sessions must be a number between 1 and 64, got '-2'/],
    [['analyze', video('highway.mp4'), '--fps', '-5'], /--fps must be a number between 0\.01 and 240, got '-5'/],
    [['analyze', video('highway.mp4'), '--max-frames', '-1'], /--max-frames must be a number between 1 and/],
    [['analyze', video('highway.mp4'), '--fps', '0x10'], /--fps must be a number .* got '0x10'/],
    [['events', '--store', 'sqlite:events.db', '--limit', '-3'], /--limit must be a number between 1 and 1000, got '-3'/],
    [['events', '--store', 'sqlite:events.db', '--min-duration', '-0.5'], /--min-duration must be a number between 0 and 1000000000, got '-0\.5'/],
    [['similar', '--store', 'sqlite:events.db', '--event', 'x', '--k', '-1'], /--k must be a number between 1 and 1000, got '-1'/],
    [['serve', '--config', 'x.yaml', '--stats-interval', '-5'], /--stats-interval must be a number between 0 and 86400, got '-5'/],
  ];
  for (const [args, message] of cases) {
    const r = await runSharpeye(args);
    t.equal(r.code, 2, args.join(' '));
    t.match(r.stderr, new RegExp(`^sharpeye ${args[0]}: E_CONFIG_INVALID: ${message.source}`));
    t.equal(r.stderr.trimEnd().split('\n').length, 1, 'one line');
  }
});
