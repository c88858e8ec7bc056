// Embedder: an ONNX image encoder with the signature `[N,3,H,W] -> [N,D]` run on object crops.
// Crops are cut from their frames by box, resampled into one batch tensor, run in batches of up
// to `maxBatch` on a shared (worker-thread) session, and returned as L2-normalised vectors.
import { availableParallelism } from 'node:os';
import { SharpeyeError, type Box, type RgbImage } from '../../core/index.js';
import { resolveModel, type ModelSpec } from '../../models/index.js';
import { acquireRunner, toOrtSessionOptions, type ModelIo, type RunnerLease, type RunnerMode, type SessionOptions, type TensorMap } from '../runtime/index.js';
import { preprocessCropInto, type EmbedPreprocess } from './crop-preprocess.js';
import { l2Normalized, type Embedding } from './embedding-vector.js';

/** The default embedding model: OSNet x0.25 (512-d), verified on cars and people. */
export const DEFAULT_EMBED_MODEL = 'osnet-x0.25-msmt17';

/**
 * Normalisation used for a model file that is not in the manifest and has no `spec`: RGB, /255,
 * ImageNet mean/std, stretched (what torchvision, timm and torchreid backbones expect).
 */
export const DEFAULT_EMBED_PREPROCESS: EmbedPreprocess = {
  channelOrder: 'rgb', scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], resize: 'stretch',
};

/** How to feed a model: overrides the manifest entry's fields, or describes a file outside it. */
export interface EmbedderSpec extends Partial<EmbedPreprocess> {
  /** Input width, for a model whose input size is symbolic. @defaultValue the model's, else the manifest's */
  inputWidth?: number;
  /** Input height, for a model whose input size is symbolic. @defaultValue the model's, else the manifest's */
  inputHeight?: number;
}

export interface EmbedderOptions extends SessionOptions {
  /** Manifest name (task 'embed') or path to an .onnx file. @defaultValue 'osnet-x0.25-msmt17' */
  model?: string;
  /** Directory searched before the cache (overrides $SHARPEYE_MODEL_DIR). */
  modelDir?: string;
  /** Where the session runs; 'worker' keeps preprocessing off the model's thread. @defaultValue 'worker' */
  runner?: RunnerMode;
  /** Parallel sessions (worker runner only), each with `intraOpThreads` threads. @defaultValue 1 */
  sessions?: number;
  /**
   * Largest number of crops in one run when the model's batch dimension is dynamic. On a 2-core CPU
   * batches of 4-8 gain about 10% for OSNet while int8 MobileNetV2 is fastest one crop at a time
   * (benchmarks/inference/embed-throughput.ts); measure on the target hardware. @defaultValue 8
   */
  maxBatch?: number;
  /** Name of the output holding the `[N, D]` embedding. @defaultValue the model's first output */
  output?: string;
  /** Preprocessing for a file outside the manifest, or overrides of the manifest entry's fields. */
  spec?: EmbedderSpec;
}

/** One crop to embed: a frame and the box to cut from it (no box: the whole image). */
export interface EmbedCrop {
  readonly image: RgbImage;
  readonly box?: Box;
}

export interface EmbedderInfo {
  model: string;
  path: string;
  inputName: string;
  outputName: string;
  inputWidth: number;
  inputHeight: number;
  dimension: number;
  /** Crops per run: 'dynamic' when the model accepts any batch size. */
  batch: number | 'dynamic';
  preprocess: EmbedPreprocess;
}

export interface EmbedderStats {
  crops: number;
  runs: number;
  /** Crops whose model output had no direction (all zeros or non-finite): returned as zero vectors. */
  zeroVectors: number;
}

interface Prepared { tensor: Float32Array; count: number; batch: number }

export class Embedder {
  readonly model: string;
  readonly dimension: number;
  readonly #stats: EmbedderStats = { crops: 0, runs: 0, zeroVectors: 0 };
  #closed = false;

  private constructor(readonly info: EmbedderInfo, private readonly lease: RunnerLease, private readonly maxBatch: number) {
    this.model = info.model;
    this.dimension = info.dimension;
    Object.freeze(info);
  }

  static async create(options: EmbedderOptions = {}): Promise<Embedder> {
    const resolved = await resolveModel(options.model ?? DEFAULT_EMBED_MODEL, { modelDir: options.modelDir });
    const spec = resolved.spec;
    const name = spec?.name ?? resolved.path;
    if (spec && spec.task !== 'embed') {
      throw new SharpeyeError('E_MODEL_SHAPE', `model ${name} is a '${spec.task}' model, not an embedder; choose an embed model (sharpeye models list)`, { details: { model: name } });
    }
    const maxBatch = options.maxBatch ?? 8;
    if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new SharpeyeError('E_CONFIG_INVALID', `embedder maxBatch must be a positive integer, got ${maxBatch}`);
    const mode = options.runner ?? 'worker';
    const sessions = mode === 'worker' ? Math.max(1, options.sessions ?? 1) : 1;
    const ortOptions = toOrtSessionOptions(options, Math.max(1, Math.floor(availableParallelism() / sessions)));
    const lease = await acquireRunner(resolved.path, ortOptions, mode, sessions);
    try {
      const info = describeEmbedder(lease.runner.io, name, resolved.path, spec, options);
      if (info.dimension === 0) info.dimension = await probeDimension(lease, info);
      if (spec?.embeddingDim !== undefined && spec.embeddingDim !== info.dimension) {
        throw new SharpeyeError('E_MODEL_SHAPE', `model ${name} outputs ${info.dimension}-d vectors but its manifest entry says ${spec.embeddingDim}`, { details: { model: name } });
      }
      return new Embedder(info, lease, maxBatch);
    } catch (err) {
      await lease.release();
      throw err;
    }
  }

  /** Runs the model can work on at the same time (parallel sessions). */
  get concurrency(): number {
    return this.lease.runner.concurrency;
  }

  /** Crops one run carries. */
  get batchCapacity(): number {
    return this.info.batch === 'dynamic' ? this.maxBatch : this.info.batch;
  }

  get stats(): Readonly<EmbedderStats> {
    return { ...this.#stats };
  }

  /** Unit-length vectors, one per crop, in order. A crop the model gives no direction for is all zeros. */
  async embed(crops: readonly EmbedCrop[]): Promise<Float32Array[]> {
    return (await this.embedDetailed(crops)).map((e) => e.vector);
  }

  /**
   * Like `embed`, with the raw norm and a `zero` flag per crop. Batches are prepared while earlier
   * ones run, with at most `concurrency + 1` runs in flight so memory stays bounded.
   */
  async embedDetailed(crops: readonly EmbedCrop[]): Promise<Embedding[]> {
    if (this.#closed) throw new SharpeyeError('E_INTERNAL', `embedder ${this.model} is closed`);
    const results = new Array<Embedding>(crops.length);
    const inFlight: Promise<void>[] = [];
    for (let start = 0; start < crops.length; start += this.batchCapacity) {
      const prepared = this.#prepare(crops.slice(start, start + this.batchCapacity));
      const run = this.#run(prepared).then((embeddings) => { embeddings.forEach((e, i) => { results[start + i] = e; }); });
      run.catch(() => undefined); // awaited below; this only keeps a failure seen while waiting on another from going unhandled
      inFlight.push(run);
      if (inFlight.length > this.concurrency) await inFlight.shift();
    }
    await Promise.all(inFlight);
    return results;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.lease.release();
  }

  #prepare(crops: readonly EmbedCrop[]): Prepared {
    const { inputWidth: w, inputHeight: h, preprocess } = this.info;
    // A fixed batch larger than the crops left is filled with zeros and its extra outputs dropped.
    const batch = this.info.batch === 'dynamic' ? crops.length : this.info.batch;
    const tensor = new Float32Array(batch * 3 * w * h);
    crops.forEach((c, i) => preprocessCropInto(c.image, c.box, preprocess, w, h, tensor, i * 3 * w * h));
    return { tensor, count: crops.length, batch };
  }

  async #run(p: Prepared): Promise<Embedding[]> {
    const { inputName, inputWidth: w, inputHeight: h, dimension: d } = this.info;
    const outputs = await this.lease.runner.run({ [inputName]: { dims: [p.batch, 3, h, w], data: p.tensor } });
    const data = checkOutput(outputs, this.info, p.batch);
    const embeddings = Array.from({ length: p.count }, (_, i) => l2Normalized(data, i * d, d));
    this.#stats.runs++;
    this.#stats.crops += p.count;
    this.#stats.zeroVectors += embeddings.filter((e) => e.zero).length;
    return embeddings;
  }
}

/** Reads input/output names, sizes and batch mode from the session; `dimension` 0 means "ask the model". */
function describeEmbedder(io: ModelIo, name: string, path: string, spec: ModelSpec | undefined, options: EmbedderOptions): EmbedderInfo {
  const input = io.inputs[0];
  const shapeError = (what: string) => new SharpeyeError('E_MODEL_SHAPE',
    `model ${name} cannot be used as an embedder: ${what}; an embedder takes [N,3,H,W] and returns [N,D]`, { details: { model: name, path, io } });
  if (io.inputs.length !== 1) throw shapeError(`it has ${io.inputs.length} inputs (${io.inputs.map((i) => i.name).join(', ')})`);
  if (input.dims.length !== 4 || (typeof input.dims[1] === 'number' && input.dims[1] !== 3)) {
    throw shapeError(`input '${input.name}' has shape [${input.dims.join(',')}]`);
  }
  const output = options.output === undefined ? io.outputs[0] : io.outputs.find((o) => o.name === options.output);
  if (!output) throw shapeError(`it has no output named '${options.output}' (outputs: ${io.outputs.map((o) => o.name).join(', ')})`);
  if (output.dims.length !== 2) throw shapeError(`output '${output.name}' has shape [${output.dims.join(',')}]`);
  const [inputWidth, inputHeight] = inputSize(input.dims, name, spec, options.spec);
  const preprocess: EmbedPreprocess = { ...(spec?.preprocess ?? DEFAULT_EMBED_PREPROCESS), ...withoutSize(options.spec) };
  return {
    model: name, path, inputName: input.name, outputName: output.name, inputWidth, inputHeight,
    dimension: typeof output.dims[1] === 'number' ? output.dims[1] : 0,
    batch: typeof input.dims[0] === 'number' ? input.dims[0] : 'dynamic',
    preprocess,
  };
}

function withoutSize(spec: EmbedderSpec | undefined): Partial<EmbedPreprocess> {
  if (!spec) return {};
  const { inputWidth: _w, inputHeight: _h, ...rest } = spec;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
}

/** The model's own input size wins; a configured size must agree with it. A symbolic size needs one. */
function inputSize(dims: Array<number | string>, name: string, spec: ModelSpec | undefined, override: EmbedderSpec | undefined): [number, number] {
  const [, , h, w] = dims;
  const want: [number | undefined, number | undefined] = [override?.inputWidth ?? spec?.inputSize[0], override?.inputHeight ?? spec?.inputSize[1]];
  if (typeof w === 'number' && typeof h === 'number') {
    if ((override?.inputWidth ?? w) !== w || (override?.inputHeight ?? h) !== h) {
      throw new SharpeyeError('E_CONFIG_INVALID', `embedder spec sets input ${want[0]}x${want[1]} but model ${name} takes ${w}x${h}; remove inputWidth/inputHeight`, { details: { model: name } });
    }
    return [w, h];
  }
  const width = typeof w === 'number' ? w : want[0];
  const height = typeof h === 'number' ? h : want[1];
  if (!width || !height || !Number.isInteger(width) || !Number.isInteger(height)) {
    throw new SharpeyeError('E_CONFIG_INVALID', `model ${name} has a symbolic input size [${dims.join(',')}]; set spec.inputWidth and spec.inputHeight (positive integers)`, { details: { model: name } });
  }
  return [width, height];
}

/** Runs one zero crop to learn D when the output's second dimension is symbolic. */
async function probeDimension(lease: RunnerLease, info: EmbedderInfo): Promise<number> {
  const batch = info.batch === 'dynamic' ? 1 : info.batch;
  const data = new Float32Array(batch * 3 * info.inputWidth * info.inputHeight);
  const outputs = await lease.runner.run({ [info.inputName]: { dims: [batch, 3, info.inputHeight, info.inputWidth], data } });
  const out = outputs[info.outputName];
  const d = out?.dims.length === 2 ? out.dims[1] : 0;
  if (!(d > 0)) {
    throw new SharpeyeError('E_MODEL_SHAPE', `model ${info.model} returned [${out?.dims.join(',') ?? ''}] from '${info.outputName}'; an embedder must return [N,D]`, { details: { model: info.model } });
  }
  return d;
}

/** The output of one run, checked to be exactly `[batch, D]`. */
function checkOutput(outputs: TensorMap, info: EmbedderInfo, batch: number): Float32Array {
  const out = outputs[info.outputName];
  if (!out || out.dims.length !== 2 || out.dims[0] !== batch || out.dims[1] !== info.dimension) {
    throw new SharpeyeError('E_MODEL_SHAPE',
      `model ${info.model} returned [${out?.dims.join(',') ?? 'nothing'}] from '${info.outputName}' for ${batch} crops; expected [${batch},${info.dimension}]`,
      { details: { model: info.model } });
  }
  return out.data;
}
