// Moved to node/detection-json.ts; this re-export keeps `serve` compiling until it runs on the node.
export { confirmedTracksToJson, countByLabel, detectionToJson, type DetectionJson, type TrackJson } from '../node/index.js';
