// TEST HARNESS of the ports contract (node/ports.ts), not the node: a CameraRegistry over the real
// serve-config validation (validateServeConfig, validateCameraRules), with synthetic status and a
// real JPEG (sharp) as the newest frame of cameras the test marks as having one. The API tests run
// on it until the node lands; the lead's end-to-end tests then run the API on the real node.
import sharp from 'sharp';
import { Type } from '@sinclair/typebox';
import { SharpeyeError } from '../../core/index.js';
import { RulesFileSchema } from '../../analytics/index.js';
import { CalibrationSchema, ServeCameraSchema, validateCameraRules, validateServeConfig } from '../../worker/index.js';
import type { CameraRegistry, CameraRulesDocument, CameraView } from '../../node/index.js';

const { id: _id, ...patchProperties } = ServeCameraSchema.properties;
void _id;

/** The JSON Schemas the harness validates with, shaped like the node's: a camera entry, a patch (no id, all optional), a rules document. */
export const HARNESS_SCHEMAS = {
  camera: ServeCameraSchema,
  cameraPatch: Type.Partial(Type.Object(patchProperties, { additionalProperties: false })),
  rules: Type.Object({ ...RulesFileSchema.properties, calibration: Type.Optional(CalibrationSchema) }, { additionalProperties: false }),
};

/** A 64x48 JPEG of one colour, made by sharp (a real encoder, so clients can decode it). */
export async function solidJpeg(rgb: [number, number, number], width = 64, height = 48): Promise<Uint8Array> {
  const buf = await sharp({ create: { width, height, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } }).jpeg().toBuffer();
  return new Uint8Array(buf);
}

export class HarnessCameraRegistry implements CameraRegistry {
  readonly schemas = HARNESS_SCHEMAS;
  /** Camera entries as given (credentials included), by id, in insertion order. */
  readonly #docs = new Map<string, Record<string, unknown>>();
  readonly #rules = new Map<string, CameraRulesDocument>();
  readonly #frames = new Map<string, Uint8Array>();
  readonly #allowFiles: boolean;

  constructor(o: { allowFiles?: boolean } = {}) {
    this.#allowFiles = o.allowFiles ?? false;
  }

  /** Test hook: the newest frame of a camera (what the node's frame source would hold). */
  setFrame(id: string, jpeg: Uint8Array): void {
    this.#frames.set(id, jpeg);
  }

  list(): CameraView[] {
    return [...this.#docs.keys()].map((id) => this.#view(id));
  }

  get(id: string): CameraView | undefined {
    return this.#docs.has(id) ? this.#view(id) : undefined;
  }

  async add(camera: unknown): Promise<CameraView> {
    const id = (camera as { id?: unknown } | null)?.id;
    if (typeof id === 'string' && this.#docs.has(id)) throw new SharpeyeError('E_CAMERA_EXISTS', `camera '${id}' exists; PATCH it or pick another id`);
    this.#validate([...this.#docs.values(), camera]);
    this.#docs.set(id as string, { ...(camera as Record<string, unknown>) });
    return this.#view(id as string);
  }

  async update(id: string, patch: unknown): Promise<CameraView> {
    const doc = this.#doc(id);
    if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) throw new SharpeyeError('E_CONFIG_INVALID', 'API: a camera patch is a mapping of camera fields');
    if ('id' in patch) throw new SharpeyeError('E_CONFIG_INVALID', "API: a camera's id cannot change; remove it and add a new one");
    const next = { ...doc, ...(patch as Record<string, unknown>) };
    this.#validate([...this.#docs.values()].map((d) => (d === doc ? next : d)));
    this.#docs.set(id, next);
    return this.#view(id);
  }

  async remove(id: string): Promise<void> {
    this.#doc(id);
    this.#docs.delete(id);
    this.#rules.delete(id);
    this.#frames.delete(id);
  }

  async latestFrameJpeg(id: string): Promise<Uint8Array | undefined> {
    this.#doc(id);
    return this.#frames.get(id);
  }

  getRules(id: string): CameraRulesDocument {
    this.#doc(id);
    return this.#rules.get(id) ?? { timezone: 'UTC', zones: [], lines: [], rules: [] };
  }

  async setRules(id: string, rules: unknown): Promise<CameraRulesDocument> {
    this.#doc(id);
    const checked = validateCameraRules(rules, `API: camera '${id}' rules`);
    const doc = { ...checked.rules, ...(checked.calibration ? { calibration: checked.calibration } : {}) } as CameraRulesDocument;
    this.#rules.set(id, doc);
    return doc;
  }

  #doc(id: string): Record<string, unknown> {
    const doc = this.#docs.get(id);
    if (!doc) throw new SharpeyeError('E_CAMERA_NOT_FOUND', `no camera '${id}' on this node`);
    return doc;
  }

  #validate(cameras: unknown[]): void {
    validateServeConfig({ allowFiles: this.#allowFiles, cameras }, 'API');
  }

  #view(id: string): CameraView {
    const validated = validateServeConfig({ allowFiles: this.#allowFiles, cameras: [this.#docs.get(id)] }, 'API').cameras[0];
    const { username, password, rules: _rules, ...config } = validated as typeof validated & { username?: string; password?: string };
    const enabled = (config as { enabled?: boolean }).enabled !== false;
    return {
      id,
      config: { ...config, enabled } as CameraView['config'],
      hasCredentials: username !== undefined || password !== undefined,
      status: {
        state: enabled ? 'running' : 'disabled', framesDecoded: 0, framesDropped: 0, reconnects: 0, loops: 0, inputFps: 0,
        inferences: 0, skippedByGate: 0, latencyP50Ms: null, lastFrameAtMs: null, lastError: null,
      },
    };
  }
}
