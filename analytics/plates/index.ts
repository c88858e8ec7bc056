// Public surface of analytics/plates: per-track plate voting and the choice of frames to read.
export { PlateVote, normalisePlateText, MAX_PLATE_CANDIDATES, MAX_PLATE_TEXTS, MIN_AGREEING_READS, MIN_SINGLE_READ_CONFIDENCE, type PlateVoteReading } from './plate-vote.js';
export { PlateFramePolicy, MIN_PLATE_WIDTH_PX, MIN_VEHICLE_BOX_WIDTH_PX, PLATE_TO_VEHICLE_WIDTH, type PlateFramePolicyOptions, type PlateSighting } from './plate-frame-policy.js';
