// Mapping between ObjectEvent and the SQLite rows: the whole event as JSON plus the scalar columns
// that filters and sorting read, and embeddings as little-endian float32 blobs (sqlite-vec's format).
import type { ObjectEvent } from '../../core/index.js';
import { normalisePlate } from '../plate-match.js';

export interface EventColumns {
  readonly id: string;
  readonly camera: string;
  readonly label: string;
  readonly color: string | null;
  readonly first_wall: number;
  readonly last_wall: number;
  readonly duration: number;
  readonly speed_px: number;
  readonly speed_m: number | null;
  /** Schema 3: normalised plate text (plate-match.ts), vehicle type and person attributes; NULL when absent. */
  readonly plate: string | null;
  readonly vehicle_type: string | null;
  readonly upper_color: string | null;
  readonly lower_color: string | null;
  readonly riding: string | null;
  readonly json: string;
}

/** The schema-3 attribute columns of an event (see EventColumns); `carrying` goes to event_carrying. */
export function attributeColumns(e: ObjectEvent): Pick<EventColumns, 'plate' | 'vehicle_type' | 'upper_color' | 'lower_color' | 'riding'> & { carrying: string[] } {
  const plate = typeof e.plate?.text === 'string' ? normalisePlate(e.plate.text) : '';
  return {
    plate: plate === '' ? null : plate,
    vehicle_type: e.vehicleType ?? null,
    upper_color: e.person?.upperColor ?? null,
    lower_color: e.person?.lowerColor ?? null,
    riding: e.person?.riding ?? null,
    carrying: Array.isArray(e.person?.carrying) ? [...new Set(e.person.carrying)] : [],
  };
}

export function eventColumns(e: ObjectEvent): EventColumns & { carrying: string[] } {
  return {
    id: e.id,
    camera: e.camera,
    label: e.label,
    color: e.color ?? null,
    first_wall: e.firstSeen.wallMs,
    last_wall: e.lastSeen.wallMs,
    duration: e.durationSeconds,
    speed_px: Number.isFinite(e.speedPxPerSecond) ? e.speedPxPerSecond : 0,
    speed_m: Number.isFinite(e.speedMetresPerSecond) ? e.speedMetresPerSecond! : null,
    ...attributeColumns(e),
    json: JSON.stringify(e),
  };
}

/** vec0 metadata columns cannot hold NULL, so "no colour" is stored there as ''. */
export function vectorMetadata(c: EventColumns): [string, string, string, number, number, number] {
  return [c.camera, c.label, c.color ?? '', c.first_wall, c.last_wall, c.duration];
}

export function rowEvent(json: string): ObjectEvent {
  return JSON.parse(json) as ObjectEvent;
}

export function vectorBlob(v: Float32Array): Buffer {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

export function blobVector(b: Buffer): Float32Array {
  // Copy: the blob's bytes need not be 4-byte aligned and belong to the driver.
  const out = new Float32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}
