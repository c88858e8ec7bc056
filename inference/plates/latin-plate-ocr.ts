// LatinPlateOcr: fast-plate-ocr's CCT-XS "global" model (MIT) for plates written in Latin letters
// and digits only (European, Hong Kong, Macao, ...). Fixed 9 slots over 0-9, A-Z and `_` padding;
// input uint8 NHWC 64x128 RGB, plain resize. No Chinese characters.
import { SharpeyeError, type RgbImage } from '../../core/index.js';
import { resizeRgb } from './plate-image.js';
import { checkedInput, openPlateModel, type OpenedPlateModel, type PlateModelOptions } from './plate-model.js';

export interface LatinRead {
  /** Slots with a symbol other than the padding `_`, in order. */
  text: string;
  /** Mean of the slot probabilities of the kept symbols, 0..1; 0 when no symbol was read. */
  confidence: number;
}

const WIDTH = 128, HEIGHT = 64;
const PAD = '_';

export class LatinPlateOcr {
  #closed = false;

  private constructor(private readonly model: OpenedPlateModel, private readonly inputName: string) {}

  static async create(options: PlateModelOptions = {}): Promise<LatinPlateOcr> {
    const model = await openPlateModel('cct-xs-v1-global', 'plate-ocr', options);
    try {
      return new LatinPlateOcr(model, checkedInput(model, [1, HEIGHT, WIDTH, 3]));
    } catch (err) {
      await model.lease.release();
      throw err;
    }
  }

  get modelName(): string {
    return this.model.name;
  }

  /** Reads a rectified plate crop. */
  async read(crop: RgbImage): Promise<LatinRead> {
    if (this.#closed) throw new SharpeyeError('E_INTERNAL', `Latin plate OCR ${this.model.name} is closed`);
    const input = resizeRgb(crop, WIDTH, HEIGHT);
    const outputs = await this.model.lease.runner.run({ [this.inputName]: { dims: [1, HEIGHT, WIDTH, 3], data: input.data.slice() } });
    const out = Object.values(outputs)[0];
    const alphabet = this.model.labels;
    if (!out || out.dims.length !== 3 || out.dims[2] !== alphabet.length) {
      throw new SharpeyeError('E_MODEL_SHAPE', `Latin plate OCR ${this.model.name} returned [${out?.dims.join(',') ?? ''}]; expected [1,slots,${alphabet.length}]`, { details: { model: this.model.name } });
    }
    return decodeSlots(out.data, out.dims[1], alphabet);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.model.lease.release();
  }
}

/** Argmax per slot (the model's outputs are already probabilities), padding slots dropped. */
export function decodeSlots(probs: Float32Array, slots: number, alphabet: readonly string[]): LatinRead {
  const n = alphabet.length;
  let text = '', sum = 0, kept = 0;
  for (let s = 0; s < slots; s++) {
    let best = 0;
    for (let k = 1; k < n; k++) if (probs[s * n + k] > probs[s * n + best]) best = k;
    if (alphabet[best] === PAD) continue;
    text += alphabet[best];
    sum += probs[s * n + best];
    kept++;
  }
  return { text, confidence: kept === 0 ? 0 : sum / kept };
}
