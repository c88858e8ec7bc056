// Object events as CSV rows (RFC 4180: comma-separated, CRLF line ends, fields with commas,
// quotes or line breaks quoted, quotes doubled). Text cells that a spreadsheet would run as a
// formula (starting with = + - @ tab or CR; OWASP "CSV Injection") get a leading apostrophe.
import type { ObjectEvent } from '../node/index.js';

export const CSV_COLUMNS = [
  'id', 'camera', 'trackId', 'label', 'score', 'firstSeen', 'firstSeenMs', 'lastSeen', 'lastSeenMs', 'durationSeconds',
  'frames', 'color', 'colorFraction', 'speedPxPerSecond', 'headingDegrees', 'speedMetresPerSecond', 'compassDegrees',
  'zones', 'lines', 'rules', 'boxX1', 'boxY1', 'boxX2', 'boxY2', 'final', 'version',
  // Video structuring (issue 11), appended so that existing columns keep their positions.
  'plate', 'plateColour', 'plateConfidence', 'vehicleType', 'upperColor', 'lowerColor', 'carrying', 'riding',
] as const;

type Cell = string | number | boolean | null | undefined;

function cell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const iso = (ms: number): string => (Number.isFinite(ms) ? new Date(ms).toISOString() : '');

/** The header line, CRLF-terminated. */
export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`;
}

/**
 * One event as a CSV line (CRLF-terminated); list fields are joined with ';', line crossings as
 * `line:direction`; plate and person columns are empty for events without them.
 */
export function csvRow(e: ObjectEvent): string {
  const values: Record<(typeof CSV_COLUMNS)[number], Cell> = {
    id: e.id, camera: e.camera, trackId: e.trackId, label: e.label, score: e.score,
    firstSeen: iso(e.firstSeen.wallMs), firstSeenMs: e.firstSeen.wallMs, lastSeen: iso(e.lastSeen.wallMs), lastSeenMs: e.lastSeen.wallMs,
    durationSeconds: e.durationSeconds, frames: e.frames, color: e.color, colorFraction: e.colorFraction,
    speedPxPerSecond: e.speedPxPerSecond, headingDegrees: e.headingDegrees, speedMetresPerSecond: e.speedMetresPerSecond, compassDegrees: e.compassDegrees,
    zones: e.zones.join(';'), lines: e.lines.map((l) => `${l.line}:${l.direction}`).join(';'), rules: e.rules.join(';'),
    boxX1: e.box[0], boxY1: e.box[1], boxX2: e.box[2], boxY2: e.box[3], final: e.final, version: e.version,
    plate: e.plate?.text, plateColour: e.plate?.colour, plateConfidence: e.plate?.confidence, vehicleType: e.vehicleType,
    upperColor: e.person?.upperColor, lowerColor: e.person?.lowerColor, carrying: e.person?.carrying.join(';'), riding: e.person?.riding,
  };
  return `${CSV_COLUMNS.map((c) => cell(values[c])).join(',')}\r\n`;
}
