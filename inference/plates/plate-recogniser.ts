// PlateRecogniser: the Chinese plate recogniser plate_rec_color (we0091234's CRNN with a colour
// head, GPL-3.0 upstream) on a rectified plate crop: 168x48 BGR input, CTC over 78 symbols, and
// a 5-way plate colour. Double-layer crops are split and merged into one line first.
import { SharpeyeError, type PlateColour, type RgbImage } from '../../core/index.js';
import { preprocessCropInto } from '../embedder/crop-preprocess.js';
import { ctcGreedyDecode, softmaxMax } from './ctc-decode.js';
import { splitMergeDoubleLayer } from './plate-image.js';
import { checkedInput, openPlateModel, type OpenedPlateModel, type PlateModelOptions } from './plate-model.js';

/** Order of the colour head's 5 outputs (`color_list` of the upstream recogniser). */
export const PLATE_REC_COLOURS: readonly PlateColour[] = ['black', 'blue', 'green', 'white', 'yellow'];

export interface PlateRecognition {
  text: string;
  /** Mean per-symbol softmax maximum of the kept CTC symbols, 0..1. */
  confidence: number;
  colour: PlateColour;
  /** Softmax of the colour head for `colour`. */
  colourConfidence: number;
}

const WIDTH = 168, HEIGHT = 48;

export class PlateRecogniser {
  #closed = false;

  private constructor(private readonly model: OpenedPlateModel, private readonly inputName: string) {}

  static async create(options: PlateModelOptions = {}): Promise<PlateRecogniser> {
    const model = await openPlateModel('plate-rec-color', 'plate-recognise', options);
    try {
      const inputName = checkedInput(model, [1, 3, HEIGHT, WIDTH]);
      if (model.labels.length < 2 || model.labels[0] !== '#') {
        throw new SharpeyeError('E_MODEL_SHAPE', `label list of ${model.name} must start with the CTC blank '#', got ${model.labels.length} labels`);
      }
      return new PlateRecogniser(model, inputName);
    } catch (err) {
      await model.lease.release();
      throw err;
    }
  }

  get modelName(): string {
    return this.model.name;
  }

  /** Reads a rectified plate crop; `layers` 2 splits and merges the two rows first. */
  async recognise(crop: RgbImage, layers: 1 | 2 = 1): Promise<PlateRecognition> {
    if (this.#closed) throw new SharpeyeError('E_INTERNAL', `plate recogniser ${this.model.name} is closed`);
    const line = layers === 2 ? splitMergeDoubleLayer(crop) : crop;
    const tensor = new Float32Array(3 * WIDTH * HEIGHT);
    preprocessCropInto(line, undefined, { ...this.model.spec.preprocess, resize: 'stretch' }, WIDTH, HEIGHT, tensor);
    const outputs = await this.model.lease.runner.run({ [this.inputName]: { dims: [1, 3, HEIGHT, WIDTH], data: tensor } });
    const [textOut, colourOut] = this.#outputs(outputs);
    const read = ctcGreedyDecode(textOut.data, textOut.dims[1], textOut.dims[2], this.model.labels);
    let best = 0;
    for (let k = 1; k < PLATE_REC_COLOURS.length; k++) if (colourOut.data[k] > colourOut.data[best]) best = k;
    return { text: read.text, confidence: read.confidence, colour: PLATE_REC_COLOURS[best], colourConfidence: softmaxMax(colourOut.data, 0, PLATE_REC_COLOURS.length, best) };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.model.lease.release();
  }

  /** The `[1, steps, classes]` text output and the `[1, 5]` colour output, by shape. */
  #outputs(outputs: Awaited<ReturnType<OpenedPlateModel['lease']['runner']['run']>>) {
    const all = Object.values(outputs);
    const text = all.find((o) => o.dims.length === 3 && o.dims[2] === this.model.labels.length);
    const colour = all.find((o) => o.dims.length === 2 && o.dims[1] === PLATE_REC_COLOURS.length);
    if (!text || !colour) {
      throw new SharpeyeError('E_MODEL_SHAPE', `plate recogniser ${this.model.name} returned ${all.map((o) => `[${o.dims.join(',')}]`).join(', ')}; expected [1,T,${this.model.labels.length}] and [1,5]`, { details: { model: this.model.name } });
    }
    return [text, colour] as const;
  }
}
