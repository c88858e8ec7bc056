// CLI options for commands that read or write the event store (`analyze --store`, `events`,
// `similar`): which store, which embedding model, where snapshots live; and the shared filters.
import { SharpeyeError } from '../core/index.js';
import { DEFAULT_EMBED_MODEL, EmbedderSet, type EmbedderConfig } from '../inference/index.js';
import { checkStoreSpec, compilePlatePattern, FILTER_LIMITS, openEventStore, type EventFilter, type EventStore } from '../indexer/index.js';
import type { IndexingOptions } from '../node/index.js';
import { getModelSpec, isModelName } from '../models/index.js';
import { parseListOption, parseNumberOption } from './parse-options.js';

export const STORE_FLAGS = {
  store: { type: 'string' },
  'embed-model': { type: 'string' },
  'embed-classes': { type: 'string' },
  'model-dir': { type: 'string' },
} as const;

export const FILTER_FLAGS = {
  camera: { type: 'string' },
  label: { type: 'string' },
  color: { type: 'string' },
  zone: { type: 'string' },
  rule: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  'min-duration': { type: 'string' },
  plate: { type: 'string' },
  'plate-tolerant': { type: 'boolean' },
  'vehicle-type': { type: 'string' },
  'upper-color': { type: 'string' },
  'lower-color': { type: 'string' },
  carrying: { type: 'string' },
  riding: { type: 'string' },
} as const;

export const STORE_HELP = [
  '  --store SPEC        sqlite:PATH (embedded, default kind) or milvus:HOST:PORT[/COLLECTION];',
  '                      Milvus credentials from $SHARPEYE_MILVUS_TOKEN or $SHARPEYE_MILVUS_USER/_PASSWORD',
  `  --embed-model NAME  appearance embedding model (default ${DEFAULT_EMBED_MODEL}; one vector space per store)`,
  "  --embed-classes a,b labels to embed (default: every label except person, an explicit opt-in)",
].join('\n');

export const FILTER_HELP = [
  '  --camera a,b        cameras          --label a,b      labels         --color a,b   colours',
  '  --zone a,b          entered a zone   --rule a,b       hit a rule',
  '  --from ISO --to ISO objects seen in this time range (ISO 8601 or epoch ms)',
  '  --min-duration S    seen for at least S seconds',
  '  --plate TEXT        plate text, exact (皖K66666) or with * (any run) and ? (one symbol): 皖K*, ?786POJ;',
  '                      Latin case and separators ignored   --plate-tolerant  also one OCR confusion (0/D/Q, 8/B, 1/7/I, 2/Z, 5/S, 6/G)',
  '  --vehicle-type a,b  car, suv_van, bus, light_goods, heavy_goods, motorcycle, bicycle',
  '  --upper-color a,b   --lower-color a,b  people by clothing colour',
  '  --carrying a,b      handbag, backpack, suitcase          --riding a,b  bicycle, motorcycle',
].join('\n');

type StoreValues = { store?: string; 'embed-model'?: string; 'embed-classes'?: string; 'model-dir'?: string };
type FilterValues = { [K in Exclude<keyof typeof FILTER_FLAGS, 'plate-tolerant'>]?: string } & { 'plate-tolerant'?: boolean };

/** The store's vector dimension, known from the manifest without loading the model when possible. */
async function dimensionOf(model: string, modelDir?: string): Promise<number> {
  if (isModelName(model)) {
    const dim = getModelSpec(model).embeddingDim;
    if (dim !== undefined) return dim;
  }
  const set = await EmbedderSet.create({ default: model }, { modelDir });
  try { return set.dimension; } finally { await set.close(); }
}

export function requireStore(values: StoreValues, command: string): string {
  if (!values.store) throw new SharpeyeError('E_CONFIG_INVALID', `${command} needs --store SPEC (e.g. --store sqlite:events.db)`);
  return values.store;
}

/** Opens an existing store for a read command (`events`, `similar`): nothing is created; a missing store is E_STORE_NOT_FOUND. */
export async function openStoreForReading(values: StoreValues, command: string): Promise<EventStore> {
  const spec = requireStore(values, command);
  checkStoreSpec(spec);
  return openEventStore(spec, { dimension: await dimensionOf(values['embed-model'] ?? DEFAULT_EMBED_MODEL, values['model-dir']), access: 'read' });
}

function embedderConfigFrom(values: StoreValues): Partial<EmbedderConfig> {
  const classes = parseListOption(values['embed-classes']);
  return { default: values['embed-model'] ?? DEFAULT_EMBED_MODEL, ...(classes ? { classes } : {}) };
}

export async function openEmbedders(values: StoreValues): Promise<EmbedderSet> {
  return EmbedderSet.create(embedderConfigFrom(values), { modelDir: values['model-dir'] }, '--embed-model/--embed-classes');
}

/** `analyze --store` flags as indexing options. */
export function indexingFromFlags(values: StoreValues & { snapshots?: string }, spec: string): IndexingOptions {
  return { spec, embedder: embedderConfigFrom(values), modelDir: values['model-dir'], snapshotsDir: values.snapshots, source: '--embed-model/--embed-classes' };
}

/** --plate and --plate-tolerant, checked before the store opens (a bad pattern is a usage error, exit 2). */
function plateFrom(values: FilterValues): { plate?: string; plateTolerant?: boolean } {
  const tolerant = values['plate-tolerant'] === true;
  if (values.plate === undefined) {
    if (tolerant) throw new SharpeyeError('E_CONFIG_INVALID', '--plate-tolerant needs --plate TEXT');
    return {};
  }
  try {
    compilePlatePattern(values.plate, tolerant);
  } catch (err) {
    throw new SharpeyeError('E_CONFIG_INVALID', `--plate: ${(err as Error).message}`, { cause: err });
  }
  return { plate: values.plate, ...(tolerant ? { plateTolerant: true } : {}) };
}

export function filterFrom(values: FilterValues): EventFilter {
  const time = (name: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    const ms = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
    if (!Number.isFinite(ms)) throw new SharpeyeError('E_CONFIG_INVALID', `--${name} must be an ISO 8601 date-time or epoch milliseconds, got '${v}'`);
    return ms;
  };
  const list = (name: Exclude<keyof FilterValues, 'plate-tolerant'>): string[] | undefined => {
    const items = parseListOption(values[name]);
    if (items && items.length > FILTER_LIMITS.valuesPerList) {
      throw new SharpeyeError('E_CONFIG_INVALID', `--${name} lists ${items.length} values; at most ${FILTER_LIMITS.valuesPerList} per query`);
    }
    const long = items?.find((s) => s.length > FILTER_LIMITS.valueLength);
    if (long !== undefined) throw new SharpeyeError('E_CONFIG_INVALID', `--${name} values are at most ${FILTER_LIMITS.valueLength} characters, one has ${long.length}`);
    return items;
  };
  const f: Record<string, unknown> = {
    cameras: list('camera'), labels: list('label'), colors: list('color'), zones: list('zone'), rules: list('rule'), from: time('from', values.from), to: time('to', values.to),
    minDurationSeconds: values['min-duration'] === undefined ? undefined : parseNumberOption('min-duration', values['min-duration'], 0, 0, 1e9),
    ...plateFrom(values),
    vehicleTypes: list('vehicle-type'), upperColors: list('upper-color'), lowerColors: list('lower-color'), carrying: list('carrying'), riding: list('riding'),
  };
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as EventFilter;
}
