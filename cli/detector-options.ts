// CLI options shared by every command that runs a detector, and their translation into
// DetectorOptions, so `detect`, `analyze` and `serve` accept the same flags. Defaults and bounds
// come from the detector's config schema (inference/detector-config.ts), the same one the
// config file's `detector` section is validated by.
import { DETECTOR_DEFAULTS, DetectorConfigSchema, type DetectorOptions, type ExecutionProvider } from '../inference/index.js';
import { literalValues, SharpeyeError } from '../core/index.js';
import { parseListOption, parseSchemaOption, quoteValue } from './parse-options.js';

export const DETECTOR_FLAGS = {
  model: { type: 'string' },
  conf: { type: 'string' },
  iou: { type: 'string' },
  classes: { type: 'string' },
  provider: { type: 'string' },
  threads: { type: 'string' },
  sessions: { type: 'string' },
  'model-dir': { type: 'string' },
} as const;

const p = DetectorConfigSchema.properties;
const PROVIDERS = literalValues(p.provider) as readonly ExecutionProvider[];
const range = (s: { minimum?: number; maximum?: number }) => `${s.minimum}..${s.maximum}`;

export const DETECTOR_HELP = [
  `  --model NAME|PATH   manifest name or .onnx path (default ${DETECTOR_DEFAULTS.model}; see \`sharpeye models list\`)`,
  `  --conf N            minimum score, ${range(p.confidence)} (default ${DETECTOR_DEFAULTS.confidence})`,
  `  --iou N             NMS IoU threshold, ${range(p.iou)} (default ${DETECTOR_DEFAULTS.iou})`,
  '  --classes a,b       keep only these labels (e.g. person,car)',
  `  --provider P        ${PROVIDERS.join(' | ')} (default ${DETECTOR_DEFAULTS.provider})`,
  `  --threads N         onnxruntime intra-op threads per session, ${range(p.intraOpThreads)} (default: CPU cores / sessions)`,
  `  --sessions N        parallel model sessions, ${range(p.sessions)} (analyze; default: CPU cores, for throughput)`,
  '  --model-dir DIR     look for model files here first (default $SHARPEYE_MODEL_DIR)',
].join('\n');

type Values = { [K in keyof typeof DETECTOR_FLAGS]?: string };

/** The detector flags as DetectorOptions, each validated by its key's schema in DetectorConfigSchema. */
export function detectorOptionsFrom(values: Values): DetectorOptions {
  const provider = values.provider ?? DETECTOR_DEFAULTS.provider;
  if (!(PROVIDERS as readonly string[]).includes(provider)) {
    throw new SharpeyeError('E_CONFIG_INVALID', `--provider must be ${PROVIDERS.slice(0, -1).join(', ')} or ${PROVIDERS.at(-1)}, got ${quoteValue(provider)}`);
  }
  return {
    model: values.model,
    modelDir: values['model-dir'],
    confidence: parseSchemaOption('conf', values.conf, p.confidence),
    iou: parseSchemaOption('iou', values.iou, p.iou),
    classes: parseListOption(values.classes),
    provider: provider as ExecutionProvider,
    intraOpThreads: parseSchemaOption('threads', values.threads, p.intraOpThreads),
    sessions: parseSchemaOption('sessions', values.sessions, p.sessions),
  };
}
