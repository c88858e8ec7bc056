// NodeCameraRegistry: the node's CameraRegistry port. Holds every camera's validated config and,
// for enabled ones, its running pipeline; adds, changes and removes cameras while the node runs
// (through the host: the node's CameraNode and pipelines). Changes to one camera are serialised,
// so two concurrent PATCHes of the same camera cannot interleave a stop and a start.
import sharp from 'sharp';
import { SharpeyeError } from '../core/index.js';
import type { CameraStats, ServeCameraConfig } from '../worker/index.js';
import type { CameraPipeline } from './camera-pipeline.js';
import {
  CAMERA_SCHEMAS, mergePatch, publicCameraConfig, rulesDocument, validateCameraDocument, type CameraCheck,
} from './camera-documents.js';
import { validateRulesDocument } from './node-config.js';
import type { CameraRegistry, CameraRulesDocument, CameraStatusView, CameraView } from './ports.js';

/** What the registry needs from the node to run cameras. */
export interface CameraHost {
  /** Starts an enabled camera (pipeline and decoder); E_CONFIG_INVALID (tiling) before anything starts. */
  startCamera(config: ServeCameraConfig): CameraPipeline;
  /** Stops a running camera: decoder reaped, analytics flushed and handed on. */
  stopCamera(id: string): Promise<void>;
  /** The camera is gone for good (metrics forget its labels). */
  forget(id: string): void;
  stats(id: string): CameraStats | undefined;
  readonly closed: boolean;
}

/** Patch keys that change only the analytics: applied to the running camera without a restart. */
const LIVE_KEYS = new Set(['rules', 'name']);

/** Quality of snapshot JPEGs of the newest frame (sharp's scale 1-100). */
const SNAPSHOT_JPEG_QUALITY = 80;

interface Entry {
  config: ServeCameraConfig;
  pipeline?: CameraPipeline;
}

export class NodeCameraRegistry implements CameraRegistry {
  readonly schemas = CAMERA_SCHEMAS;
  readonly #entries = new Map<string, Entry>();
  readonly #locks = new Map<string, Promise<unknown>>();

  constructor(private readonly host: CameraHost, private readonly check: CameraCheck) {}

  /** Registers the config file's cameras at open (validated already); enabled ones start with the node. */
  load(cameras: readonly ServeCameraConfig[]): void {
    for (const c of cameras) this.#entries.set(c.id, { config: c, ...(c.enabled ? { pipeline: this.host.startCamera(c) } : {}) });
  }

  list(): CameraView[] {
    return [...this.#entries.keys()].map((id) => this.get(id)!);
  }

  get(id: string): CameraView | undefined {
    const e = this.#entries.get(id);
    if (!e) return undefined;
    return { id, config: publicCameraConfig(e.config), hasCredentials: e.config.username !== undefined || e.config.password !== undefined, status: this.#status(e) };
  }

  /** The running pipelines (enabled cameras). */
  pipelines(): CameraPipeline[] {
    return [...this.#entries.values()].flatMap((e) => (e.pipeline ? [e.pipeline] : []));
  }

  pipeline(id: string): CameraPipeline | undefined {
    return this.#entries.get(id)?.pipeline;
  }

  async add(camera: unknown): Promise<CameraView> {
    this.#open();
    const config = await validateCameraDocument(camera, 'camera', this.check);
    return this.#locked(config.id, async () => {
      this.#open();
      if (this.#entries.has(config.id)) throw new SharpeyeError('E_CAMERA_EXISTS', `camera '${config.id}' already exists; change it with update, or pick another id`, { details: { camera: config.id } });
      this.#entries.set(config.id, { config, ...(config.enabled ? { pipeline: this.host.startCamera(config) } : {}) });
      return this.get(config.id)!;
    });
  }

  async update(id: string, patch: unknown): Promise<CameraView> {
    return this.#locked(id, async () => {
      const e = this.#entry(id);
      const config = await validateCameraDocument(mergePatch(e.config, patch, `camera '${id}'`), `camera '${id}'`, this.check);
      const liveOnly = Object.keys(patch as object).every((k) => LIVE_KEYS.has(k));
      if (liveOnly && e.pipeline) {
        e.config = config;
        if ('rules' in (patch as object)) e.pipeline.setRules(config);
      } else {
        if (e.pipeline) await this.host.stopCamera(id);
        e.pipeline = undefined;
        e.config = config;
        if (config.enabled) e.pipeline = this.host.startCamera(config);
      }
      return this.get(id)!;
    });
  }

  async remove(id: string): Promise<void> {
    await this.#locked(id, async () => {
      const e = this.#entry(id);
      if (e.pipeline) await this.host.stopCamera(id);
      this.#entries.delete(id);
      this.host.forget(id);
    });
  }

  async latestFrameJpeg(id: string): Promise<Uint8Array | undefined> {
    const frame = this.#entry(id).pipeline?.latestFrame;
    if (!frame) return undefined;
    const jpeg = await sharp(frame.data, { raw: { width: frame.width, height: frame.height, channels: 3 } }).jpeg({ quality: SNAPSHOT_JPEG_QUALITY }).toBuffer();
    return new Uint8Array(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength);
  }

  getRules(id: string): CameraRulesDocument {
    return rulesDocument(this.#entry(id).config.rules);
  }

  /** Applied to the running camera at once (see CameraPipeline.setRules: open alerts end, tracks restart). */
  async setRules(id: string, rules: unknown): Promise<CameraRulesDocument> {
    return this.#locked(id, async () => {
      const e = this.#entry(id);
      const validated = validateRulesDocument(rules, `camera '${id}' rules`);
      const { rulesFile: _file, ...rest } = e.config;
      e.config = { ...rest, rules: validated };
      e.pipeline?.setRules(e.config);
      return rulesDocument(validated);
    });
  }

  #status(e: Entry): CameraStatusView {
    const s = e.pipeline ? this.host.stats(e.config.id) : undefined;
    const loops = (s as { loops?: number } | undefined)?.loops ?? 0; // file cameras, once ingest counts them
    return {
      state: !e.config.enabled ? 'disabled' : s?.state ?? 'stopped',
      framesDecoded: s?.framesDecoded ?? 0, framesDropped: s?.framesDropped ?? 0, reconnects: s?.reconnects ?? 0, loops,
      inputFps: s?.inputFps ?? 0, inferences: s?.inferences ?? 0, skippedByGate: s?.skippedByGate ?? 0, latencyP50Ms: s?.latencyP50Ms ?? null,
      lastFrameAtMs: s?.lastFrameAtMs ?? null, lastError: s?.lastError ?? null,
    };
  }

  #entry(id: string): Entry {
    const e = this.#entries.get(id);
    if (!e) throw new SharpeyeError('E_CAMERA_NOT_FOUND', `no camera '${id}' on this node`, { details: { camera: id } });
    return e;
  }

  #open(): void {
    if (this.host.closed) throw new SharpeyeError('E_NODE_CLOSED', 'the node is shutting down; cameras cannot change now');
  }

  /** Runs `fn` after every earlier change of camera `id`. */
  async #locked<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const before = this.#locks.get(id) ?? Promise.resolve();
    const run = before.catch(() => undefined).then(fn);
    this.#locks.set(id, run);
    try {
      return await run;
    } finally {
      if (this.#locks.get(id) === run) this.#locks.delete(id);
    }
  }
}
