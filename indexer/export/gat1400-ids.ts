// Identifiers and times in GA/T 1400's formats, built deterministically from an object event so that
// exporting the same event twice gives the same ids (a platform that upserts by id keeps one record).
//
// Layout, as public GA/T 1400 records use it (sources in README "GA/T 1400 export"):
//   DeviceID  20 digits: GB/T 28181-style code, 8 administrative division + 2 industry + 3 type
//             + 1 network + 6 serial (collection devices carry type 119 in public samples).
//   ImageID / SourceID  41 characters: DeviceID + '02' (image) + 14-digit local time + 5-digit serial.
//   MotorVehicleID / NonMotorVehicleID / PersonID  48 characters: the SourceID of the image the
//             object was found in + 2-digit object type (01 person, 02 motor vehicle,
//             03 non-motor vehicle) + 5-digit serial of the object in that image.
import { SharpeyeError } from '../../core/index.js';

/** Object type codes inside a 48-character object id. */
export const GAT1400_OBJECT_TYPE_CODES = Object.freeze({ Person: '01', MotorVehicle: '02', NonMotorVehicle: '03' });

/** The default site time zone for GA/T 1400 times (China Standard Time). */
export const DEFAULT_GAT1400_TIME_ZONE = 'Asia/Shanghai';

const DEVICE_ID = /^[0-9]{20}$/;

/** Throws E_CONFIG_INVALID unless `id` is 20 decimal digits; `at` names the setting. */
export function checkGat1400DeviceId(id: string, at: string): string {
  if (!DEVICE_ID.test(id)) throw new SharpeyeError('E_CONFIG_INVALID', `${at}: a GA/T 1400 device id is 20 digits (GB/T 28181 style), got '${id}'`, { details: { at } });
  return id;
}

/**
 * A stand-in DeviceID for a camera without a configured one: division 00000000, industry 00,
 * type 119, network 0, serial = FNV-1a 32-bit hash of the camera id modulo 10^6. Deterministic, but
 * two cameras may collide and a platform will not know the device: configure `gat1400DeviceId`.
 */
export function placeholderDeviceId(camera: string): string {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(camera)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `${'00000000'}${'00'}${'119'}${'0'}${String(h % 1_000_000).padStart(6, '0')}`;
}

/** Throws E_CONFIG_INVALID for a time zone name the runtime does not know. */
export function checkTimeZone(timeZone: string, at: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new SharpeyeError('E_CONFIG_INVALID', `${at}: unknown time zone '${timeZone}' (an IANA name such as Asia/Shanghai)`, { details: { at } });
  }
  return timeZone;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** `yyyyMMddHHmmss` in `timeZone` (GA/T 1400's 14-digit local date-time) of wall-clock ms since epoch. */
export function gat1400Time(wallMs: number, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(Math.floor(wallMs / 1000) * 1000)).map((x) => [x.type, x.value]));
  return `${p.year.padStart(4, '0')}${p.month}${p.day}${p.hour}${p.minute}${p.second}`;
}

/** Which picture of an object an image id names: the scene frame (the object's source image), the crop, the plate crop. */
export type Gat1400ImageSlot = 'scene' | 'object' | 'plate';
const SLOT_DIGIT: Record<Gat1400ImageSlot, number> = { scene: 0, object: 1, plate: 2 };

/**
 * The 41-character id of one picture of a track: DeviceID + '02' + time + serial, the serial being
 * (trackId mod 10000) × 10 + slot (0 scene, 1 crop, 2 plate), so the pictures of one track differ
 * and tracks first seen in the same second differ unless their ids are 10000 apart.
 */
export function gat1400ImageId(deviceId: string, time14: string, trackId: number, slot: Gat1400ImageSlot): string {
  const serial = (Math.abs(Math.trunc(trackId)) % 10_000) * 10 + SLOT_DIGIT[slot];
  return `${deviceId}02${time14}${String(serial).padStart(5, '0')}`;
}

/** The 48-character object id: its source image's id + type code + '00001' (one object per source image). */
export function gat1400ObjectId(sourceId: string, kind: keyof typeof GAT1400_OBJECT_TYPE_CODES): string {
  return `${sourceId}${GAT1400_OBJECT_TYPE_CODES[kind]}00001`;
}
