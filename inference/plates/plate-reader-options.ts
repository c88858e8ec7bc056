// The plate reader's settings, defined once: a TypeBox schema (which a camera's `plates` config
// section can compose) and the defaults OnnxPlateReader falls back to.
import { Type, type Static } from '@sinclair/typebox';
import { schemaDefault } from '../../core/index.js';

export const PlateReaderOptionsSchema = Type.Object({
  recogniser: Type.Union([Type.Literal('plate_rec_color'), Type.Literal('latin-only')], {
    default: 'plate_rec_color',
    description: "which recogniser reads plates: 'plate_rec_color' (Chinese plates, GPL-3.0 upstream weights, Latin OCR as fallback) or 'latin-only' (the MIT Latin OCR alone; no Chinese characters)",
  }),
  detectorSize: Type.Union([Type.Literal(320), Type.Literal(640)], {
    default: 320, description: 'plate detector input side in pixels: 320 (about 2.5x faster) or 640 (smaller plates in whole frames)',
  }),
  minDetectorScore: Type.Number({ default: 0.5, minimum: 0, maximum: 1, description: 'minimum plate detector score (objectness x layer-class score)' }),
  minConfidence: Type.Number({ default: 0.8, minimum: 0, maximum: 1, description: 'minimum recogniser confidence of a read; weaker reads are dropped, not reported' }),
  minPlateWidthPx: Type.Integer({ default: 16, minimum: 1, maximum: 4096, description: 'plates narrower than this (source pixels, rectified) are not read' }),
  regionMarginRatio: Type.Number({ default: 0.1, minimum: 0, maximum: 1, description: 'when reading inside a region (a vehicle box), the box is grown by this fraction of its width and height on each side' }),
  maxPlates: Type.Integer({ default: 8, minimum: 1, maximum: 64, description: 'plates read per image or region, best detector score first' }),
  companionPlates: Type.Boolean({
    default: true, description: "read the Hong Kong or Macao plate mounted above or below a cross-border plate (text ending in 港 or 澳) with the Latin OCR; the detector itself misses those square plates",
  }),
}, { additionalProperties: false, default: {}, description: 'licence-plate detection and reading' });

export type PlateReaderConfig = Static<typeof PlateReaderOptionsSchema>;

const p = PlateReaderOptionsSchema.properties;
/** Defaults of every PlateReaderOptionsSchema field, as values. */
export const PLATE_READER_DEFAULTS: Readonly<PlateReaderConfig> = Object.freeze({
  recogniser: schemaDefault<PlateReaderConfig['recogniser']>(p.recogniser),
  detectorSize: schemaDefault<PlateReaderConfig['detectorSize']>(p.detectorSize),
  minDetectorScore: schemaDefault<number>(p.minDetectorScore),
  minConfidence: schemaDefault<number>(p.minConfidence),
  minPlateWidthPx: schemaDefault<number>(p.minPlateWidthPx),
  regionMarginRatio: schemaDefault<number>(p.regionMarginRatio),
  maxPlates: schemaDefault<number>(p.maxPlates),
  companionPlates: schemaDefault<boolean>(p.companionPlates),
});
