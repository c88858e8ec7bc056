// How detections and tracks are printed: labels, scores to 4 decimals, boxes in source pixels to 1 decimal.
import type { Detection, Track } from '../core/index.js';

export interface DetectionJson { label: string; score: number; box: [number, number, number, number] }

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

export function detectionToJson(d: Detection): DetectionJson {
  return { label: d.label, score: round(d.score, 4), box: [round(d.box[0], 1), round(d.box[1], 1), round(d.box[2], 1), round(d.box[3], 1)] };
}

export interface TrackJson { id: number; label: string; score: number; box: [number, number, number, number] }

/** The confirmed tracks of a frame, printed like detections plus their track id. */
export function confirmedTracksToJson(tracks: readonly Track[]): TrackJson[] {
  return tracks.filter((t) => t.state === 'confirmed').map((t) => ({ id: t.id, ...detectionToJson(t) }));
}

export function countByLabel(detections: readonly Detection[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const d of detections) counts[d.label] = (counts[d.label] ?? 0) + 1;
  return counts;
}
