// OnnxPlateReader: the PlateReader of core/contracts on the ONNX plate models. Detect plates (in a
// vehicle's box when given), rectify each from its 4 corners, read it with the Chinese recogniser
// and fall back to the Latin OCR when that read is not a mainland plate.
import { SharpeyeError, type Box, type PlateReader, type PlateReading, type RgbImage } from '../../core/index.js';
import { cropImage } from '../tiling/index.js';
import { applyHomography, solveHomography, type Quad } from './homography.js';
import { LatinPlateOcr } from './latin-plate-ocr.js';
import { PlateDetector, type PlateDetection } from './plate-detector.js';
import { quadCropSize, rectifyQuad } from './plate-image.js';
import type { PlateModelOptions } from './plate-model.js';
import { PlateRecogniser } from './plate-recogniser.js';
import { PLATE_READER_DEFAULTS, type PlateReaderConfig } from './plate-reader-options.js';
import { isMainlandPlateText, plateKind } from './plate-text.js';

/** PlateReaderOptionsSchema's fields (defaults in PLATE_READER_DEFAULTS) and the session settings. */
export interface OnnxPlateReaderOptions extends Partial<PlateReaderConfig>, PlateModelOptions {}

type Read = Pick<PlateReading, 'text' | 'confidence' | 'colour' | 'kind' | 'recogniser'>;

/** Where, in plate units (width 1, height 1, origin at the top-left corner), a companion plate is looked for. */
const COMPANION_WINDOWS: ReadonlyArray<readonly [number, number, number, number]> = [
  [-0.05, 1.05, -1.5, -0.05], // above: the usual mounting of a Hong Kong / Macao plate over a 粤Z plate
  [-0.05, 1.05, 1.05, 2.5], // below
];

/**
 * Reads plates. The decision rule for each detected plate:
 * 1. With `recogniser: 'plate_rec_color'` the rectified crop (two rows split and merged side by side
 *    when the detector's class says double-layer) is read by the Chinese recogniser. A read that
 *    matches the mainland pattern (`isMainlandPlateText`: province character, letter, 5 or 6
 *    symbols or 4 and a suffix character) is kept, with the recogniser's colour.
 * 2. Otherwise (first symbol not a province character, wrong length; or `recogniser:
 *    'latin-only'`) the Latin OCR reads the crop. Its colour is null: the colour head is trained on
 *    mainland plates and says nothing reliable about others.
 * 3. A read below `minConfidence`, or empty, is dropped: the detector fires on other lettering
 *    too (bus livery), which neither recogniser reads with confidence.
 * 4. With `companionPlates`, a cross-border read (ending in 港 or 澳) is followed by a Latin read
 *    of the plate-sized windows above and below it, in the plate's own plane (same homography):
 *    those vehicles carry their Hong Kong or Macao plate there, a square two-row plate that the
 *    detector does not find. A companion read has `detectorScore` 0 (the detector did not score it)
 *    and `layers` 1 (unknown), and is kept only above `minConfidence`.
 */
export class OnnxPlateReader implements PlateReader {
  #closed = false;

  private constructor(
    readonly options: Readonly<PlateReaderConfig>,
    private readonly detector: PlateDetector,
    private readonly recogniser: PlateRecogniser | undefined,
    private readonly ocr: LatinPlateOcr,
  ) {}

  static async create(options: OnnxPlateReaderOptions = {}): Promise<OnnxPlateReader> {
    const o = readerConfig(options);
    const session: PlateModelOptions = { ...options };
    const opened = await Promise.allSettled([
      PlateDetector.create({ ...session, size: o.detectorSize, minScore: o.minDetectorScore, maxPlates: o.maxPlates }),
      o.recogniser === 'plate_rec_color' ? PlateRecogniser.create(session) : Promise.resolve(undefined),
      LatinPlateOcr.create(session),
    ]);
    const failed = opened.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      await Promise.all(opened.map((r) => (r.status === 'fulfilled' ? r.value?.close() : undefined)));
      throw failed.reason;
    }
    const [detector, recogniser, ocr] = opened.map((r) => (r as PromiseFulfilledResult<unknown>).value) as [PlateDetector, PlateRecogniser | undefined, LatinPlateOcr];
    return new OnnxPlateReader(Object.freeze(o), detector, recogniser, ocr);
  }

  /** Manifest names of the models in use. */
  get models(): { detector: string; recogniser: string | null; ocr: string } {
    return { detector: this.detector.modelName, recogniser: this.recogniser?.modelName ?? null, ocr: this.ocr.modelName };
  }

  /** Plates in `image` (inside `region`, source pixels, when given), best detector score first. */
  async read(image: RgbImage, region?: Box): Promise<PlateReading[]> {
    if (this.#closed) throw new SharpeyeError('E_INTERNAL', 'plate reader is closed');
    const area = searchArea(image, region, this.options.regionMarginRatio);
    if (!area) return [];
    const found = (await this.detector.detect(area.x === 0 && area.y === 0 && area.width === image.width && area.height === image.height ? image : cropImage(image, [area.x, area.y, area.width, area.height])))
      .map((d) => offsetDetection(d, area.x, area.y));
    const readings: PlateReading[] = [];
    for (const plate of found) {
      const reading = await this.#readDetected(image, plate);
      if (!reading) continue;
      readings.push(reading);
      if (this.options.companionPlates && reading.kind === 'hk_macao') {
        const companion = await this.#readCompanion(image, plate.corners, found);
        if (companion) readings.push(companion);
      }
    }
    return readings;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([this.detector.close(), this.recogniser?.close(), this.ocr.close()]);
  }

  async #readDetected(image: RgbImage, plate: PlateDetection): Promise<PlateReading | null> {
    const size = quadCropSize(plate.corners);
    if (size.width < this.options.minPlateWidthPx) return null;
    const crop = rectifyQuad(image, plate.corners, size.width, size.height);
    if (!crop) return null;
    const read = await this.#readCrop(crop, plate.layers);
    if (!read) return null;
    return { ...read, layers: plate.layers, corners: plate.corners, box: plate.box, detectorScore: plate.score, crop };
  }

  /** The decision rule's steps 1-3 on one rectified crop. */
  async #readCrop(crop: RgbImage, layers: 1 | 2): Promise<Read | null> {
    if (this.recogniser) {
      const r = await this.recogniser.recognise(crop, layers);
      if (isMainlandPlateText(r.text)) {
        return r.confidence >= this.options.minConfidence
          ? { text: r.text, confidence: r.confidence, colour: r.colour, kind: plateKind(r.text, 'plate_rec_color'), recogniser: 'plate_rec_color' }
          : null;
      }
    }
    return this.#readLatin(crop);
  }

  async #readLatin(crop: RgbImage): Promise<Read | null> {
    const l = await this.ocr.read(crop);
    if (l.text.length < 2 || l.confidence < this.options.minConfidence) return null;
    return { text: l.text, confidence: l.confidence, colour: null, kind: 'latin', recogniser: 'cct_xs_v1_global' };
  }

  /** Step 4: the Hong Kong / Macao plate above or below a cross-border plate, the better read of the two windows. */
  async #readCompanion(image: RgbImage, corners: Quad, found: readonly PlateDetection[]): Promise<PlateReading | null> {
    const h = solveHomography([[0, 0], [1, 0], [1, 1], [0, 1]], corners);
    if (!h) return null;
    let best: PlateReading | null = null;
    for (const [u0, u1, v0, v1] of COMPANION_WINDOWS) {
      const quad: Quad = [applyHomography(h, u0, v0), applyHomography(h, u1, v0), applyHomography(h, u1, v1), applyHomography(h, u0, v1)];
      const box = quadBox(quad, image);
      // A plate the detector found there is read on its own.
      if (!box || found.some((d) => boxContains(box, (d.box[0] + d.box[2]) / 2, (d.box[1] + d.box[3]) / 2))) continue;
      const size = quadCropSize(quad);
      const crop = rectifyQuad(image, quad, size.width, size.height);
      const read = crop && (await this.#readLatin(crop));
      if (crop && read && (!best || read.confidence > best.confidence)) {
        best = { ...read, layers: 1, corners: quad, box, detectorScore: 0, crop };
      }
    }
    return best;
  }
}

/** The part of the image to search: the region grown by `margin` of its size each side, clipped; null when empty. */
function searchArea(image: RgbImage, region: Box | undefined, margin: number): { x: number; y: number; width: number; height: number } | null {
  if (!region) return { x: 0, y: 0, width: image.width, height: image.height };
  if (!region.every(Number.isFinite)) throw new SharpeyeError('E_INTERNAL', `plate search region [${region.join(', ')}] has a non-finite coordinate`);
  const [x1, y1, x2, y2] = [Math.min(region[0], region[2]), Math.min(region[1], region[3]), Math.max(region[0], region[2]), Math.max(region[1], region[3])];
  const mx = (x2 - x1) * margin, my = (y2 - y1) * margin;
  const x = Math.max(0, Math.floor(x1 - mx)), y = Math.max(0, Math.floor(y1 - my));
  const right = Math.min(image.width, Math.ceil(x2 + mx)), bottom = Math.min(image.height, Math.ceil(y2 + my));
  if (right - x < 2 || bottom - y < 2) return null;
  return { x, y, width: right - x, height: bottom - y };
}

function offsetDetection(d: PlateDetection, dx: number, dy: number): PlateDetection {
  if (dx === 0 && dy === 0) return d;
  const c = d.corners.map(([x, y]) => [x + dx, y + dy] as [number, number]) as unknown as Quad;
  return { ...d, corners: c, box: [d.box[0] + dx, d.box[1] + dy, d.box[2] + dx, d.box[3] + dy] };
}

/** The quad's bounding box clipped to the image; null when nothing of it is inside. */
function quadBox(q: Quad, image: RgbImage): Box | null {
  const xs = q.map((p) => p[0]), ys = q.map((p) => p[1]);
  const box: Box = [Math.max(0, Math.min(...xs)), Math.max(0, Math.min(...ys)), Math.min(image.width, Math.max(...xs)), Math.min(image.height, Math.max(...ys))];
  return box[2] - box[0] >= 2 && box[3] - box[1] >= 2 ? box : null;
}

const boxContains = (b: Box, x: number, y: number) => x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3];

/** The PlateReaderOptionsSchema fields of `options`, defaults filled in. */
function readerConfig(options: OnnxPlateReaderOptions): PlateReaderConfig {
  const given = Object.entries(options).filter(([k, v]) => v !== undefined && k in PLATE_READER_DEFAULTS);
  return { ...PLATE_READER_DEFAULTS, ...Object.fromEntries(given) } as PlateReaderConfig;
}
