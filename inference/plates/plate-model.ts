// Opening one plate model: resolve it by manifest name (or path), check it is the kind of plate
// model the caller expects, and lease a shared onnxruntime session for it (runtime/runner-cache).
import { availableParallelism } from 'node:os';
import { SharpeyeError } from '../../core/index.js';
import { loadLabels, resolveModel, type ModelSpec, type ModelTask } from '../../models/index.js';
import { acquireRunner, toOrtSessionOptions, type RunnerLease, type RunnerMode, type SessionOptions } from '../runtime/index.js';

/** Session settings shared by every plate model. */
export interface PlateModelOptions extends SessionOptions {
  /** Directory searched before the cache (overrides $SHARPEYE_MODEL_DIR). */
  modelDir?: string;
  /** Where the sessions run: 'worker' keeps inference off the caller's thread. @defaultValue 'worker' */
  runner?: RunnerMode;
}

export interface OpenedPlateModel {
  name: string;
  path: string;
  spec: ModelSpec;
  labels: string[];
  lease: RunnerLease;
}

/** Resolves and opens `model`; throws E_MODEL_SHAPE when its manifest task is not `task`. */
export async function openPlateModel(model: string, task: ModelTask, options: PlateModelOptions): Promise<OpenedPlateModel> {
  const resolved = await resolveModel(model, { modelDir: options.modelDir });
  const spec = resolved.spec;
  if (!spec) {
    throw new SharpeyeError('E_MODEL_UNKNOWN', `plate model ${model} is not a manifest model (its sha256 matches none); plate models are used by name (sharpeye models list)`, { details: { model } });
  }
  if (spec.task !== task) {
    throw new SharpeyeError('E_MODEL_SHAPE', `model ${spec.name} is a '${spec.task}' model, not '${task}'; choose a ${task} model (sharpeye models list)`, { details: { model: spec.name } });
  }
  const labels = await loadLabels(spec, resolved.path);
  const lease = await acquireRunner(resolved.path, toOrtSessionOptions(options, Math.max(1, availableParallelism())), options.runner ?? 'worker');
  return { name: spec.name, path: resolved.path, spec, labels, lease };
}

/** The input of an opened model, checked to be `dims` (a symbolic batch matches anything). */
export function checkedInput(m: OpenedPlateModel, dims: number[]): string {
  const input = m.lease.runner.io.inputs[0];
  const ok = input && input.dims.length === dims.length && input.dims.every((d, i) => (typeof d === 'number' ? d === dims[i] : i === 0));
  if (!ok) {
    throw new SharpeyeError('E_MODEL_SHAPE', `model ${m.name} takes [${input?.dims.join(',') ?? ''}]; expected [${dims.join(',')}]`, { details: { model: m.name } });
  }
  return input.name;
}
