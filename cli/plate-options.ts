// `detect --plates`: the plate flags, their translation into OnnxPlateReader options (bounds and
// defaults from PlateReaderOptionsSchema), the JSON shape of a reading, and the crop writer.
import { mkdir } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import sharp from 'sharp';
import { literalValues, SharpeyeError, type PlateReading } from '../core/index.js';
import { PLATE_READER_DEFAULTS, PlateReaderOptionsSchema, type OnnxPlateReaderOptions } from '../inference/index.js';
import { quoteValue } from './parse-options.js';

export const PLATE_FLAGS = {
  plates: { type: 'boolean' },
  'plate-detector-size': { type: 'string' },
  'plate-recogniser': { type: 'string' },
  'plate-crops': { type: 'string' },
} as const;

const p = PlateReaderOptionsSchema.properties;
const SIZES = literalValues(p.detectorSize) as readonly number[];
const RECOGNISERS = literalValues(p.recogniser) as readonly string[];

export const PLATE_HELP = [
  '  --plates            also find and read licence plates on the whole image (see README, Licence plates)',
  `  --plate-detector-size N  ${SIZES.join(' | ')} (default ${PLATE_READER_DEFAULTS.detectorSize})`,
  `  --plate-recogniser R     ${RECOGNISERS.join(' | ')} (default ${PLATE_READER_DEFAULTS.recogniser}; its weights are GPL-3.0 upstream)`,
  '  --plate-crops DIR   write each rectified plate crop as DIR/<image>-plate<i>.jpg',
].join('\n');

type Values = { [K in keyof typeof PLATE_FLAGS]?: K extends 'plates' ? boolean : string } & { 'model-dir'?: string };

/** The plate flags as reader options, or null without `--plates` (plate flags alone are an error). */
export function plateReaderOptionsFrom(values: Values): OnnxPlateReaderOptions | null {
  if (!values.plates) {
    const stray = (['plate-detector-size', 'plate-recogniser', 'plate-crops'] as const).find((k) => values[k] !== undefined);
    if (stray) throw new SharpeyeError('E_CONFIG_INVALID', `--${stray} needs --plates`);
    return null;
  }
  const size = values['plate-detector-size'];
  if (size !== undefined && !SIZES.map(String).includes(size)) {
    throw new SharpeyeError('E_CONFIG_INVALID', `--plate-detector-size must be ${SIZES.join(' or ')}, got ${quoteValue(size)}`);
  }
  const recogniser = values['plate-recogniser'];
  if (recogniser !== undefined && !RECOGNISERS.includes(recogniser)) {
    throw new SharpeyeError('E_CONFIG_INVALID', `--plate-recogniser must be ${RECOGNISERS.join(' or ')}, got ${quoteValue(recogniser)}`);
  }
  return {
    modelDir: values['model-dir'],
    detectorSize: size === undefined ? undefined : (Number(size) as 320 | 640),
    recogniser: recogniser as OnnxPlateReaderOptions['recogniser'],
  };
}

/** A reading as `detect --json` prints it (no pixels). */
export function plateToJson(r: PlateReading) {
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    text: r.text, confidence: Math.round(r.confidence * 1000) / 1000, colour: r.colour, layers: r.layers, kind: r.kind,
    box: r.box.map(round), corners: r.corners.map(([x, y]) => [round(x), round(y)]), detectorScore: Math.round(r.detectorScore * 1000) / 1000,
    recogniser: r.recogniser,
  };
}

/** Writes each reading's rectified crop as `dir/<image stem>-plate<i>.jpg`; returns the paths. */
export async function writePlateCrops(dir: string, imagePath: string, readings: readonly PlateReading[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const stem = basename(imagePath, extname(imagePath));
  return Promise.all(readings.map(async (r, i) => {
    const path = join(dir, `${stem}-plate${i}.jpg`);
    await sharp(r.crop.data, { raw: { width: r.crop.width, height: r.crop.height, channels: 3 } }).jpeg({ quality: 90 }).toFile(path);
    return path;
  }));
}
