// Licence plates in a camera's running pipeline: the camera's `plates` config, the node-wide bound
// on reads in flight, and the per-camera read scheduling, voting hand-off and alert enrichment.
export { PlatesConfigSchema, DEFAULT_MAX_READS_PER_TRACK, DEFAULT_MIN_VEHICLE_WIDTH_PX, plateReaderKey, type PlatesConfig } from './plates-config.js';
export { PlateReadSlots, DEFAULT_PLATE_READS_IN_FLIGHT } from './plate-read-slots.js';
export {
  CameraPlates, MIN_VOTES_WHEN_READS_DISAGREE, PLATE_VEHICLE_LABELS, type CameraPlatesOptions, type PlatedObjectOutput, type PlateFrameTime, type PlateSightingView,
  type PlateReadObserver, type TrackPlatePolicy, type TrackPlateVote,
} from './camera-plates.js';
export { newPlateTrack } from './plate-track.js';
