// Start-up of a SharpeyeNode (`sharpeye serve`), all or nothing. Everything that can be checked without opening
// anything is checked first (the config file with its rules files and webhook targets, then every
// model resolved to a verified file); then the webhook sender, the store and the detector open in
// that order, and when one fails, what was opened before it is closed again, so the error ends
// the process instead of leaving it alive with no cameras.
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { makeDirsSync, SharpeyeError } from '../core/index.js';
import { Detector, DEFAULT_EMBED_MODEL } from '../inference/index.js';
import { resolveModel } from '../models/index.js';
import { WebhookSender, type ServeConfig, type WebhookLogger } from '../worker/index.js';
import { openIndexing, type OpenedIndexing } from './open-indexing.js';

/** What a running node holds besides its cameras; the node closes it in stage order. */
export interface ServeResources {
  detector: Detector;
  stored?: OpenedIndexing;
  webhooks?: WebhookSender;
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
    return { detector, stored, webhooks };
  } catch (err) {
    await closeServeResources({ stored, webhooks });
    throw err;
  }
}

/** Closes what start-up opened (detector, store, webhook sender) when a later start-up step fails. */
export async function closeServeResources(r: Partial<ServeResources>): Promise<void> {
  // The start-up error is what the operator needs; a failure while closing must not replace it.
  await r.detector?.close().catch(() => undefined);
  await r.stored?.close().catch(() => undefined);
  await r.webhooks?.close({ drainMs: 0 });
}
