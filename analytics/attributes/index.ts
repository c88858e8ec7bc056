// Public surface of analytics/attributes: per-track attributes of an object event (dominant colour,
// best snapshot and its JPEGs, trajectory, speed and heading with optional ground-plane calibration).
export { PALETTE_COLOURS, PALETTE_INDEX, paletteColourOfRgb, paletteIndexOfRgb, type PaletteColour } from './colour-palette.js';
export { dominantColour, type DominantColour, type DominantColourOptions, type ColourShare } from './dominant-colour.js';
export { laplacianVariance, type SharpnessOptions } from './laplacian-sharpness.js';
export { snapshotScore, isTruncated, type SnapshotScore, type SnapshotScoreInput, type SnapshotScoreOptions } from './snapshot-score.js';
export { BestSnapshot, boxInCrop, type BestSnapshotOptions, type SnapshotCandidate, type SnapshotTrack } from './best-snapshot.js';
export { encodeCropJpeg, encodeThumbnailJpeg, encodeSnapshotJpegs, type CropJpegOptions, type ThumbnailJpegOptions } from './snapshot-jpeg.js';
export { drawRectangle } from './draw-rectangle.js';
export { cropRegion, cropRgb } from './rgb-crop.js';
export { downscaleRgb } from './rgb-downscale.js';
export { GroundPlane, solveHomography, applyHomography, type GroundPointPair, type GroundPlaneOptions, type Homography, type Point2 } from './ground-plane.js';
export { latLonToLocalMetres, type LatLon } from './local-metres.js';
export { motionStats, type MotionStats, type MotionStatsOptions, type GroundMotion } from './motion-stats.js';
export { anchorPoint, downsampleTrajectory, type TrajectoryPoint, type DownsampleOptions } from './trajectory.js';
export { VehicleTypeVote, groundEdge, hasVehicleType, HEAVY_AREA_RATIO, HEAVY_LENGTH_M, HEAVY_WIDTH_M, LARGE_AREA_RATIO, LARGE_LENGTH_M, MIN_SIZE_SAMPLES, type VehicleSighting, type VehicleSizeClass } from './vehicle-type.js';
export {
  PersonAttributesVote, bagOverPerson, riderOver, bodyRegion, pairPersonItems, occlusion, UPPER_BODY, LOWER_BODY,
  MIN_CARRY_SIGHTINGS, MIN_RIDE_SIGHTINGS, RIDE_MIN_SHARE, MIN_COLOUR_BOX_HEIGHT_PX,
} from './person-attributes.js';
