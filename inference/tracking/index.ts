// Public surface of inference/tracking: the ByteTrack-style multi-object tracker and the pieces
// it is built from (Kalman box filter, IoU matrix, optimal assignment).
export { ByteTracker } from './byte-tracker.js';
export { DEFAULT_CLASS_GROUPS, VEHICLE_CLASSES } from './class-groups.js';
export { BYTE_TRACKER_DEFAULTS, resolveByteTrackerOptions, type ByteTrackerOptions, type ResolvedByteTrackerOptions } from './byte-tracker-options.js';
export { KalmanBoxFilter, DEFAULT_KALMAN_NOISE, type KalmanNoise } from './kalman-box-filter.js';
export { boxIou, bufferedIou, iouMatrix } from './iou-matrix.js';
export { linearAssignment, solveAssignment, type AssignmentResult } from './linear-assignment.js';
