// MotionDetector: a cheap per-frame motion test, run before the object detector so static scenes
// cost no inference. Frames are box-averaged to a small grayscale picture, lightly blurred and
// compared with a running-average background; the share of changed cells outside the ignore
// regions decides. Pure: the caller feeds frames in order, there is no clock inside.
import { SharpeyeError, type Box, type RgbImage } from '../../core/index.js';
import { boxBlur, downscaleLayout, downscaleToGray, type DownscaleLayout } from './gray-downscale.js';
import { rasterizeRegions, type NormalizedPolygon } from './region-mask.js';
import { MOTION_LIMITS } from './motion-config.js';

export interface MotionDetectorOptions {
  /** Width of the grayscale analysis picture in pixels; the height keeps the aspect ratio, and a smaller source is never upscaled. @defaultValue 160 */
  analysisWidth?: number;
  /** Box-blur radius in analysis pixels applied before differencing; 0 turns the blur off. @defaultValue 1 */
  blurRadius?: number;
  /** Weight of each new frame in the running-average background, in (0, 1]; higher forgets stopped objects sooner. @defaultValue 0.05 */
  learningRate?: number;
  /** Gray-level difference from the background (0..255) above which an analysis pixel counts as changed. @defaultValue 25 (MotionConfigSchema) */
  pixelThreshold?: number;
  /** Share of considered (not ignored) analysis pixels, in [0, 1], that must change for a frame to have motion. @defaultValue 0.003 (MotionConfigSchema) */
  minChangedFraction?: number;
  /**
   * Share of considered pixels above which the change may be global (lights, auto-exposure, a moved
   * camera) rather than motion. Such a frame is motion; the background restarts only once the new
   * scene has lasted `sceneChangeFrames` frames and holds still (see there).
   * @defaultValue 0.6
   */
  sceneChangeFraction?: number;
  /**
   * Frames in a row that must differ from the background by more than `sceneChangeFraction` before
   * the background restarts, the last of them still (less than `minChangedFraction` changed since
   * the frame before). A large object passing close to the camera changes most of the picture too,
   * but it moves: restarting from such a frame would make the object part of the background and
   * leave its ghost as "motion" long after it has gone. 1 restarts on the first still frame.
   * A global change that never holds still (small motion goes on in it) is taken in by the running
   * average instead: with `learningRate` 0.05 a change of 70 gray levels fades in ~20 frames.
   * @defaultValue 3
   */
  sceneChangeFrames?: number;
  /** Regions whose change never counts (burned-in clocks, trees, flags), as normalised polygons. @defaultValue [] */
  ignore?: readonly NormalizedPolygon[];
}

export interface MotionResult {
  /** The frame differs from the background by at least `minChangedFraction`, or is a scene change. */
  readonly motion: boolean;
  /** Share of considered analysis pixels that changed, 0..1. */
  readonly changedFraction: number;
  /** Bounding box of the changed pixels in source pixels, or null when none changed. */
  readonly box: Box | null;
  /** The first frame of a background (first frame, or first after a resolution change): nothing to compare with, no motion. */
  readonly warmUp: boolean;
  /** The new scene has lasted `sceneChangeFrames` frames and holds still: the background was restarted from this frame. */
  readonly sceneChange: boolean;
}

/** The per-resolution working set: layout, mask and buffers, allocated once. */
interface AnalysisState {
  readonly layout: DownscaleLayout;
  readonly gray: Float32Array;
  readonly scratch: Float32Array;
  readonly background: Float32Array;
  /** The previous frame's blurred analysis picture: tells a still new scene from a moving object. */
  readonly previous: Float32Array;
  readonly rowSums: Uint32Array;
  readonly ignored: Uint8Array;
  /** Analysis pixels not ignored. */
  readonly considered: number;
  warm: boolean;
  /** Frames in a row, up to this one, that differed from the background by more than `sceneChangeFraction`. */
  globalRun: number;
}

export const MOTION_DETECTOR_DEFAULTS: Readonly<Required<MotionDetectorOptions>> = Object.freeze({
  analysisWidth: 160,
  blurRadius: 1,
  learningRate: 0.05,
  pixelThreshold: MOTION_LIMITS.pixelThreshold.default!,
  minChangedFraction: MOTION_LIMITS.minChangedFraction.default!,
  sceneChangeFraction: 0.6,
  sceneChangeFrames: 3,
  ignore: [],
});

export class MotionDetector {
  /** The options in force, defaults filled in. */
  readonly options: Readonly<Required<MotionDetectorOptions>>;
  #state: AnalysisState | undefined;

  constructor(options: MotionDetectorOptions = {}) {
    validateMotionDetectorOptions(options);
    // Regions are copied, so later edits to the caller's arrays cannot change a built mask.
    const ignore = (options.ignore ?? []).map((p) => Object.freeze(p.map(([x, y]) => [x, y] as const)));
    this.options = Object.freeze({ ...MOTION_DETECTOR_DEFAULTS, ...stripUndefined(options), ignore: Object.freeze(ignore) });
  }

  /** Size of the analysis picture for the current resolution, or undefined before the first frame. */
  get analysisSize(): { width: number; height: number } | undefined {
    return this.#state && { width: this.#state.layout.width, height: this.#state.layout.height };
  }

  /** Forgets the background; the next frame is a warm-up frame. */
  reset(): void {
    if (this.#state) this.#state.warm = false;
  }

  /** Compares one frame with the background, then folds it into the background. */
  update(image: RgbImage): MotionResult {
    checkImage(image);
    const s = this.#stateFor(image.width, image.height);
    const { width, height } = s.layout;
    downscaleToGray(image.data, s.layout, s.gray, s.rowSums);
    boxBlur(s.gray, width, height, this.options.blurRadius, s.scratch);
    if (!s.warm) {
      s.background.set(s.gray);
      s.previous.set(s.gray);
      s.warm = true;
      s.globalRun = 0;
      return { motion: false, changedFraction: 0, box: null, warmUp: true, sceneChange: false };
    }
    const change = this.#compare(s);
    const changedFraction = s.considered === 0 ? 0 : change.count / s.considered;
    const sceneChange = this.#sceneChanged(s, changedFraction);
    s.previous.set(s.gray);
    const motion = change.count > 0 && changedFraction >= this.options.minChangedFraction;
    const { xStart, yStart } = s.layout;
    const box: Box | null = change.count === 0 ? null
      : [xStart[change.minX], yStart[change.minY], xStart[change.maxX + 1], yStart[change.maxY + 1]];
    return { motion, changedFraction, box, warmUp: false, sceneChange };
  }

  /**
   * A global change restarts the background only when it lasts and the new scene holds still, so
   * the background is never restarted from a frame with a moving object in it.
   */
  #sceneChanged(s: AnalysisState, changedFraction: number): boolean {
    if (changedFraction <= this.options.sceneChangeFraction) {
      s.globalRun = 0;
      return false;
    }
    s.globalRun++;
    if (s.globalRun < this.options.sceneChangeFrames || this.#changedSincePrevious(s) >= this.options.minChangedFraction) return false;
    s.background.set(s.gray);
    s.globalRun = 0;
    return true;
  }

  /** Share of considered pixels that changed since the previous frame. */
  #changedSincePrevious(s: AnalysisState): number {
    const { gray, previous, ignored } = s, threshold = this.options.pixelThreshold;
    let count = 0;
    for (let i = 0; i < gray.length; i++) if (!ignored[i] && Math.abs(gray[i] - previous[i]) > threshold) count++;
    return s.considered === 0 ? 0 : count / s.considered;
  }

  /** Counts changed, considered pixels and their extent, and moves the background towards the frame. */
  #compare(s: AnalysisState): { count: number; minX: number; minY: number; maxX: number; maxY: number } {
    const { width, height } = s.layout;
    const { gray, background, ignored } = s;
    const threshold = this.options.pixelThreshold, rate = this.options.learningRate;
    let count = 0, minX = width, minY = height, maxX = -1, maxY = -1;
    for (let y = 0, i = 0; y < height; y++) {
      for (let x = 0; x < width; x++, i++) {
        const d = gray[i] - background[i];
        background[i] += rate * d;
        if (ignored[i] || Math.abs(d) <= threshold) continue;
        count++;
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        maxY = y;
      }
    }
    return { count, minX, minY, maxX, maxY };
  }

  /** The working set for this resolution; a new resolution starts a new background. */
  #stateFor(sourceWidth: number, sourceHeight: number): AnalysisState {
    const s = this.#state;
    if (s && s.layout.sourceWidth === sourceWidth && s.layout.sourceHeight === sourceHeight) return s;
    const layout = downscaleLayout(sourceWidth, sourceHeight, this.options.analysisWidth);
    const cells = layout.width * layout.height;
    const ignored = rasterizeRegions(this.options.ignore, layout.width, layout.height, this.options.blurRadius);
    const considered = cells - ignored.reduce((a, v) => a + v, 0);
    this.#state = {
      layout, ignored, considered, warm: false, globalRun: 0,
      gray: new Float32Array(cells), scratch: new Float32Array(cells), background: new Float32Array(cells), previous: new Float32Array(cells),
      rowSums: new Uint32Array(layout.width),
    };
    return this.#state;
  }
}

/** Throws E_CONFIG_INVALID naming the first option out of bounds; `path` prefixes the names (e.g. 'motion'). */
export function validateMotionDetectorOptions(o: MotionDetectorOptions, path = ''): void {
  const name = (key: string) => (path ? `${path}.${key}` : key);
  const fail = (key: string, rule: string, value: unknown): never => {
    throw new SharpeyeError('E_CONFIG_INVALID', `${name(key)} must be ${rule}, got ${JSON.stringify(value) ?? String(value)}`, { details: { path: name(key), value } });
  };
  const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  if (o.analysisWidth !== undefined && !(Number.isInteger(o.analysisWidth) && o.analysisWidth >= 8 && o.analysisWidth <= 4096)) fail('analysisWidth', 'an integer from 8 to 4096', o.analysisWidth);
  if (o.blurRadius !== undefined && !(Number.isInteger(o.blurRadius) && o.blurRadius >= 0 && o.blurRadius <= 8)) fail('blurRadius', 'an integer from 0 to 8', o.blurRadius);
  if (o.learningRate !== undefined && !(isNumber(o.learningRate) && o.learningRate > 0 && o.learningRate <= 1)) fail('learningRate', 'a number in (0, 1]', o.learningRate);
  const pt = MOTION_LIMITS.pixelThreshold;
  if (o.pixelThreshold !== undefined && !(isNumber(o.pixelThreshold) && o.pixelThreshold >= pt.minimum! && o.pixelThreshold <= pt.maximum!)) fail('pixelThreshold', `a number in [${pt.minimum}, ${pt.maximum}]`, o.pixelThreshold);
  if (o.minChangedFraction !== undefined && !(isNumber(o.minChangedFraction) && o.minChangedFraction >= 0 && o.minChangedFraction <= 1)) fail('minChangedFraction', 'a number in [0, 1]', o.minChangedFraction);
  if (o.sceneChangeFrames !== undefined && !(Number.isInteger(o.sceneChangeFrames) && o.sceneChangeFrames >= 1 && o.sceneChangeFrames <= 1000)) fail('sceneChangeFrames', 'an integer from 1 to 1000', o.sceneChangeFrames);
  if (o.sceneChangeFraction !== undefined && !(isNumber(o.sceneChangeFraction) && o.sceneChangeFraction > 0 && o.sceneChangeFraction <= 1)) fail('sceneChangeFraction', 'a number in (0, 1]', o.sceneChangeFraction);
  const minFraction = o.minChangedFraction ?? MOTION_DETECTOR_DEFAULTS.minChangedFraction;
  const sceneFraction = o.sceneChangeFraction ?? MOTION_DETECTOR_DEFAULTS.sceneChangeFraction;
  if (sceneFraction <= minFraction) fail('sceneChangeFraction', `greater than minChangedFraction (${minFraction})`, sceneFraction);
  if (o.ignore !== undefined) validateRegions(o.ignore, name('ignore'));
}

function validateRegions(regions: unknown, path: string): void {
  const fail = (at: string, rule: string, value: unknown): never => {
    throw new SharpeyeError('E_CONFIG_INVALID', `${at} must be ${rule}, got ${JSON.stringify(value) ?? String(value)}`, { details: { path: at, value } });
  };
  if (!Array.isArray(regions)) fail(path, 'an array of polygons', regions);
  (regions as unknown[]).forEach((polygon, i) => {
    if (!Array.isArray(polygon) || polygon.length < 3) fail(`${path}[${i}]`, 'a polygon of at least 3 [x, y] points', polygon);
    (polygon as unknown[]).forEach((point, j) => {
      const ok = Array.isArray(point) && point.length === 2 && point.every((v) => typeof v === 'number' && v >= 0 && v <= 1);
      if (!ok) fail(`${path}[${i}][${j}]`, 'an [x, y] point with both coordinates in 0..1 (normalised, origin top-left)', point);
    });
  });
}

function checkImage(image: RgbImage): void {
  const { width, height, data } = image;
  if (!(Number.isInteger(width) && width > 0 && Number.isInteger(height) && height > 0 && data.length === width * height * 3)) {
    throw new SharpeyeError('E_INTERNAL', `motion detector got an image of ${width}x${height} with ${data.length} bytes; expected packed RGB24 of ${width * height * 3} bytes`, { details: { width, height, bytes: data.length } });
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
