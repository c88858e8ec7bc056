// EmbedderSet: the embedding models of one deployment, chosen per label, behind one `embed` call.
// All models must share one dimension, because their vectors go into one store and are compared
// with each other. People are not embedded unless configured: appearance search on persons is an
// explicit opt-in for privacy reasons.
import { Type, type Static } from '@sinclair/typebox';
import { SharpeyeError, validateConfig, type Box, type RgbImage } from '../../core/index.js';
import { getModelSpec, isModelName } from '../../models/index.js';
import { DEFAULT_EMBED_MODEL, Embedder, type EmbedderOptions } from './embedder.js';
import type { Embedding } from './embedding-vector.js';

const ModelRef = Type.String({ minLength: 1, description: 'manifest model name (task embed) or path to an .onnx file' });

export const EmbedderConfigSchema = Type.Object({
  default: Type.String({ minLength: 1, default: DEFAULT_EMBED_MODEL, description: 'model for every embedded label without a perClass entry' }),
  perClass: Type.Optional(Type.Record(Type.String({ minLength: 1 }), ModelRef, {
    description: 'model per label, e.g. { car: mobilenetv2-int8 }; every model must give vectors of the same dimension',
  })),
  classes: Type.Optional(Type.Array(Type.String({ minLength: 1 }), {
    uniqueItems: true,
    description: "labels that are embedded; default: every label except 'person' (person appearance search is opt-in)",
  })),
}, { additionalProperties: false, description: 'appearance embedding models for similar search' });

/**
 * Which embedding model runs on which label.
 *
 * Privacy default: without `classes`, every label except `person` is embedded. Whole-body
 * appearance vectors of people (clothing, shape) allow following a person across cameras, so a
 * deployment must opt in by listing `person` in `classes`, after its own privacy assessment.
 */
export type EmbedderConfig = Static<typeof EmbedderConfigSchema>;

/** The label excluded from embedding unless `classes` names it. */
export const PRIVACY_EXCLUDED_LABEL = 'person';

/** A crop with the label that picks its model. */
export interface LabelledCrop {
  readonly label: string;
  readonly image: RgbImage;
  readonly box?: Box;
}

/** Settings shared by every model of the set (model dir, provider, threads, batching). */
export type EmbedderSetOptions = Omit<EmbedderOptions, 'model'>;

export class EmbedderSet {
  #closed = false;

  private constructor(
    readonly config: Readonly<EmbedderConfig>,
    readonly dimension: number,
    private readonly embedders: ReadonlyMap<string, Embedder>,
  ) {}

  /**
   * Validates `config`, opens every distinct model once and checks that they share one dimension
   * (E_CONFIG_INVALID naming each model and its dimension otherwise).
   */
  static async create(config: Partial<EmbedderConfig> = {}, options: EmbedderSetOptions = {}, source = 'embedder'): Promise<EmbedderSet> {
    const valid = validateConfig(EmbedderConfigSchema, config, source, (p) => `${source}.${p}`);
    checkPerClassLabels(valid, source);
    const models = [...new Set([valid.default, ...Object.values(valid.perClass ?? {})])];
    checkManifestDimensions(valid, models, source);
    const opened = await Promise.allSettled(models.map((model) => Embedder.create({ ...options, model })));
    const embedders = new Map<string, Embedder>();
    opened.forEach((r, i) => { if (r.status === 'fulfilled') embedders.set(models[i], r.value); });
    const failed = opened.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    try {
      if (failed) throw failed.reason;
      const dims = new Map([...embedders].map(([model, e]) => [model, e.dimension]));
      if (new Set(dims.values()).size > 1) throw mixedDimensions(valid, dims, source);
      return new EmbedderSet(valid, embedders.get(valid.default)!.dimension, embedders);
    } catch (err) {
      await Promise.all([...embedders.values()].map((e) => e.close()));
      throw err;
    }
  }

  /** Whether crops of `label` are embedded at all. */
  embeds(label: string): boolean {
    return isEmbedded(this.config, label);
  }

  /** The model that embeds `label`, or undefined when the label is not embedded. */
  modelFor(label: string): string | undefined {
    if (!this.embeds(label)) return undefined;
    return this.config.perClass?.[label] ?? this.config.default;
  }

  /** One unit vector per crop, in order; `null` for crops whose label is not embedded. */
  async embed(crops: readonly LabelledCrop[]): Promise<Array<Float32Array | null>> {
    return (await this.embedDetailed(crops)).map((e) => e?.vector ?? null);
  }

  /** Routes each model's crops to it in one batched call; all models run concurrently. */
  async embedDetailed(crops: readonly LabelledCrop[]): Promise<Array<Embedding | null>> {
    if (this.#closed) throw new SharpeyeError('E_INTERNAL', 'embedder set is closed');
    const results = new Array<Embedding | null>(crops.length).fill(null);
    const groups = new Map<string, number[]>();
    crops.forEach((c, i) => {
      const model = this.modelFor(c.label);
      if (model !== undefined) groups.set(model, [...(groups.get(model) ?? []), i]);
    });
    await Promise.all([...groups].map(async ([model, indices]) => {
      const out = await this.embedders.get(model)!.embedDetailed(indices.map((i) => crops[i]));
      indices.forEach((crop, k) => { results[crop] = out[k]; });
    }));
    return results;
  }

  /** The opened embedder of a model of this set (for stats and info). */
  embedder(model: string): Embedder | undefined {
    return this.embedders.get(model);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.embedders.values()].map((e) => e.close()));
  }
}

const isEmbedded = (config: EmbedderConfig, label: string): boolean =>
  (config.classes ? config.classes.includes(label) : label !== PRIVACY_EXCLUDED_LABEL);

/** A perClass entry for a label that is never embedded does nothing: say so instead of ignoring it. */
function checkPerClassLabels(config: EmbedderConfig, source: string): void {
  for (const label of Object.keys(config.perClass ?? {})) {
    if (isEmbedded(config, label)) continue;
    const fix = config.classes
      ? `add '${label}' to ${source}.classes or remove the entry`
      : `person appearance search is opt-in: list the labels to embed, including 'person', in ${source}.classes`;
    throw new SharpeyeError('E_CONFIG_INVALID', `${source}.perClass.${label} sets a model, but '${label}' is not embedded; ${fix}`, { details: { label } });
  }
}

/** Fails before loading anything when the manifest already shows the dimensions differ. */
function checkManifestDimensions(config: EmbedderConfig, models: string[], source: string): void {
  const dims = new Map<string, number>();
  for (const model of models) {
    const dim = isModelName(model) ? getModelSpec(model).embeddingDim : undefined;
    if (dim !== undefined) dims.set(model, dim);
  }
  if (new Set(dims.values()).size > 1) throw mixedDimensions(config, dims, source);
}

function mixedDimensions(config: EmbedderConfig, dims: ReadonlyMap<string, number>, source: string): SharpeyeError {
  const uses = (model: string) => {
    const labels = Object.entries(config.perClass ?? {}).filter(([, m]) => m === model).map(([l]) => l);
    return model === config.default ? ['default', ...labels] : labels;
  };
  const list = [...dims].map(([model, d]) => `${model} (${d}-d; ${uses(model).join(', ')})`).join(', ');
  return new SharpeyeError('E_CONFIG_INVALID',
    `${source}: the configured embedding models give vectors of different dimensions: ${list}; ` +
    'vectors of one store must share one dimension, so choose models of the same dimension for every class',
    { details: { dimensions: Object.fromEntries(dims) } });
}
