// Detector: one model, one shared onnxruntime session, any supported output family. Work is split
// into `prepare` (CPU preprocessing on the caller's thread) and `infer` (model run + decode + NMS)
// so a streaming caller can preprocess frame k+1 while frame k is in the model.
import { availableParallelism } from 'node:os';
import { SharpeyeError, type Detection, type RgbImage } from '../core/index.js';
import { loadLabels, resolveModel, type DetectorFamily, type ModelSpec, type PreprocessSpec } from '../models/index.js';
import { selectDecoder } from './decoders/decoder-registry.js';
import type { DetectorDecoder } from './decoders/detector-decoder.js';
import { classAwareNms } from './nms.js';
import { DETECTOR_DEFAULTS, INPUT_SIZE_LIMITS } from './detector-config.js';
import { boxToSource, preprocessInto, type InputTransform } from './preprocess/letterbox.js';
import { cropImage, mergeTiledDetections, resolveTilingOptions, tileGrid, type ResolvedTilingOptions, type Tile, type TilingOptions } from './tiling/index.js';
import { acquireRunner, toOrtSessionOptions, type RunnerLease, type RunnerMode, type SessionOptions, type TensorInfo } from './runtime/index.js';

export interface DetectorOptions extends SessionOptions {
  /** Manifest name or path to an .onnx file. @defaultValue DETECTOR_DEFAULTS.model ('yolov8n-int8', from DetectorConfigSchema) */
  model?: string;
  /** Directory searched before the cache (overrides $SHARPEYE_MODEL_DIR). */
  modelDir?: string;
  /** Minimum score. @defaultValue DETECTOR_DEFAULTS.confidence (0.25) */
  confidence?: number;
  /** IoU above which a lower-scoring box of the same class is suppressed. @defaultValue DETECTOR_DEFAULTS.iou (0.45) */
  iou?: number;
  /** Keep only these labels (a detection's best class must be one of them). */
  classes?: string[];
  /** Detections kept per image after NMS. @defaultValue 300 */
  maxDetections?: number;
  /** Force an output family instead of the manifest's or the detected one. */
  family?: DetectorFamily;
  /** Where the session runs; 'worker' lets preprocessing overlap inference. @defaultValue 'worker' */
  runner?: RunnerMode;
  /**
   * Parallel sessions (worker runner only), each with `intraOpThreads` threads. Several
   * single-threaded sessions give the most throughput on a CPU node; one multi-threaded session
   * the lowest latency per frame. @defaultValue 1
   */
  sessions?: number;
  /** Largest batch sent in one run when the model's batch dimension is dynamic. @defaultValue 8 */
  maxBatch?: number;
  /**
   * How to feed and decode a model file that is not in the manifest (preprocessing, labels, family,
   * decode parameters), e.g. `getModelSpec('yolox-nano')` for a re-export of YOLOX. Merged over the
   * manifest entry when there is one.
   */
  spec?: Partial<ModelSpec>;
  /**
   * Run the model at this input size (`[width, height]` or one number for a square) instead of
   * its default, to give small and distant objects more pixels. Only for models whose input height
   * and width are dynamic (exported with dynamic axes); a multiple of the largest stride (32).
   * Costs about (size / default)^2 more inference time. @defaultValue the model's own size
   */
  inputSize?: number | readonly [number, number];
  /**
   * Sliced inference (SAHI-style): each frame is cut into overlapping slices, the model runs on
   * every slice (and the full frame), and the detections are merged. For small and distant objects
   * where the CPU allows: costs one inference per slice. @defaultValue off
   */
  tiling?: TilingOptions;
}

export interface DetectorInfo {
  model: string;
  path: string;
  family: DetectorFamily;
  inputWidth: number;
  inputHeight: number;
  labels: readonly string[];
  /** Images per run: 'dynamic' when the model accepts any batch size. */
  batch: number | 'dynamic';
  /** Whether the model's input height and width are dynamic (`inputSize` is allowed). */
  dynamicInput: boolean;
  /** Sliced inference settings, when on. */
  tiling?: ResolvedTilingOptions;
}

/** Preprocessed input ready for `infer`: one NCHW tensor holding `transforms.length` images. */
export interface PreparedBatch {
  tensor: Float32Array;
  transforms: InputTransform[];
  /** With tiling: the model runs for the slices of each image, each image's slices, and how they merge. */
  tiled?: { runs: Array<{ tensor: Float32Array; transforms: InputTransform[] }>; tiles: Tile[][]; tiling: ResolvedTilingOptions };
}

/** Per-call choices of `prepare`/`detect`, so one detector (one set of sessions) serves differently configured callers. */
export interface PrepareOptions {
  /**
   * Sliced inference for these images (from `resolveTilingOptions`), or `false` for plain
   * inference, whatever the detector's own `tiling`. @defaultValue the detector's `info.tiling`
   */
  tiling?: ResolvedTilingOptions | false;
}

/** Generic preprocessing for a model file outside the manifest: Ultralytics-style input. */
const DEFAULT_PREPROCESS: PreprocessSpec = { channelOrder: 'rgb', scale: 1 / 255, resize: 'letterbox', placement: 'top-left', padValue: 114 };

export class Detector {
  #closed = false;
  readonly #classFilter: Set<number> | undefined;

  private constructor(
    readonly info: DetectorInfo,
    private readonly lease: RunnerLease,
    private readonly decoder: DetectorDecoder,
    private readonly preprocess: PreprocessSpec,
    private readonly inputName: string,
    private readonly spec: ModelSpec | undefined,
    private readonly options: Required<Pick<DetectorOptions, 'confidence' | 'iou' | 'maxDetections' | 'maxBatch'>>,
    classes: string[] | undefined,
  ) {
    this.#classFilter = classes && new Set(classes.map((c) => info.labels.indexOf(c)));
  }

  static async create(options: DetectorOptions = {}): Promise<Detector> {
    const resolved = await resolveModel(options.model ?? DETECTOR_DEFAULTS.model, { modelDir: options.modelDir });
    const spec = mergeSpec(resolved.spec, options.spec);
    if (spec && spec.task !== 'detect') {
      throw new SharpeyeError('E_MODEL_SHAPE', `model ${spec.name} is an '${spec.task}' model, not a detector; choose a detect model (sharpeye models list)`, { details: { model: spec.name } });
    }
    const labels = await loadLabels(spec, resolved.path);
    validateClasses(options.classes, labels);
    const mode = options.runner ?? 'worker';
    const sessions = mode === 'worker' ? Math.max(1, options.sessions ?? 1) : 1;
    // Threads per session default to an even share of the cores.
    const ortOptions = toOrtSessionOptions(options, Math.max(1, Math.floor(availableParallelism() / sessions)));
    const lease = await acquireRunner(resolved.path, ortOptions, mode, sessions);
    try {
      const io = lease.runner.io;
      const input = io.inputs[0];
      const dynamicInput = typeof input.dims[2] !== 'number' && typeof input.dims[3] !== 'number';
      const [inputWidth, inputHeight] = options.inputSize === undefined ? inputSize(input, spec) : checkedInputSize(options.inputSize, dynamicInput, spec?.name ?? resolved.path, inputSize(input, spec), spec?.decode?.strides);
      const name = spec?.name ?? resolved.path;
      const decoder = selectDecoder(io, {
        inputWidth, inputHeight, numClasses: labels.length || undefined, strides: spec?.decode?.strides ?? [8, 16, 32], regMax: spec?.decode?.regMax ?? 7,
      }, options.family ?? spec?.family, name);
      const batch = typeof input.dims[0] === 'number' ? input.dims[0] : 'dynamic';
      const tiling = options.tiling ? resolveTilingOptions(options.tiling) : undefined;
      const info: DetectorInfo = { model: name, path: resolved.path, family: decoder.family, inputWidth, inputHeight, labels, batch, dynamicInput, ...(tiling ? { tiling } : {}) };
      const tuned = { confidence: options.confidence ?? DETECTOR_DEFAULTS.confidence, iou: options.iou ?? DETECTOR_DEFAULTS.iou, maxDetections: options.maxDetections ?? 300, maxBatch: options.maxBatch ?? 8 };
      return new Detector(info, lease, decoder, spec?.preprocess ?? DEFAULT_PREPROCESS, input.name, spec, tuned, options.classes);
    } catch (err) {
      await lease.release();
      throw err;
    }
  }

  /** Runs the model can work on at the same time (parallel sessions); callers keep this many in flight. */
  get concurrency(): number {
    return this.lease.runner.concurrency;
  }

  /** Images one `infer` call may carry (one with tiling: its slices fill the model's batches). */
  get batchCapacity(): number {
    if (this.info.tiling) return 1;
    return this.#modelBatch;
  }

  get #modelBatch(): number {
    return this.info.batch === 'dynamic' ? this.options.maxBatch : this.info.batch;
  }

  /**
   * Preprocesses up to `batchCapacity` images into one input tensor (synchronous CPU work); with
   * tiling (the detector's, or `o.tiling` for this call) every slice of each image, in model-sized runs.
   */
  prepare(images: readonly RgbImage[], o: PrepareOptions = {}): PreparedBatch {
    if (images.length === 0 || images.length > this.batchCapacity) {
      throw new SharpeyeError('E_INTERNAL', `prepare() takes 1..${this.batchCapacity} images, got ${images.length}`);
    }
    const tiling = o.tiling ?? this.info.tiling;
    if (tiling) return this.#prepareTiled(images, tiling);
    return this.#prepareRun(images);
  }

  #prepareRun(images: readonly RgbImage[]): { tensor: Float32Array; transforms: InputTransform[] } {
    const { inputWidth: w, inputHeight: h } = this.info;
    const tensor = new Float32Array(images.length * 3 * w * h);
    const transforms = images.map((img, i) => preprocessInto(img, this.preprocess, w, h, tensor, i * 3 * w * h));
    return { tensor, transforms };
  }

  /** Every slice of every image, preprocessed into runs of at most the model's batch. */
  #prepareTiled(images: readonly RgbImage[], tiling: ResolvedTilingOptions): PreparedBatch {
    const tiles = images.map((img) => tileGrid(img.width, img.height, tiling));
    const crops = images.flatMap((img, i) => tiles[i].map((tile) => cropImage(img, tile)));
    const runs: Array<{ tensor: Float32Array; transforms: InputTransform[] }> = [];
    for (let k = 0; k < crops.length; k += this.#modelBatch) runs.push(this.#prepareRun(crops.slice(k, k + this.#modelBatch)));
    return { tensor: new Float32Array(0), transforms: [], tiled: { runs, tiles, tiling } };
  }

  /** Runs the model on a prepared batch; the tensor's buffer is handed over (do not reuse it). */
  async infer(batch: PreparedBatch): Promise<Detection[][]> {
    if (batch.tiled) return this.#inferTiled(batch.tiled);
    return this.#inferRun(batch);
  }

  async #inferTiled(tiled: NonNullable<PreparedBatch['tiled']>): Promise<Detection[][]> {
    const { tiling } = tiled;
    const perCrop = (await Promise.all(tiled.runs.map((r) => this.#inferRun(r)))).flat();
    let k = 0;
    return tiled.tiles.map((tiles) => {
      const found = tiles.map(() => perCrop[k++]);
      return mergeTiledDetections(tiles, found, tiling.matchMetric, tiling.matchThreshold, this.options.maxDetections);
    });
  }

  async #inferRun(batch: { tensor: Float32Array; transforms: InputTransform[] }): Promise<Detection[][]> {
    const { inputWidth: w, inputHeight: h } = this.info;
    const outputs = await this.lease.runner.run({ [this.inputName]: { dims: [batch.transforms.length, 3, h, w], data: batch.tensor } });
    return batch.transforms.map((t, batchIndex) => this.#postprocess(outputs, t, batchIndex));
  }

  /** Detections on one image, in its pixels, best first; `o.tiling` overrides the detector's tiling for this call. */
  async detect(image: RgbImage, o: PrepareOptions = {}): Promise<Detection[]> {
    return (await this.infer(this.prepare([image], o)))[0];
  }

  /** Detects on many images, in model-sized batches, with preprocessing overlapping inference. */
  async detectBatch(images: readonly RgbImage[]): Promise<Detection[][]> {
    const runs: Promise<Detection[][]>[] = [];
    for (let i = 0; i < images.length; i += this.batchCapacity) {
      runs.push(this.infer(this.prepare(images.slice(i, i + this.batchCapacity))));
    }
    return (await Promise.all(runs)).flat();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.lease.release();
  }

  #postprocess(outputs: Parameters<DetectorDecoder['decode']>[0], t: InputTransform, batchIndex: number): Detection[] {
    const { inputWidth, inputHeight, labels } = this.info;
    const c = this.decoder.decode(outputs, {
      inputWidth, inputHeight, numClasses: labels.length, confidence: this.options.confidence, batchIndex,
      strides: this.spec?.decode?.strides ?? [8, 16, 32], regMax: this.spec?.decode?.regMax ?? 7,
    });
    if (this.#classFilter) {
      const keep = c.classIds.map((id, i) => (this.#classFilter!.has(id) ? i : -1)).filter((i) => i >= 0);
      c.boxes = keep.flatMap((i) => c.boxes.slice(4 * i, 4 * i + 4));
      c.scores = keep.map((i) => c.scores[i]);
      c.classIds = keep.map((i) => c.classIds[i]);
    }
    const kept = this.decoder.family === 'end2end'
      ? c.scores.map((_, i) => i).sort((a, b) => c.scores[b] - c.scores[a]).slice(0, this.options.maxDetections)
      : classAwareNms(c, this.options.iou, this.options.maxDetections);
    return kept.map((i) => {
      const box = boxToSource([c.boxes[4 * i], c.boxes[4 * i + 1], c.boxes[4 * i + 2], c.boxes[4 * i + 3]], t);
      const classId = c.classIds[i];
      return { label: labels[classId] ?? `class${classId}`, classId, score: c.scores[i], box };
    });
  }
}

function mergeSpec(base: ModelSpec | undefined, override: Partial<ModelSpec> | undefined): ModelSpec | undefined {
  if (!override) return base;
  return { ...(base ?? {}), ...override } as ModelSpec;
}

function inputSize(input: TensorInfo, spec: ModelSpec | undefined): [number, number] {
  const [, , h, w] = input.dims;
  if (typeof w === 'number' && typeof h === 'number') return [w, h];
  if (spec) return spec.inputSize;
  return [640, 640];
}

/** A requested input size, checked against the model: dynamic height and width, a stride multiple. */
function checkedInputSize(size: number | readonly [number, number], dynamic: boolean, model: string, native: [number, number], strides: readonly number[] | undefined): [number, number] {
  const [w, h] = typeof size === 'number' ? [size, size] : size;
  const stride = Math.max(...(strides ?? [8, 16, 32]));
  if (!dynamic) {
    throw new SharpeyeError('E_CONFIG_INVALID', `model ${model} has a fixed ${native[0]}x${native[1]} input, so inputSize ${w}x${h} cannot be used; export the model with dynamic input axes (e.g. yolo export dynamic=True) or use tiling instead`, { details: { model, inputSize: [w, h] } });
  }
  for (const v of [w, h]) {
    if (!(Number.isInteger(v) && v >= stride && v <= INPUT_SIZE_LIMITS.maximum! && v % stride === 0)) {
      throw new SharpeyeError('E_CONFIG_INVALID', `inputSize must be whole multiples of ${stride} from ${stride} to ${INPUT_SIZE_LIMITS.maximum} pixels, got ${JSON.stringify(size)}`, { details: { inputSize: size } });
    }
  }
  return [w, h];
}

function validateClasses(classes: string[] | undefined, labels: readonly string[]): void {
  const unknown = (classes ?? []).filter((c) => !labels.includes(c));
  if (unknown.length > 0) {
    throw new SharpeyeError('E_CONFIG_INVALID', `unknown class ${unknown.map((c) => `'${c}'`).join(', ')}; the model's labels are: ${labels.join(', ')}`);
  }
}
