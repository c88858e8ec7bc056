// CLI options shared by every command that runs a detector, and their translation into
// DetectorOptions, so `detect`, `analyze` and later `serve` accept the same flags.
import type { DetectorOptions, ExecutionProvider } from '../inference/index.js';
import { SharpeyeError } from '../core/index.js';
import { parseIntegerOption, parseListOption, parseNumberOption } from './parse-options.js';

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

export const DETECTOR_HELP = [
  '  --model NAME|PATH   manifest name or .onnx path (default yolov8n-int8; see `sharpeye models list`)',
  '  --conf N            minimum score, 0..1 (default 0.25)',
  '  --iou N             NMS IoU threshold, 0..1 (default 0.45)',
  '  --classes a,b       keep only these labels (e.g. person,car)',
  '  --provider P        cpu | cuda | tensorrt (default cpu)',
  '  --threads N         onnxruntime intra-op threads per session (default: CPU cores / sessions)',
  '  --sessions N        parallel model sessions (analyze; default: CPU cores, for throughput)',
  '  --model-dir DIR     look for model files here first (default $SHARPEYE_MODEL_DIR)',
].join('\n');

type Values = { [K in keyof typeof DETECTOR_FLAGS]?: string };

export function detectorOptionsFrom(values: Values): DetectorOptions {
  const provider = values.provider ?? 'cpu';
  if (!['cpu', 'cuda', 'tensorrt'].includes(provider)) {
    throw new SharpeyeError('E_CONFIG_INVALID', `--provider must be cpu, cuda or tensorrt, got '${provider}'`);
  }
  return {
    model: values.model,
    modelDir: values['model-dir'],
    confidence: parseNumberOption('conf', values.conf, 0.25, 0, 1),
    iou: parseNumberOption('iou', values.iou, 0.45, 0, 1),
    classes: parseListOption(values.classes),
    provider: provider as ExecutionProvider,
    intraOpThreads: values.threads === undefined ? undefined : parseIntegerOption('threads', values.threads, 1, 1, 256),
    sessions: values.sessions === undefined ? undefined : parseIntegerOption('sessions', values.sessions, 1, 1, 64),
  };
}
