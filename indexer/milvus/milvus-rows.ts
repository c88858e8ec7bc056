// Maps ObjectEvents to Milvus rows and back. The whole event is kept as JSON text (`event`), so a
// read returns exactly what was written; the scalar columns exist only to filter and order on.
import { SharpeyeError, type ObjectEvent } from '../../core/index.js';
import type { EventRecord } from '../event-store.js';
import { checkRecord } from '../store-input.js';
import { unspellableInMilvus } from './milvus-filter.js';
import { FIELD_LIMITS } from './milvus-schema.js';
import { normalisePlate, plateKey } from '../plate-match.js';

export interface MilvusEventRow {
  id: string;
  camera: string;
  label: string;
  color: string;
  first_wall: number;
  last_wall: number;
  duration: number;
  speed_px?: number;
  speed_m?: number;
  zones: string[];
  rules: string[];
  plate?: string;
  plate_key?: string;
  vehicle_type?: string;
  upper_color?: string;
  lower_color?: string;
  riding?: string;
  carrying?: string[];
  has_vector: boolean;
  event: string;
  vector: number[];
}

/** Stand-in vector for events without an embedding (the field cannot be null); `has_vector` keeps them out of searches. */
function placeholderVector(dimension: number): number[] {
  const v = new Array<number>(dimension).fill(0);
  v[0] = 1;
  return v;
}

/** Checks a record (the shared checks, then Milvus's field limits) and maps it to a row. */
export function toRow(record: EventRecord, dimension: number, index: number, speedFields = true, attributeFields = true): MilvusEventRow {
  checkRecord(record, dimension, index);
  const e = record.event;
  const bad = (why: string) =>
    new SharpeyeError('E_STORE_RECORD_INVALID', `Event ${JSON.stringify(String(e?.id)).slice(0, 300)} cannot be stored in Milvus: ${why}.`, {
      details: { id: e?.id, camera: e?.camera },
    });
  if ([e.id, e.camera, e.label, e.color ?? '', ...e.zones, ...e.rules].some(unspellableInMilvus)) throw bad('its id, camera, label, colour, a zone or a rule holds a line break or a lone UTF-16 surrogate, which Milvus filters cannot spell');
  if (byteLength(e.id) > FIELD_LIMITS.id) throw bad(`its id is longer than ${FIELD_LIMITS.id} bytes`);
  if (byteLength(e.camera) > FIELD_LIMITS.camera) throw bad(`its camera id is longer than ${FIELD_LIMITS.camera} bytes`);
  if (byteLength(e.label) > FIELD_LIMITS.label || byteLength(e.color ?? '') > FIELD_LIMITS.color) throw bad('its label or colour is too long');
  for (const [name, list] of [['zones', e.zones], ['rules', e.rules]] as const) {
    if (list.length > FIELD_LIMITS.listCapacity) throw bad(`it has more than ${FIELD_LIMITS.listCapacity} ${name}`);
    if (list.some((x) => byteLength(x) > FIELD_LIMITS.listItem)) throw bad(`one of its ${name} is longer than ${FIELD_LIMITS.listItem} bytes`);
  }
  const attributes = attributeFields ? attributeValues(e, bad) : {};
  const json = JSON.stringify(e);
  if (byteLength(json) > FIELD_LIMITS.event) throw bad(`its JSON is longer than ${FIELD_LIMITS.event} bytes`);
  let vector: number[];
  if (record.embedding) {
    vector = Array.from(record.embedding);
  } else {
    vector = placeholderVector(dimension);
  }
  return {
    id: e.id,
    camera: e.camera,
    label: e.label,
    color: e.color ?? '',
    first_wall: e.firstSeen.wallMs,
    last_wall: e.lastSeen.wallMs,
    duration: e.durationSeconds,
    ...(speedFields ? {
      speed_px: Number.isFinite(e.speedPxPerSecond) ? e.speedPxPerSecond : 0,
      speed_m: e.speedMetresPerSecond !== undefined && Number.isFinite(e.speedMetresPerSecond) ? e.speedMetresPerSecond : -1,
    } : {}),
    zones: [...e.zones],
    rules: [...e.rules],
    ...attributes,
    has_vector: record.embedding !== undefined,
    event: json,
    vector,
  };
}

/** The attribute fields of a row ('' / [] when absent); `bad` makes the error for a value Milvus cannot hold. */
function attributeValues(e: ObjectEvent, bad: (why: string) => SharpeyeError): Pick<MilvusEventRow, 'plate' | 'plate_key' | 'vehicle_type' | 'upper_color' | 'lower_color' | 'riding' | 'carrying'> {
  const row = {
    plate: typeof e.plate?.text === 'string' ? normalisePlate(e.plate.text) : '',
    plate_key: typeof e.plate?.text === 'string' ? plateKey(e.plate.text) : '',
    vehicle_type: e.vehicleType ?? '',
    upper_color: e.person?.upperColor ?? '',
    lower_color: e.person?.lowerColor ?? '',
    riding: e.person?.riding ?? '',
    carrying: Array.isArray(e.person?.carrying) ? [...new Set(e.person.carrying.map(String))] : [],
  };
  const texts = [row.plate, row.vehicle_type, row.upper_color, row.lower_color, row.riding, ...row.carrying].map(String);
  if (texts.some(unspellableInMilvus)) throw bad('its plate text or a person or vehicle attribute holds a line break or a lone UTF-16 surrogate');
  if (byteLength(row.plate) > FIELD_LIMITS.plate || byteLength(row.plate_key) > FIELD_LIMITS.plateKey) throw bad(`its plate text is longer than ${FIELD_LIMITS.plate} bytes`);
  if (byteLength(row.upper_color) > FIELD_LIMITS.color || byteLength(row.lower_color) > FIELD_LIMITS.color) throw bad('a clothing colour is too long');
  if ([row.vehicle_type, row.riding, ...row.carrying].some((x) => byteLength(x) > FIELD_LIMITS.attribute)) throw bad(`its vehicle type, riding or a carried item is longer than ${FIELD_LIMITS.attribute} bytes`);
  if (row.carrying.length > FIELD_LIMITS.carryingCapacity) throw bad(`it carries more than ${FIELD_LIMITS.carryingCapacity} kinds of item`);
  return row;
}

export function fromEventJson(text: unknown): ObjectEvent {
  return JSON.parse(String(text)) as ObjectEvent;
}

function byteLength(s: string): number {
  return Buffer.byteLength(String(s), 'utf8');
}
