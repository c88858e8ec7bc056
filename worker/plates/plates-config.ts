// A camera's `plates` section: whether the node reads licence plates on this camera's vehicle
// tracks, with which reader settings (inference/plates PlateReaderOptionsSchema, composed here),
// and how many frames of each track it spends on them. Plates are personal data, so reading is
// off unless a camera turns it on. The node config, the YAML loader, the API and the config
// reference all use this schema.
import { Type, type Static } from '@sinclair/typebox';
import { MIN_VEHICLE_BOX_WIDTH_PX } from '../../analytics/index.js';
import { PlateReaderOptionsSchema } from '../../inference/index.js';

/**
 * Reads per vehicle track at most: a few of its best views, not every frame (issue 11, point 1);
 * the same as analytics PlateFramePolicy's own default.
 */
export const DEFAULT_MAX_READS_PER_TRACK = 4;
/** Narrowest vehicle box (source pixels) worth a read: analytics MIN_VEHICLE_BOX_WIDTH_PX (see its derivation). */
export const DEFAULT_MIN_VEHICLE_WIDTH_PX = MIN_VEHICLE_BOX_WIDTH_PX;

export const PlatesConfigSchema = Type.Object({
  enabled: Type.Boolean({ description: 'read licence plates on this camera\'s vehicle tracks (car, truck, bus, motorcycle); off by default: plates are personal data (see README "Licence plates on cameras")', default: false }),
  ...PlateReaderOptionsSchema.properties,
  maxReadsPerTrack: Type.Integer({ description: 'plate reads per vehicle track at most (its better views first; reading stops early once the vote is settled)', default: DEFAULT_MAX_READS_PER_TRACK, minimum: 1, maximum: 50 }),
  minVehicleWidthPx: Type.Integer({ description: 'vehicles narrower than this (source pixels) are not read: their plates are too small to read', default: DEFAULT_MIN_VEHICLE_WIDTH_PX, minimum: 16, maximum: 8192 }),
}, { additionalProperties: false, default: {}, description: 'licence plate reading (see README "Licence plates on cameras")' });

export type PlatesConfig = Static<typeof PlatesConfigSchema>;

/** The reader's part of a camera's settings: cameras whose keys are equal share one reader. */
export function plateReaderKey(c: PlatesConfig): string {
  return JSON.stringify(Object.keys(PlateReaderOptionsSchema.properties).map((k) => c[k as keyof PlatesConfig]));
}
