// One object event as one GA/T 1400 object: cars, buses, lorries and motorcycles as MotorVehicle,
// bicycles as NonMotorVehicle, people as Person; other labels have no GA/T 1400 object and give
// undefined. Pure: pictures are referenced (StoragePath) and embedded (Data) only when the caller
// passes their bytes. Field names and codes: README "GA/T 1400 export".
import type { ObjectEvent } from '../../core/index.js';
import { colourCode, directionCode, GAT1400_IMAGE_TYPES, GAT1400_INFO_KIND_AUTOMATIC, GAT1400_PLATE_COLOUR_CODES, plateClassCode, vehicleClassCode } from './gat1400-codes.js';
import { DEFAULT_GAT1400_TIME_ZONE, gat1400ImageId, gat1400ObjectId, gat1400Time, placeholderDeviceId, type Gat1400ImageSlot } from './gat1400-ids.js';
import type { Gat1400MotorVehicle, Gat1400NonMotorVehicle, Gat1400Person, Gat1400SubImageInfo } from './gat1400-schema.js';

export type Gat1400Kind = 'MotorVehicle' | 'NonMotorVehicle' | 'Person';

/** The COCO labels each GA/T 1400 object kind is made from. */
export const GAT1400_KIND_LABELS: Readonly<Record<Gat1400Kind, readonly string[]>> = Object.freeze({
  MotorVehicle: Object.freeze(['car', 'truck', 'bus', 'motorcycle']),
  NonMotorVehicle: Object.freeze(['bicycle']),
  Person: Object.freeze(['person']),
});

/** The object kind of a label, or undefined when GA/T 1400 has none sharpeye fills. */
export function gat1400KindOf(label: string): Gat1400Kind | undefined {
  return (Object.keys(GAT1400_KIND_LABELS) as Gat1400Kind[]).find((k) => GAT1400_KIND_LABELS[k].includes(label));
}

/** Per-camera export settings. */
export interface Gat1400CameraSettings {
  /** 20-digit DeviceID; absent: a placeholder derived from the camera id (placeholderDeviceId). */
  readonly deviceId?: string;
  /** Compass bearing of image-up (0 north, 90 east), to turn an uncalibrated image heading into a direction of travel. */
  readonly imageUpBearingDegrees?: number;
}

export interface Gat1400MappingOptions {
  /** IANA zone of the 14-digit local times. @defaultValue 'Asia/Shanghai' */
  readonly timeZone?: string;
  /** Settings of a camera id, if any. */
  camera?(camera: string): Gat1400CameraSettings | undefined;
  /** StoragePath of a picture; default: its blob key as stored on the event. */
  storagePath?(key: string, event: ObjectEvent, picture: Gat1400Picture): string;
}

export type Gat1400Picture = 'snapshot' | 'thumbnail' | 'plate';

/** JPEG bytes to embed as SubImageInfo.Data, by picture. */
export type Gat1400ImageData = Partial<Record<Gat1400Picture, Uint8Array>>;

export type Gat1400Record =
  | { readonly kind: 'MotorVehicle'; readonly object: Gat1400MotorVehicle }
  | { readonly kind: 'NonMotorVehicle'; readonly object: Gat1400NonMotorVehicle }
  | { readonly kind: 'Person'; readonly object: Gat1400Person };

/**
 * The GA/T 1400 object of `e`, or undefined for labels without one. Ids are deterministic (see
 * gat1400-ids.ts); times are `e.firstSeen.wallMs` (PassTime, appear time, source image) and
 * `e.lastSeen.wallMs` (disappear time) in `o.timeZone`. Speed (km/h) needs a calibrated camera;
 * Direction needs a compass heading (calibration) or the camera's imageUpBearingDegrees.
 */
export function toGat1400(e: ObjectEvent, o: Gat1400MappingOptions = {}, images: Gat1400ImageData = {}): Gat1400Record | undefined {
  const kind = gat1400KindOf(e.label);
  if (kind === undefined) return undefined;
  const settings = o.camera?.(e.camera);
  const deviceId = settings?.deviceId ?? placeholderDeviceId(e.camera);
  const timeZone = o.timeZone ?? DEFAULT_GAT1400_TIME_ZONE;
  const appear = gat1400Time(e.firstSeen.wallMs, timeZone);
  const sourceId = gat1400ImageId(deviceId, appear, e.trackId, 'scene');
  const head = { InfoKind: GAT1400_INFO_KIND_AUTOMATIC, SourceID: sourceId, DeviceID: deviceId, ...box(e) } as const;
  const crop = kind === 'MotorVehicle' ? GAT1400_IMAGE_TYPES.vehicle : kind === 'Person' ? GAT1400_IMAGE_TYPES.person : GAT1400_IMAGE_TYPES.nonMotorVehicle;
  const path = (key: string, picture: Gat1400Picture) => o.storagePath?.(key, e, picture) ?? key;
  const sub = (key: string | undefined, picture: Gat1400Picture, slot: Gat1400ImageSlot, type: Gat1400SubImageInfo['Type']): Gat1400SubImageInfo[] => {
    if (key === undefined) return [];
    const data = images[picture];
    return [{
      ImageID: gat1400ImageId(deviceId, appear, e.trackId, slot), DeviceID: deviceId, StoragePath: path(key, picture), Type: type, FileFormat: 'Jpeg', ShotTime: appear,
      ...(data ? { Data: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64') } : {}),
    }];
  };
  const subImages = [
    ...sub(e.snapshot, 'snapshot', 'object', crop),
    ...sub(e.thumbnail, 'thumbnail', 'scene', GAT1400_IMAGE_TYPES.scene),
    ...(kind === 'MotorVehicle' ? sub(e.plate?.snapshot, 'plate', 'plate', GAT1400_IMAGE_TYPES.plate) : []),
  ];
  const SubImageList = subImages.length > 0 ? { SubImageList: { SubImageInfoObject: subImages } } : {};
  const speed = speedKmh(e);

  if (kind === 'Person') {
    const p = e.person;
    return {
      kind,
      object: {
        PersonID: gat1400ObjectId(sourceId, kind), ...head,
        PersonAppearTime: appear, PersonDisAppearTime: gat1400Time(e.lastSeen.wallMs, timeZone),
        ...(p?.upperColor != null ? { CoatColor: colourCode(p.upperColor) } : {}),
        ...(p?.lowerColor != null ? { TrousersColor: colourCode(p.lowerColor) } : {}),
        ...SubImageList,
      },
    };
  }
  if (kind === 'NonMotorVehicle') {
    return {
      kind,
      object: {
        NonMotorVehicleID: gat1400ObjectId(sourceId, kind), ...head,
        AppearTime: appear, DisappearTime: gat1400Time(e.lastSeen.wallMs, timeZone),
        VehicleColor: colourCode(e.color),
        ...(speed !== undefined ? { Speed: speed } : {}),
        ...SubImageList,
      },
    };
  }
  const vehicleClass = vehicleClassCode(e.vehicleType, e.label);
  const direction = directionCode(bearingOf(e, settings));
  const plate = e.plate;
  return {
    kind,
    object: {
      MotorVehicleID: gat1400ObjectId(sourceId, kind), ...head,
      PassTime: appear,
      VehicleColor: colourCode(e.color),
      ...(vehicleClass !== undefined ? { VehicleClass: vehicleClass as Gat1400MotorVehicle['VehicleClass'] } : {}),
      ...(plate ? {
        HasPlate: '1' as const,
        PlateClass: plateClassCode(plate) as Gat1400MotorVehicle['PlateClass'],
        ...(plate.colour !== null ? { PlateColor: GAT1400_PLATE_COLOUR_CODES[plate.colour] as Gat1400MotorVehicle['PlateColor'] } : {}),
        PlateNo: plate.text,
        PlateReliability: String(Math.round(Math.min(1, Math.max(0, plate.confidence)) * 100)),
      } : {}),
      ...(speed !== undefined ? { Speed: speed } : {}),
      ...(direction !== undefined ? { Direction: direction as Gat1400MotorVehicle['Direction'] } : {}),
      ...(e.snapshot !== undefined ? { StorageUrl1: path(e.snapshot, 'snapshot') } : {}),
      ...(plate?.snapshot !== undefined ? { StorageUrl2: path(plate.snapshot, 'plate') } : {}),
      ...(e.thumbnail !== undefined ? { StorageUrl3: path(e.thumbnail, 'thumbnail') } : {}),
      ...SubImageList,
    },
  };
}

function box(e: ObjectEvent): { LeftTopX: number; LeftTopY: number; RightBtmX: number; RightBtmY: number } {
  const [x1, y1, x2, y2] = e.box.map((v) => Math.max(0, Math.round(Number.isFinite(v) ? v : 0)));
  return { LeftTopX: x1, LeftTopY: y1, RightBtmX: Math.max(x1, x2), RightBtmY: Math.max(y1, y2) };
}

/** km/h to 0.1 from the calibrated ground speed; undefined without calibration. */
export function speedKmh(e: Pick<ObjectEvent, 'speedMetresPerSecond'>): number | undefined {
  const v = e.speedMetresPerSecond;
  return v !== undefined && Number.isFinite(v) && v >= 0 ? Math.round(v * 36) / 10 : undefined;
}

/** The compass bearing of travel: the calibrated one, else the image heading turned by the camera's imageUpBearingDegrees. */
export function bearingOf(e: Pick<ObjectEvent, 'compassDegrees' | 'headingDegrees'>, settings?: Gat1400CameraSettings): number | undefined {
  if (e.compassDegrees != null) return e.compassDegrees;
  if (e.headingDegrees != null && settings?.imageUpBearingDegrees !== undefined) return e.headingDegrees + settings.imageUpBearingDegrees;
  return undefined;
}
