// A camera's `plates` section: whether the node reads licence plates on this camera's vehicle
// tracks, with which plate models, and how many frames of each track it spends on them. Plates are
// personal data, so reading is off unless a camera turns it on. Defaults and bounds are written
// here only; the node config, the YAML loader, the API and the config reference use this schema.
import { Type, type Static } from '@sinclair/typebox';

/** Reads per vehicle track at most: a few of its best frames, not every frame (issue 11, point 1). */
export const DEFAULT_MAX_READS_PER_TRACK = 3;
/**
 * Narrowest vehicle box (source pixels) worth a read. A mainland plate is 440 mm of a ~1.8 m wide
 * car, so a 160 px car shows a ~40 px plate: about the least the 168×48 recogniser input reads.
 */
export const DEFAULT_MIN_VEHICLE_WIDTH_PX = 160;

export const PlatesConfigSchema = Type.Object({
  enabled: Type.Boolean({ description: 'read licence plates on this camera\'s vehicle tracks (car, truck, bus, motorcycle); off by default: plates are personal data (see README "Licence plates")', default: false }),
  detectorSize: Type.Union([Type.Literal(320), Type.Literal(640)], { description: 'input size of the plate corner detector (y5fu): 320 is about 4x cheaper, 640 finds smaller plates', default: 320 }),
  recogniser: Type.Union([Type.Literal('plate_rec_color'), Type.Literal('cct_xs_v1_global')], {
    description: 'plate_rec_color: Chinese mainland plates (upstream GPL-3.0) with the Latin OCR as fallback; cct_xs_v1_global: the Latin OCR only (MIT; no Chinese characters)',
    default: 'plate_rec_color',
  }),
  maxReadsPerTrack: Type.Integer({ description: 'plate reads per vehicle track at most (its largest sightings first come, reading stops early once the vote is confident)', default: DEFAULT_MAX_READS_PER_TRACK, minimum: 1, maximum: 50 }),
  minVehicleWidthPx: Type.Integer({ description: 'vehicles narrower than this (source pixels) are not read: their plates are too small to read', default: DEFAULT_MIN_VEHICLE_WIDTH_PX, minimum: 16, maximum: 8192 }),
}, { additionalProperties: false, default: {}, description: 'licence plate reading (see README "Licence plates")' });

export type PlatesConfig = Static<typeof PlatesConfigSchema>;
