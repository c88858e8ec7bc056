// Start-up of a SharpeyeNode (`sharpeye serve`), all or nothing. Everything that can be checked without opening
// anything is checked first (the config file with its rules files and webhook targets, then every
// model resolved to a verified file); then the webhook sender, the store and the detector open in
// that order, and when one fails, what was opened before it is closed again, so the error ends
// the process instead of leaving it alive with no cameras.
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { makeDirsSync, SharpeyeError } from '../core/index.js';
import { Detector, DEFAULT_EMBED_MODEL, OnnxPlateReader, PlateReaderOptionsSchema, type ExecutionProvider } from '../inference/index.js';
import { resolveModel } from '../models/index.js';
import { newPlateTrack, plateReaderKey, WebhookSender, type PlatesConfig, type ServeConfig, type WebhookLogger } from '../worker/index.js';
import { openIndexing, type OpenedIndexing } from './open-indexing.js';
import { PlateReaders, type PlateReadersOptions } from './plate-readers.js';

/** What a running node holds besides its cameras; the node closes it in stage order. */
export interface ServeResources {
  detector: Detector;
  stored?: OpenedIndexing;
  webhooks?: WebhookSender;
  /** The node's plate readers; those of the config's plate cameras are open already. */
  plates: PlateReaders;
}

/** Manifest names of the plate models a camera's plates settings load. */
export function plateModels(c: PlatesConfig): string[] {
  return [`y5fu-${c.detectorSize}`, ...(c.recogniser === 'plate_rec_color' ? ['plate-rec-color'] : []), 'cct-xs-v1-global'];
}

/**
 * The node's plate readers: OnnxPlateReader on the detector's execution provider, one intra-op
 * thread per model (reads run side by side, at most `inFlight` at once, next to the detector).
 */
export function nodePlateReaders(o: Pick<PlateReadersOptions, 'inFlight'> & { modelDir?: string; provider?: ExecutionProvider } = {}): PlateReaders {
  const readerFields = Object.keys(PlateReaderOptionsSchema.properties) as Array<keyof PlatesConfig>;
  return new PlateReaders({
    inFlight: o.inFlight,
    open: (c) => OnnxPlateReader.create({
      ...Object.fromEntries(readerFields.map((k) => [k, c[k]])), modelDir: o.modelDir, provider: o.provider, intraOpThreads: 1,
    }),
    readerKey: plateReaderKey,
    newTrack: newPlateTrack,
  });
}

/**
 * Resolves the detector's model and, with a store, every embedding model to a verified local file,
 * so a missing or unknown model fails before the store is created. Loads nothing. Throws
 * E_MODEL_UNKNOWN, E_MODEL_NOT_FOUND or E_MODEL_CHECKSUM (E_MODEL_DOWNLOAD where fetching is allowed).
 */
export async function checkServeModels(config: ServeConfig, modelDir: string | undefined): Promise<void> {
  const embedder = config.store?.embedder;
  const models = [config.detector.model];
  if (config.store) models.push(embedder?.default ?? DEFAULT_EMBED_MODEL, ...Object.values(embedder?.perClass ?? {}));
  for (const c of config.cameras) if (c.plates.enabled) models.push(...plateModels(c.plates));
  for (const model of new Set(models)) await resolveModel(model, { modelDir });
}

/**
 * Creates the folders serve writes into: the SQLite store's folder (E_STORE_OPEN when it cannot be
 * made) and `snapshotsDir` (E_CONFIG_INVALID). Made here, without recursive mkdir, so a path under
 * /proc or through a dangling symlink fails at once instead of hanging the stages that open them.
 */
export function prepareServeFolders(config: ServeConfig, source: string): void {
  const spec = config.store?.spec;
  const sqlite = spec?.startsWith('sqlite:') ? spec.slice('sqlite:'.length) : undefined;
  if (sqlite && sqlite !== ':memory:') {
    const file = resolve(sqlite);
    tryMake(dirname(file), (why, cause) => new SharpeyeError('E_STORE_OPEN', `cannot create the folder of event store ${file}: ${why}; choose a writable folder`, { cause, details: { path: file } }));
  }
  if (config.snapshotsDir !== undefined) {
    const dir = resolve(config.snapshotsDir);
    tryMake(dir, (why, cause) => new SharpeyeError('E_CONFIG_INVALID', `${source}: snapshotsDir: cannot create ${dir}: ${why}; choose a writable folder`, { cause, details: { path: dir } }));
  }
}

function tryMake(dir: string, error: (why: string, cause: unknown) => SharpeyeError): void {
  try {
    makeDirsSync(dir);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw error(e.code ? `${e.code}${e.path ? ` at ${e.path}` : ''}` : e.message, err);
  }
}

/** Opens the webhook sender, the store and the detector; on any failure closes what was opened and rethrows. */
export async function openServeResources(config: ServeConfig, modelDir: string | undefined, logger?: WebhookLogger): Promise<ServeResources> {
  const plates = nodePlateReaders({ modelDir, provider: config.detector.provider });
  // Constructing the sender validates the targets again and opens nothing (connections come per delivery).
  const webhooks = config.webhooks.length > 0 ? new WebhookSender({ targets: config.webhooks, ...(logger ? { logger } : {}) }) : undefined;
  let stored: OpenedIndexing | undefined;
  try {
    // The store opens before the detector: a bad store spec fails before any model session starts.
    stored = config.store
      ? await openIndexing({ spec: config.store.spec, embedder: config.store.embedder ?? {}, modelDir, snapshotsDir: config.snapshotsDir, source: 'store.embedder' })
      : undefined;
    const { model, confidence, iou, classes, provider, sessions, intraOpThreads } = config.detector;
    const detector = await Detector.create({
      model, confidence, iou, classes: classes ? [...classes] : undefined, provider, intraOpThreads,
      sessions: sessions ?? availableParallelism(), modelDir,
    });
    try {
      // Plate cameras of the file: their readers open now, so a plate model that fails to load fails start-up.
      for (const c of config.cameras) if (c.plates.enabled) await plates.reader(c.plates);
    } catch (err) {
      await detector.close().catch(() => undefined);
      throw err;
    }
    return { detector, stored, webhooks, plates };
  } catch (err) {
    await closeServeResources({ stored, webhooks, plates });
    throw err;
  }
}

/** Closes what start-up opened (detector, plate readers, store, webhook sender) when a later start-up step fails. */
export async function closeServeResources(r: Partial<ServeResources>): Promise<void> {
  // The start-up error is what the operator needs; a failure while closing must not replace it.
  await r.detector?.close().catch(() => undefined);
  await r.plates?.close().catch(() => undefined);
  await r.stored?.close().catch(() => undefined);
  await r.webhooks?.close({ drainMs: 0 });
}
