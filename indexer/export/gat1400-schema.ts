// JSON Schema (TypeBox) of the GA/T 1400 documents sharpeye exports: the list envelopes and the three
// object kinds with exactly the fields the export fills, named as public GA/T 1400 implementations
// name them (README "GA/T 1400 export" cites where each comes from). `additionalProperties: false`
// everywhere: a field the export invents fails validation.
import { Type, type Static } from '@sinclair/typebox';

const digits = (n: number, description: string) => Type.String({ pattern: `^[0-9]{${n}}$`, description });
const DeviceId = digits(20, 'DeviceID: 20-digit device code (GB/T 28181 style)');
const ImageId = Type.String({ pattern: '^[0-9]{41}$', description: 'ImageID / SourceID: DeviceID + 02 + 14-digit time + 5-digit serial' });
const Time14 = digits(14, 'local date-time yyyyMMddHHmmss in the site time zone');
const ColourCode = Type.Union(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13', '99'].map((c) => Type.Literal(c)), { description: 'ColorType code' });
const Coordinate = Type.Integer({ minimum: 0, description: 'pixels in the source frame' });
const Box = {
  LeftTopX: Coordinate, LeftTopY: Coordinate, RightBtmX: Coordinate, RightBtmY: Coordinate,
};

export const Gat1400SubImageInfoSchema = Type.Object({
  ImageID: ImageId,
  DeviceID: DeviceId,
  StoragePath: Type.String({ minLength: 1, description: 'URL or blob key of the JPEG' }),
  Type: Type.Union(['02', '09', '10', '12', '14'].map((c) => Type.Literal(c)), { description: 'ImageType: 02 plate, 09 vehicle close-up, 10 person, 12 non-motor vehicle, 14 scene' }),
  FileFormat: Type.Literal('Jpeg'),
  ShotTime: Time14,
  Data: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9+/]*={0,2}$', description: 'the JPEG, base64 (only when images are embedded)' })),
}, { additionalProperties: false });

const SubImageList = Type.Object({ SubImageInfoObject: Type.Array(Gat1400SubImageInfoSchema, { minItems: 1 }) }, { additionalProperties: false });

const objectId = (kindCode: string) => Type.String({ pattern: `^[0-9]{41}${kindCode}[0-9]{5}$`, description: `SourceID + object type ${kindCode} + 5-digit serial (48 characters)` });
const common = {
  InfoKind: Type.Literal(1, { description: 'InfoKind 1: automatic collection' }),
  SourceID: ImageId,
  DeviceID: DeviceId,
  ...Box,
};

export const Gat1400MotorVehicleSchema = Type.Object({
  MotorVehicleID: objectId('02'),
  ...common,
  PassTime: Time14,
  VehicleColor: ColourCode,
  VehicleClass: Type.Optional(Type.Union(['K33', 'K31', 'K11', 'H31', 'H11', 'M21'].map((c) => Type.Literal(c)), { description: 'GA 24.4 vehicle type code' })),
  HasPlate: Type.Optional(Type.Literal('1', { description: 'present (as "1") when a plate was read' })),
  PlateClass: Type.Optional(Type.Union(['01', '02', '26', '27', '51', '52', '99'].map((c) => Type.Literal(c)), { description: 'GA 24.7 plate type code' })),
  PlateColor: Type.Optional(ColourCode),
  PlateNo: Type.Optional(Type.String({ minLength: 1, maxLength: 15 })),
  PlateReliability: Type.Optional(Type.String({ pattern: '^(100|[1-9]?[0-9])$', description: 'plate confidence, percent 0..100' })),
  Speed: Type.Optional(Type.Number({ minimum: 0, description: 'km/h' })),
  Direction: Type.Optional(Type.Union(['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((c) => Type.Literal(c)), { description: 'HDirectionType code' })),
  StorageUrl1: Type.Optional(Type.String({ minLength: 1, description: 'close-up picture (the best crop)' })),
  StorageUrl2: Type.Optional(Type.String({ minLength: 1, description: 'plate picture' })),
  StorageUrl3: Type.Optional(Type.String({ minLength: 1, description: 'distant view (the frame)' })),
  SubImageList: Type.Optional(SubImageList),
}, { additionalProperties: false });

export const Gat1400NonMotorVehicleSchema = Type.Object({
  NonMotorVehicleID: objectId('03'),
  ...common,
  AppearTime: Time14,
  DisappearTime: Time14,
  VehicleColor: ColourCode,
  Speed: Type.Optional(Type.Number({ minimum: 0, description: 'km/h' })),
  SubImageList: Type.Optional(SubImageList),
}, { additionalProperties: false });

export const Gat1400PersonSchema = Type.Object({
  PersonID: objectId('01'),
  ...common,
  PersonAppearTime: Time14,
  PersonDisAppearTime: Time14,
  CoatColor: Type.Optional(ColourCode),
  TrousersColor: Type.Optional(ColourCode),
  SubImageList: Type.Optional(SubImageList),
}, { additionalProperties: false });

/** One export: the three list envelopes, each present (possibly empty). */
export const Gat1400DocumentSchema = Type.Object({
  MotorVehicleListObject: Type.Object({ MotorVehicleObject: Type.Array(Gat1400MotorVehicleSchema) }, { additionalProperties: false }),
  NonMotorVehicleListObject: Type.Object({ NonMotorVehicleObject: Type.Array(Gat1400NonMotorVehicleSchema) }, { additionalProperties: false }),
  PersonListObject: Type.Object({ PersonObject: Type.Array(Gat1400PersonSchema) }, { additionalProperties: false }),
}, { additionalProperties: false, $id: 'https://sharpeye.invalid/schemas/gat1400-document.json', description: 'GA/T 1400 objects exported by sharpeye (subset of GA/T 1400.3)' });

export type Gat1400SubImageInfo = Static<typeof Gat1400SubImageInfoSchema>;
export type Gat1400MotorVehicle = Static<typeof Gat1400MotorVehicleSchema>;
export type Gat1400NonMotorVehicle = Static<typeof Gat1400NonMotorVehicleSchema>;
export type Gat1400Person = Static<typeof Gat1400PersonSchema>;
export type Gat1400Document = Static<typeof Gat1400DocumentSchema>;
