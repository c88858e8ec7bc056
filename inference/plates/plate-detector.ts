// PlateDetector: HyperLPR3's y5fu corner-point plate detector (YOLOv5-face style) at 320 or 640.
// One row per anchor: box, objectness, 4 corners, single/double-layer scores. Decode and NMS follow
// HyperLPR3's `post_precessing` as the fixtures' MANIFEST records it.
import { SharpeyeError, type Box, type RgbImage } from '../../core/index.js';
import { classAwareNms } from '../nms.js';
import { preprocessInto, type InputTransform } from '../preprocess/letterbox.js';
import type { Quad } from './homography.js';
import { checkedInput, openPlateModel, type OpenedPlateModel, type PlateModelOptions } from './plate-model.js';

export interface PlateDetectorOptions extends PlateModelOptions {
  /** Input size: 320 (fast, plates from about 20 px wide) or 640 (small plates in larger pictures). @defaultValue 320 */
  size?: 320 | 640;
  /** Rows whose objectness is at or below this are dropped before scoring (HyperLPR3's conf_thresh). @defaultValue 0.25 */
  objectness?: number;
  /** Minimum plate score (objectness × layer-class score). @defaultValue 0.5 */
  minScore?: number;
  /** IoU above which the lower-scoring of two plate boxes is dropped (class-agnostic). @defaultValue 0.5 */
  iou?: number;
  /** Plates kept per image, best first. @defaultValue 16 */
  maxPlates?: number;
}

/** One plate found: corners and box in the source image's pixels. */
export interface PlateDetection {
  corners: Quad;
  box: Box;
  /** Objectness × the winning layer-class score, 0..1. */
  score: number;
  /** 2 when the double-layer class wins. */
  layers: 1 | 2;
}

const ROW = 15;

export class PlateDetector {
  #closed = false;

  private constructor(private readonly model: OpenedPlateModel, private readonly inputName: string, readonly size: 320 | 640, private readonly o: Required<Pick<PlateDetectorOptions, 'objectness' | 'minScore' | 'iou' | 'maxPlates'>>) {}

  static async create(options: PlateDetectorOptions = {}): Promise<PlateDetector> {
    const size = options.size ?? 320;
    if (size !== 320 && size !== 640) throw new SharpeyeError('E_CONFIG_INVALID', `plate detector size must be 320 or 640, got ${String(size)}`);
    const model = await openPlateModel(size === 320 ? 'y5fu-320' : 'y5fu-640', 'plate-detect', options);
    try {
      const inputName = checkedInput(model, [1, 3, size, size]);
      return new PlateDetector(model, inputName, size, {
        objectness: options.objectness ?? 0.25, minScore: options.minScore ?? 0.5, iou: options.iou ?? 0.5, maxPlates: options.maxPlates ?? 16,
      });
    } catch (err) {
      await model.lease.release();
      throw err;
    }
  }

  get modelName(): string {
    return this.model.name;
  }

  /** Plates in `image`, best first. */
  async detect(image: RgbImage): Promise<PlateDetection[]> {
    if (this.#closed) throw new SharpeyeError('E_INTERNAL', `plate detector ${this.model.name} is closed`);
    const s = this.size;
    const tensor = new Float32Array(3 * s * s);
    const t = preprocessInto(image, this.model.spec.preprocess, s, s, tensor);
    const outputs = await this.model.lease.runner.run({ [this.inputName]: { dims: [1, 3, s, s], data: tensor } });
    const out = Object.values(outputs)[0];
    if (!out || out.dims.length !== 3 || out.dims[2] !== ROW) {
      throw new SharpeyeError('E_MODEL_SHAPE', `plate detector ${this.model.name} returned [${out?.dims.join(',') ?? ''}]; expected [1,N,${ROW}]`, { details: { model: this.model.name } });
    }
    return decodePlateRows(out.data, t, this.o);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.model.lease.release();
  }
}

/**
 * Decodes y5fu rows `[cx, cy, w, h, obj, x1, y1, … x4, y4, single, double]` (network-input pixels):
 * rows with obj above `objectness`, class scores × obj, layer = argmax, score ≥ `minScore`,
 * class-agnostic NMS, then box and corners mapped back through the letterbox `t`.
 */
export function decodePlateRows(data: Float32Array, t: InputTransform, o: { objectness: number; minScore: number; iou: number; maxPlates: number }): PlateDetection[] {
  const boxes: number[] = [], scores: number[] = [], classIds: number[] = [], rows: number[] = [], layers: Array<1 | 2> = [];
  for (let r = 0; r + ROW <= data.length; r += ROW) {
    const obj = data[r + 4];
    if (!(obj > o.objectness)) continue;
    const single = data[r + 13] * obj, double = data[r + 14] * obj;
    const score = Math.max(single, double);
    if (!(score >= o.minScore)) continue;
    const cx = data[r], cy = data[r + 1], w = data[r + 2], h = data[r + 3];
    boxes.push(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2);
    scores.push(score);
    classIds.push(0);
    rows.push(r);
    layers.push(double > single ? 2 : 1);
  }
  const kept = classAwareNms({ boxes, scores, classIds }, o.iou, o.maxPlates);
  const toX = (v: number) => clip((v - t.padX) / t.scaleX, t.srcWidth);
  const toY = (v: number) => clip((v - t.padY) / t.scaleY, t.srcHeight);
  return kept.map((i) => {
    const r = rows[i];
    const corner = (k: number): [number, number] => [toX(data[r + 5 + 2 * k]), toY(data[r + 6 + 2 * k])];
    return {
      corners: [corner(0), corner(1), corner(2), corner(3)],
      box: [toX(boxes[4 * i]), toY(boxes[4 * i + 1]), toX(boxes[4 * i + 2]), toY(boxes[4 * i + 3])],
      score: scores[i],
      layers: layers[i],
    };
  });
}

const clip = (v: number, max: number) => Math.min(Math.max(v, 0), max);
