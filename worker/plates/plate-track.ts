// A vehicle track's plate state as a camera's settings make it: the vote over its reads and the
// frame policy that picks which sightings are read (both pure, from analytics/plates).
import { PlateFramePolicy, PlateVote } from '../../analytics/index.js';
import type { TrackPlatePolicy, TrackPlateVote } from './camera-plates.js';
import type { PlatesConfig } from './plates-config.js';

export function newPlateTrack(c: PlatesConfig): { vote: TrackPlateVote; policy: TrackPlatePolicy } {
  return { vote: new PlateVote(), policy: new PlateFramePolicy({ maxReads: c.maxReadsPerTrack, minBoxWidthPx: c.minVehicleWidthPx }) };
}
