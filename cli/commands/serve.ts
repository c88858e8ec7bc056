// `sharpeye serve --config FILE`: a thin shell over SharpeyeNode. Opens the node (all or nothing:
// a fatal start-up error exits at once, see README "Start-up is all or nothing"), serves its ports
// over HTTP, and on SIGINT/SIGTERM closes the API, then the node (which stops in stage order).
// Operational logs go to stderr (pino); data lines to stdout only with --json-lines.
import { createLogger, SharpeyeError } from '../../core/index.js';
import { loadNodeConfig, SharpeyeNode, withApiOverrides } from '../../node/index.js';
import { apiOverridesFrom } from '../api-options.js';
import { startApiServer } from '../../api/index.js';
import type { CliCommand } from '../cli-io.js';
import { parseIntegerOption, parseOptions } from '../parse-options.js';
import { writeJsonLines } from '../serve-json-lines.js';

const HELP = `usage: sharpeye serve --config FILE [--host H] [--port P] [--model-dir DIR] [--config-root DIR]... [--json-lines [--stats-interval S]]

Runs the cameras of FILE (YAML; see README "Camera configuration") with one shared detector and
serves the HTTP API (README "API") on --host/--port (config api.host/api.port; default
127.0.0.1:8480; the flags win; --port 0 picks a free port). One line on stdout says where.
Operational logs (camera states, errors with camera id and code, retention) go to stderr.
--json-lines also writes data to stdout, one JSON object per line with a "type": camera,
detections, object, alert, crossing, count, retention, webhook, error, stats (every
--stats-interval seconds, default 10, 0 = off) and summary (at shutdown).
Files the config names must stay inside its folder or a --config-root folder.
SIGINT or SIGTERM closes the API, stops the cameras, finishes work in flight and exits 0.
Exit status 2: the config or an option is invalid; 1: start-up failed on something the config
names (store, model, ...) or an unexpected error stopped the run; one line on stderr either way.
`;

export const serveCommand: CliCommand = async (argv, io) => {
  const { values, positionals } = parseOptions(argv, {
    config: { type: 'string' }, host: { type: 'string' }, port: { type: 'string' }, 'model-dir': { type: 'string' }, 'config-root': { type: 'string', multiple: true },
    'json-lines': { type: 'boolean' }, 'stats-interval': { type: 'string' }, help: { type: 'boolean', short: 'h' },
  });
  if (values.help) { io.stdout.write(HELP); return 0; }
  if (!values.config || positionals.length > 0) throw new SharpeyeError('E_CONFIG_INVALID', 'usage: sharpeye serve --config FILE');
  const statsEverySeconds = parseIntegerOption('stats-interval', values['stats-interval'], 10, 0, 86_400);
  const overrides = apiOverridesFrom(values); // checked before the file is read
  const roots = values['config-root'] ?? [];
  const config = withApiOverrides(await loadNodeConfig(values.config, { roots }), overrides);
  if (!config.cameras.some((c) => c.enabled)) throw new SharpeyeError('E_CONFIG_INVALID', `${values.config}: no enabled camera`);
  const logger = createLogger({ level: config.log.level });
  const node = await SharpeyeNode.open(config, { modelDir: values['model-dir'], roots, configPath: values.config, logger });
  const output = values['json-lines'] ? writeJsonLines(node, io, statsEverySeconds) : undefined;
  let api;
  try {
    const { host, port, bodyLimitBytes, uploadLimitBytes, cors, sse } = config.api;
    api = await startApiServer(node.ports, { host, port, bodyLimitBytes, uploadLimitBytes, cors, logger, alertStream: { heartbeatSeconds: sse.heartbeatSeconds, streamCapacity: sse.clientBufferEvents } });
  } catch (err) {
    await node.close();
    throw err;
  }
  const stopped = waitForStop(io.signal);
  node.start();
  if (output) io.stdout.write(JSON.stringify({ type: 'api', url: api.url }) + '\n');
  else io.stdout.write(`sharpeye serve: API on ${api.url} (docs at ${api.url}/docs)\n`);
  logger.info({ url: api.url }, 'API listening');
  const signal = await stopped;
  logger.info({ signal }, 'shutting down');
  await api.close();
  const summary = await node.close();
  output?.summary(signal, summary);
  return 0;
};

/** Resolves with the signal that asks serve to stop, or 'error' when `fatal` aborts (an error escaped). */
function waitForStop(fatal: AbortSignal | undefined): Promise<NodeJS.Signals | 'error'> {
  return new Promise((resolve) => {
    const done = (why: NodeJS.Signals | 'error') => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      fatal?.removeEventListener('abort', onFatal);
      resolve(why);
    };
    const onFatal = () => done('error');
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
    if (fatal?.aborted) onFatal();
    else fatal?.addEventListener('abort', onFatal, { once: true });
  });
}
