// Options for one onnxruntime session and their translation to onnxruntime-node's option object.
// Execution providers are checked against what this onnxruntime binary bundles, so asking for
// CUDA on a CPU-only install fails at start with a clear error instead of silently running on CPU.
import * as ort from 'onnxruntime-node';
import { SharpeyeError } from '../../core/index.js';

export type ExecutionProvider = 'cpu' | 'cuda' | 'tensorrt';

export interface SessionOptions {
  /** Execution provider; falls back through cuda to cpu for tensorrt. @defaultValue 'cpu' */
  provider?: ExecutionProvider;
  /** Threads inside one operator. @defaultValue number of CPU cores (os.availableParallelism) */
  intraOpThreads?: number;
  /** Threads across independent operators. @defaultValue 1 */
  interOpThreads?: number;
  /** GPU index for cuda / tensorrt. @defaultValue 0 */
  deviceId?: number;
  /**
   * Let idle intra-op threads spin-wait for work. Spinning shaves a little latency off a lone
   * session but burns the cores that decoding and preprocessing need in a pipeline.
   * @defaultValue false
   */
  spinWait?: boolean;
}

export function availableProviders(): string[] {
  return ort.listSupportedBackends().filter((b) => b.bundled).map((b) => b.name);
}

export function toOrtSessionOptions(options: SessionOptions, defaultThreads: number): ort.InferenceSession.SessionOptions {
  const provider = options.provider ?? 'cpu';
  const chain = executionProviderChain(provider, options.deviceId ?? 0);
  return {
    executionProviders: chain,
    intraOpNumThreads: options.intraOpThreads ?? defaultThreads,
    interOpNumThreads: options.interOpThreads ?? 1,
    graphOptimizationLevel: 'all',
    // Old exporters (NanoDet) log hundreds of harmless initializer warnings; keep errors only.
    logSeverityLevel: 3,
    extra: { session: { intra_op: { allow_spinning: options.spinWait ? '1' : '0' }, inter_op: { allow_spinning: options.spinWait ? '1' : '0' } } },
  };
}

function executionProviderChain(provider: ExecutionProvider, deviceId: number): ort.InferenceSession.ExecutionProviderConfig[] {
  if (provider === 'cpu') return ['cpu'];
  const bundled = availableProviders();
  if (!bundled.includes(provider)) {
    throw new SharpeyeError('E_MODEL_PROVIDER',
      `execution provider '${provider}' is not available in this onnxruntime-node build (available: ${bundled.join(', ')}); ` +
      `install with ONNXRUNTIME_NODE_INSTALL=cuda12 on a GPU node or use --provider cpu`, { details: { provider, available: bundled } });
  }
  if (provider === 'cuda') return [{ name: 'cuda', deviceId }, 'cpu'];
  return [{ name: 'tensorrt', deviceId }, { name: 'cuda', deviceId }, 'cpu'];
}
