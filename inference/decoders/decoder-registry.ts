// Picks the decoder for a model: the family forced in the manifest, or the one the output shapes
// identify unambiguously. A forced family is still checked against the shapes, so a wrong
// manifest entry fails at load with E_MODEL_SHAPE rather than producing garbage boxes.
import { SharpeyeError } from '../../core/index.js';
import type { DetectorFamily } from '../../models/index.js';
import type { ModelIo, TensorInfo } from '../runtime/index.js';
import { gridCellCount, type DetectorDecoder } from './detector-decoder.js';
import { Yolov8Decoder } from './yolov8-decoder.js';
import { Yolov5Decoder, YoloxDecoder } from './anchor-row-decoder.js';
import { NanodetDecoder } from './nanodet-decoder.js';
import { End2endDecoder } from './end2end-decoder.js';

export const DECODERS: Record<DetectorFamily, () => DetectorDecoder> = {
  yolov8: () => new Yolov8Decoder(),
  yolov5: () => new Yolov5Decoder(),
  yolox: () => new YoloxDecoder(),
  nanodet: () => new NanodetDecoder(),
  end2end: () => new End2endDecoder(),
};

export interface ShapeContext { inputWidth: number; inputHeight: number; numClasses?: number; strides: number[]; regMax: number }

const num = (d: number | string | undefined): number | undefined => (typeof d === 'number' ? d : undefined);

/** Every family whose output layout fits these outputs. */
export function matchingFamilies(outputs: TensorInfo[], ctx: ShapeContext): DetectorFamily[] {
  const found: DetectorFamily[] = [];
  if (outputs.length === 1 && outputs[0].dims.length === 3) {
    const [a, b] = [num(outputs[0].dims[1]), num(outputs[0].dims[2])];
    const cells = gridCellCount(ctx.inputWidth, ctx.inputHeight, ctx.strides);
    const classesOk = (c: number) => c >= 1 && (ctx.numClasses === undefined || c === ctx.numClasses);
    if (a !== undefined && b !== undefined) {
      if (a < b && classesOk(a - 4)) found.push('yolov8');
      if (a === cells && classesOk(b - 5)) found.push('yolox');
      if (a === 3 * cells && classesOk(b - 5)) found.push('yolov5');
      if (b === 6 && a <= 1000 && a !== cells && a !== 3 * cells) found.push('end2end');
    }
  }
  if (outputs.length === 2 * ctx.strides.length && outputs.every((o) => o.dims.length === 3)) {
    const bins = 4 * (ctx.regMax + 1);
    const nanodetOk = ctx.strides.every((s) => {
      const cells = Math.ceil(ctx.inputWidth / s) * Math.ceil(ctx.inputHeight / s);
      const atLevel = outputs.filter((o) => num(o.dims[1]) === cells);
      return atLevel.some((o) => num(o.dims[2]) === bins) && atLevel.some((o) => num(o.dims[2]) !== bins && classesOkLoose(num(o.dims[2]), ctx));
    });
    if (nanodetOk) found.push('nanodet');
  }
  return found;
}

const classesOkLoose = (c: number | undefined, ctx: ShapeContext) => c !== undefined && c >= 1 && (ctx.numClasses === undefined || c === ctx.numClasses);

const describe = (io: ModelIo) => io.outputs.map((o) => `${o.name}[${o.dims.join(',')}]`).join(', ');

export function selectDecoder(io: ModelIo, ctx: ShapeContext, forced: DetectorFamily | undefined, modelName: string): DetectorDecoder {
  const families = matchingFamilies(io.outputs, ctx);
  if (forced) {
    if (!families.includes(forced)) {
      throw new SharpeyeError('E_MODEL_SHAPE',
        `model ${modelName} is declared as family '${forced}' but its outputs ${describe(io)} do not fit that layout for input ${ctx.inputWidth}x${ctx.inputHeight}`,
        { details: { model: modelName, family: forced } });
    }
    return DECODERS[forced]();
  }
  if (families.length === 1) return DECODERS[families[0]]();
  const supported = Object.keys(DECODERS).join(', ');
  const why = families.length === 0 ? 'match no supported detector family' : `are ambiguous between ${families.join(' and ')}`;
  throw new SharpeyeError('E_MODEL_SHAPE',
    `outputs of model ${modelName} (${describe(io)}) ${why} (supported: ${supported}); set 'family' in its manifest entry to force one`,
    { details: { model: modelName, candidates: families } });
}
